// 裁量基准 and the 首违不罚 / 不予 / 从轻 / 减轻 lists: published data (行政处罚法 §34) an administrator keeps.
// Both are the same part: a card with a table, 新增 and 编辑 opening one modal form (EditableList).
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Flex, Input, Select } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type ReactNode, useState } from 'react';
import { DISCRETION_LEVEL_LABELS, DISCRETION_LEVELS, LENIENCY_KINDS, LENIENCY_LABELS, PARTY_KIND_LABELS, PARTY_KINDS } from '../../../../shared/cases.ts';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { t } from '../../app/i18n';
import { AddButton, Field, FieldRow, FormModal, NumberField, PlainTable, type RowsQuery, required, SwitchField } from '../../components/FormParts';
import { labelOptions } from '../../components/LabelTag';
import { caseKeys, type Discretion, fenOf, type Leniency, useDiscretion, useLeniency } from './api';
import { rangeOf } from './Parties';
import { LevelTag, leniencyLabel, partyKindLabel } from './shared';

type DiscretionValues = Omit<Discretion, 'id' | 'minFen' | 'maxFen'> & { minYuan?: number; maxYuan?: number };
type LeniencyValues = Omit<Leniency, 'id'>;

/**
 * A list an administrator keeps: its rows in a table, 新增 in the header and 编辑 on each row (for those who may
 * edit), both opening the same modal form; `save` gets the row edited, or undefined for a new one.
 */
function EditableList<T extends { id: string }, V extends object>(props: {
  title: string;
  formTitle: string;
  query: RowsQuery<T>;
  columns: ColumnsType<T>;
  edit: boolean;
  blank: Partial<V>;
  valuesOf: (row: T) => Partial<V>;
  save: (row: T | undefined, values: V) => Promise<unknown>;
  fields: ReactNode;
}) {
  const [editing, setEditing] = useState<T | 'new'>();
  const editColumn: ColumnsType<T> = [
    {
      title: '',
      dataIndex: 'id',
      width: 70,
      render: (_v: string, row: T) => (
        <Button size="small" onClick={() => setEditing(row)}>
          {t('编辑', 'Edit')}
        </Button>
      ),
    },
  ];
  return (
    <Card
      title={props.title}
      extra={
        <AddButton show={props.edit} onClick={() => setEditing('new')}>
          {t('新增', 'Add')}
        </AddButton>
      }
    >
      <PlainTable<T> rowKey="id" query={props.query} columns={props.edit ? [...props.columns, ...editColumn] : props.columns} />
      {editing && (
        <FormModal<V>
          title={props.formTitle}
          onClose={() => setEditing(undefined)}
          onSubmit={(v) => props.save(editing === 'new' ? undefined : editing, v)}
          initialValues={editing === 'new' ? props.blank : props.valuesOf(editing)}
        >
          <FieldRow>{props.fields}</FieldRow>
        </FormModal>
      )}
    </Card>
  );
}

const yuanOf = (fen: number | null) => (fen === null ? undefined : fen / 100);

export function Standards() {
  const { can } = useAuth();
  const edit = can('enforcement:standard');
  const qc = useQueryClient();
  const discretion = useDiscretion();
  const leniency = useLeniency();
  const saveDiscretion = async (row: Discretion | undefined, v: DiscretionValues) => {
    const body = {
      article: v.article,
      violation: v.violation,
      partyKind: v.partyKind,
      level: v.level,
      minFen: fenOf(v.minYuan),
      maxFen: fenOf(v.maxYuan),
      minPercent: v.minPercent ?? undefined,
      maxPercent: v.maxPercent ?? undefined,
      circumstances: v.circumstances || undefined,
      active: v.active,
    };
    await (row ? api.put(`/api/cases/discretion/${row.id}`, body) : api.post('/api/cases/discretion', body));
    await qc.invalidateQueries({ queryKey: caseKeys.discretion });
  };
  const saveLeniency = async (row: Leniency | undefined, v: LeniencyValues) => {
    await (row ? api.put(`/api/cases/leniency/${row.id}`, v) : api.post('/api/cases/leniency', v));
    await qc.invalidateQueries({ queryKey: caseKeys.leniency });
  };
  return (
    <Flex vertical gap={12}>
      <EditableList<Discretion, DiscretionValues>
        title={t('行政处罚裁量基准', 'Discretion standard')}
        formTitle={t('裁量基准', 'Discretion row')}
        query={discretion}
        edit={edit}
        blank={{ partyKind: 'unit', level: 'general', active: true }}
        valuesOf={(d) => ({ ...d, minYuan: yuanOf(d.minFen), maxYuan: yuanOf(d.maxFen) })}
        save={saveDiscretion}
        columns={[
          { title: t('处罚依据', 'Article'), dataIndex: 'article', width: 170 },
          { title: t('违法行为', 'Violation'), dataIndex: 'violation' },
          { title: t('当事人', 'Party'), dataIndex: 'partyKind', width: 70, render: partyKindLabel },
          { title: t('裁量等级', 'Level'), dataIndex: 'level', width: 80, render: (v) => <LevelTag value={v} /> },
          { title: t('处罚幅度', 'Range'), dataIndex: 'minFen', width: 180, render: (_v, d) => rangeOf(d) },
          { title: t('适用情形', 'Circumstances'), dataIndex: 'circumstances' },
          { title: t('启用', 'Active'), dataIndex: 'active', width: 60, render: (v) => (v ? t('是', 'Yes') : t('否', 'No')) },
        ]}
        fields={
          <>
            <Field span={12} name="article" label={t('处罚依据', 'Article')} rules={[required()]}>
              <Input />
            </Field>
            <Field span={6} name="partyKind" label={t('当事人', 'Party')} rules={[required(true)]}>
              <Select options={labelOptions(PARTY_KINDS, PARTY_KIND_LABELS)} />
            </Field>
            <Field span={6} name="level" label={t('裁量等级', 'Level')} rules={[required(true)]}>
              <Select options={labelOptions(DISCRETION_LEVELS, DISCRETION_LEVEL_LABELS)} />
            </Field>
            <Field span={24} name="violation" label={t('违法行为', 'Violation')} rules={[required()]}>
              <Input />
            </Field>
            <NumberField span={6} name="minYuan" label={t('最低（元）', 'Min (yuan)')} />
            <NumberField span={6} name="maxYuan" label={t('最高（元）', 'Max (yuan)')} />
            <NumberField span={6} name="minPercent" label={t('或收入下限（%）', 'Min %')} max={100} />
            <NumberField span={6} name="maxPercent" label={t('收入上限（%）', 'Max %')} max={100} />
            <Field span={20} name="circumstances" label={t('适用情形', 'Circumstances')}>
              <Input />
            </Field>
            <SwitchField span={4} name="active" label={t('启用', 'Active')} />
          </>
        }
      />
      <EditableList<Leniency, LeniencyValues>
        title={t('首违不罚、不予处罚、从轻减轻处罚清单', 'Leniency lists')}
        formTitle={t('清单条目', 'List entry')}
        query={leniency}
        edit={edit}
        blank={{ kind: 'first_offence', active: true }}
        valuesOf={(l) => l}
        save={saveLeniency}
        columns={[
          { title: t('清单', 'List'), dataIndex: 'kind', width: 100, render: leniencyLabel },
          { title: t('依据', 'Basis'), dataIndex: 'article', width: 200 },
          { title: t('内容', 'Description'), dataIndex: 'description' },
          { title: t('适用条件', 'Conditions'), dataIndex: 'conditions' },
        ]}
        fields={
          <>
            <Field span={8} name="kind" label={t('清单', 'List')} rules={[required(true)]}>
              <Select options={labelOptions(LENIENCY_KINDS, LENIENCY_LABELS)} />
            </Field>
            <Field span={16} name="article" label={t('依据', 'Basis')} rules={[required()]}>
              <Input />
            </Field>
            <Field span={24} name="description" label={t('内容', 'Description')} rules={[required()]}>
              <Input.TextArea rows={2} />
            </Field>
            <Field span={20} name="conditions" label={t('适用条件', 'Conditions')}>
              <Input />
            </Field>
            <SwitchField span={4} name="active" label={t('启用', 'Active')} />
          </>
        }
      />
    </Flex>
  );
}
