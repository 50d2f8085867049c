// Shared bits of the monitoring pages: tags and the alarm sound.
import { ALARM_STATE_LABELS, type AlarmState, SEVERITY_LABELS, type Severity } from '../../../../shared/monitoring.ts';
import { Form, type FormInstance, Modal, message } from 'antd';
import type { ReactNode } from 'react';
import { t } from '../../app/i18n';
import { applyFieldErrors } from '../../components/formErrors';
import { LabelTag } from '../../components/LabelTag';

export const SeverityTag = ({ s }: { s: Severity }) => <LabelTag labels={SEVERITY_LABELS} value={s} />;
export const StateTag = ({ s }: { s: AlarmState }) => <LabelTag labels={ALARM_STATE_LABELS} value={s} />;

/** A short beep through WebAudio (no audio file needed). Browsers allow it after the user interacted once. */
export function beep() {
  const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctx) return;
  const ctx = new Ctx();
  for (const [i, f] of [880, 660, 880].entries()) {
    const o = ctx.createOscillator();
    const g = ctx.createGain();
    o.frequency.value = f;
    o.connect(g).connect(ctx.destination);
    g.gain.setValueAtTime(0.15, ctx.currentTime + i * 0.2);
    o.start(ctx.currentTime + i * 0.2);
    o.stop(ctx.currentTime + i * 0.2 + 0.15);
  }
  setTimeout(() => void ctx.close(), 1000);
}

/**
 * A modal holding one vertical form, OK submitting it (the add/edit dialogs of devices, rules, duty and
 * alarms). Belongs in web/src/components next to ListPage; kept here until that folder's owner takes it.
 */
export function FormModal<V extends object>({
  open,
  title,
  onCancel,
  form,
  onFinish,
  loading,
  initialValues,
  okText,
  children,
}: {
  open: boolean;
  title: ReactNode;
  onCancel: () => void;
  form: FormInstance<V>;
  onFinish: (values: V) => void;
  loading?: boolean;
  initialValues?: Partial<V>;
  okText?: string;
  children: ReactNode;
}) {
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onCancel}
      onOk={() => form.submit()}
      confirmLoading={loading}
      okText={okText ?? t('保存', 'Save')}
      cancelText={t('取消', 'Cancel')}
    >
      <Form form={form} layout="vertical" initialValues={initialValues} onFinish={onFinish}>
        {children}
      </Form>
    </Modal>
  );
}

/** A mutation's onError for a form: the API's field errors under their inputs, anything else as a toast. */
export const formErrors = (form: FormInstance) => (e: unknown) => {
  const rest = applyFieldErrors(form, e);
  if (rest) message.error(rest);
};
