// Forms the same way everywhere: fields on a responsive grid (one column on a phone), a modal form that
// shows the API's field errors under their inputs, and a plain table for short lists that scrolls inside
// its card rather than widening the page.
import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Form,
  type FormInstance,
  type FormItemProps,
  Input,
  InputNumber,
  Modal,
  Row,
  Switch,
  Table,
  type TableProps,
  Upload,
  type UploadFile,
  type UploadProps,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import { useNavigate } from 'react-router';
import { endOfDay, isPastDay } from '../app/format';
import { t } from '../app/i18n';
import { applyFieldErrors } from './formErrors';

/** A required rule with the usual Chinese message (`请填写` / `请选择`). */
export const required = (pick = false) => ({ required: true, message: pick ? t('请选择', 'Required') : t('请填写', 'Required') });

/** A form field on the grid: `span` of 24 from md up, the whole row on a phone. */
export function Field({ span = 24, children, ...item }: FormItemProps & { span?: number; children: ReactNode }) {
  return (
    <Col xs={24} md={span}>
      <Form.Item {...item}>{children}</Form.Item>
    </Col>
  );
}

/** A number (an amount in yuan, a percentage, a count) the width of its Field; `min` is 0 unless given. */
export function NumberField({ min = 0, max, ...item }: FormItemProps & { span?: number; min?: number; max?: number }) {
  return (
    <Field {...item}>
      <InputNumber min={min} max={max} style={{ width: '100%' }} />
    </Field>
  );
}

/** A yes/no Field shown as a switch. */
export function SwitchField(item: FormItemProps & { span?: number }) {
  return (
    <Field valuePropName="checked" {...item}>
      <Switch />
    </Field>
  );
}

/** Date pickers, one Field each, from `[name, label]` pairs. */
export function DateFields({ fields, span = 12 }: { fields: readonly (readonly [string, string])[]; span?: number }) {
  return fields.map(([name, label]) => (
    <Field key={name} span={span} name={name} label={label}>
      <DatePicker style={{ width: '100%' }} />
    </Field>
  ));
}

/**
 * Plain text inputs, one form item each, from `[name, label, maxLength?]`, all with the same `rules`:
 * Form.Items of a vertical form, or with `span` Fields on the grid.
 */
export function TextItems({ fields, rules, span }: { fields: readonly (readonly [string, string, number?])[]; rules?: FormItemProps['rules']; span?: number }) {
  return fields.map(([name, label, maxLength]) =>
    span ? (
      <Field key={name} span={span} name={name} label={label} rules={rules}>
        <Input maxLength={maxLength} />
      </Field>
    ) : (
      <Form.Item key={name} name={name} label={label} rules={rules}>
        <Input maxLength={maxLength} />
      </Form.Item>
    ),
  );
}

/**
 * Photos chosen for a form, labelled and kept in the browser (never uploaded by the picker itself) until the
 * form sends them with `upload`; `children` is the pick button or tile.
 */
export function PhotoPicker({
  id,
  label,
  files,
  onChange,
  listType,
  max,
  children,
}: {
  id: string;
  label: string;
  files: UploadFile[];
  onChange: (files: UploadFile[]) => void;
  listType: UploadProps['listType'];
  max?: number;
  children: ReactNode;
}) {
  return (
    <Form.Item label={label} htmlFor={id}>
      <Upload
        id={id}
        listType={listType}
        multiple
        accept="image/*"
        maxCount={max}
        beforeUpload={() => false}
        fileList={files}
        onChange={({ fileList }) => onChange(fileList)}
      >
        {children}
      </Upload>
    </Form.Item>
  );
}

/**
 * A deadline is a day, not a moment: a date picker that does not offer past days (rectification, extension,
 * supervision deadlines). Send its value with `deadlineOf`: the end of the picked day in the district's zone.
 */
export function DeadlinePicker(props: { id?: string; value?: Dayjs; onChange?: (v: Dayjs | null) => void }) {
  return <DatePicker {...props} style={{ width: '100%' }} placeholder={t('选择日期', 'Pick a day')} disabledDate={(d) => isPastDay(d.format('YYYY-MM-DD'))} />;
}

/** A DeadlinePicker's value as the instant the API takes (end of that day, Asia/Shanghai). */
export const deadlineOf = (d: Dayjs | null | undefined) => (d ? endOfDay(d.format('YYYY-MM-DD')) : undefined);

/** The row the Fields sit in. */
export function FieldRow({ children, gutter = 12 }: { children: ReactNode; gutter?: number }) {
  return <Row gutter={gutter}>{children}</Row>;
}

/** An error the API's field list could not place on an input, shown above the form. */
export function FormError({ error, onClose }: { error?: string; onClose?: () => void }) {
  return error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} closable={!!onClose} onClose={onClose} /> : null;
}

/** Submitting a form: busy while saving, an ApiError's fields on their inputs and the rest as `error`. */
export function useSubmit<V>(form: FormInstance<V>, save: (values: V) => Promise<unknown>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const finish = async (v: V) => {
    setBusy(true);
    setError(undefined);
    try {
      await save(v);
    } catch (e) {
      setError(applyFieldErrors(form, e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, finish };
}

export interface FormModalProps<V> {
  open?: boolean;
  title: ReactNode;
  /** Saves; an ApiError's fields go under their inputs, the rest above the form. The modal closes on success. */
  onSubmit: (values: V) => Promise<unknown>;
  onClose: () => void;
  initialValues?: Partial<V>;
  children: ReactNode;
  width?: number;
  okText?: string;
  /** The form instance, when the caller reads or sets values itself. */
  form?: FormInstance<V>;
}

/** A modal with a vertical form: OK submits, errors stay in the modal, a fresh form each time it opens. */
export function FormModal<V extends object>({ open = true, title, onSubmit, onClose, initialValues, children, width, okText, form: given }: FormModalProps<V>) {
  const [own] = Form.useForm<V>();
  const form = given ?? own;
  const { busy, error, setError, finish } = useSubmit(form, async (v: V) => {
    await onSubmit(v);
    onClose();
  });
  return (
    <Modal
      open={open}
      title={title}
      width={width}
      okText={okText ?? t('保存', 'Save')}
      cancelText={t('取消', 'Cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <FormError error={error} onClose={() => setError(undefined)} />
      <Form<V> form={form} layout="vertical" preserve={false} initialValues={initialValues} onFinish={finish}>
        {children}
      </Form>
    </Modal>
  );
}

/**
 * A header's 新增/登记 button (primary, with a plus): opens `to` or runs `onClick`; nothing at all when
 * `show` is false (a permission the user lacks).
 */
export function AddButton({
  show = true,
  to,
  onClick,
  icon = <PlusOutlined />,
  plain,
  children,
}: {
  show?: boolean;
  to?: string;
  onClick?: () => void;
  icon?: ReactNode;
  /** A plain button without the icon (the same action offered again, as by an empty list). */
  plain?: boolean;
  children: ReactNode;
}) {
  const navigate = useNavigate();
  if (!show) return null;
  return (
    <Button type={plain ? 'default' : 'primary'} icon={plain ? undefined : icon} onClick={onClick ?? (() => to && navigate(to))}>
      {children}
    </Button>
  );
}

/** The query a PlainTable shows: its rows (a list, or a page's `items`) and whether they are still loading. */
export interface RowsQuery<T> {
  isLoading: boolean;
  data?: T[] | { items: T[] };
}

/**
 * A short list shown whole (no paging by default): small, scrolls inside its card, says `暂无` when empty.
 * `query` gives the rows and the loading state (explicit `dataSource` / `loading` win); rows are keyed by `id`
 * unless `rowKey` says otherwise (as ListTable's are).
 */
type PlainTableProps<T> = TableProps<T> & { empty?: ReactNode; query?: RowsQuery<T> };

export function PlainTable<T extends object>({ empty, query, ...props }: PlainTableProps<T>) {
  const rows = query && (Array.isArray(query.data) ? query.data : query.data?.items);
  return (
    <Table<T>
      size="small"
      pagination={false}
      scroll={{ x: 'max-content' }}
      loading={query?.isLoading}
      dataSource={rows}
      rowKey="id"
      {...props}
      locale={{ emptyText: empty ?? t('暂无', 'None'), ...props.locale }}
    />
  );
}

/** A short table in a small card of its own (a section of a record page, a breakdown of a preview). */
export function TableCard<T extends object>({ title, extra, ...table }: Omit<PlainTableProps<T>, 'title'> & { title: ReactNode; extra?: ReactNode }) {
  return (
    <Card size="small" title={title} extra={extra}>
      <PlainTable<T> {...table} />
    </Card>
  );
}

/**
 * A one-line form that adds a row to the table under it: the fields side by side, its button last, the API's
 * field errors under their inputs and the rest above; cleared once saved.
 */
export function InlineForm<V extends object>({
  form,
  initialValues,
  onSubmit,
  submitText,
  children,
}: {
  form: FormInstance<V>;
  initialValues?: Partial<V>;
  onSubmit: (values: V) => Promise<unknown>;
  submitText: string;
  children: ReactNode;
}) {
  const { busy, error, setError, finish } = useSubmit(form, async (v: V) => {
    await onSubmit(v);
    form.resetFields();
  });
  return (
    <>
      <FormError error={error} onClose={() => setError(undefined)} />
      <Form<V> form={form} layout="inline" initialValues={initialValues} onFinish={finish} style={{ marginBottom: 12, rowGap: 8 }}>
        {children}
        <Button htmlType="submit" loading={busy}>
          {submitText}
        </Button>
      </Form>
    </>
  );
}

export interface SaveFormProps<V> {
  form: FormInstance<V>;
  initialValues?: Partial<V>;
  /** Saves; an ApiError's fields go under their inputs, the rest above the form. */
  onSubmit: (values: V) => Promise<unknown>;
  onValuesChange?: (changed: Partial<V>) => void;
  /** The Fields (placed on one FieldRow). */
  children: ReactNode;
  /** Buttons after 保存 (取消 …). */
  buttons?: ReactNode;
}

/** A page or modal form with its own 保存 button: vertical, on the responsive grid, errors where they belong. */
export function SaveForm<V extends object>({ form, initialValues, onSubmit, onValuesChange, children, buttons }: SaveFormProps<V>) {
  const { busy, error, setError, finish } = useSubmit(form, onSubmit);
  return (
    <Form<V> form={form} layout="vertical" initialValues={initialValues} onValuesChange={onValuesChange} onFinish={finish}>
      <FormError error={error} onClose={() => setError(undefined)} />
      <FieldRow>{children}</FieldRow>
      <Flex gap={8} wrap>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('保存', 'Save')}
        </Button>
        {buttons}
      </Flex>
    </Form>
  );
}
