// 裁量基准 and the 首违不罚 / 不予 / 从轻 / 减轻 lists: published data (行政处罚法 §34) an administrator keeps.
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Flex, Input, InputNumber, Select, Switch } from 'antd';
import { useState } from 'react';
import { DISCRETION_LEVELS, LENIENCY_KINDS, PARTY_KINDS } from '../../../../shared/cases.ts';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { t } from '../../app/i18n';
import { Field, FieldRow, FormModal, PlainTable, required } from '../../components/FormParts';
import { caseKeys, type Discretion, fenOf, type Leniency, useDiscretion, useLeniency } from './api';
import { rangeOf } from './Parties';
import { LevelTag, leniencyLabel, levelLabel, partyKindLabel } from './shared';

type DiscretionValues = Omit<Discretion, 'id' | 'minFen' | 'maxFen'> & { minYuan?: number; maxYuan?: number };

export function Standards() {
  const { can } = useAuth();
  const edit = can('enforcement:standard');
  const qc = useQueryClient();
  const discretion = useDiscretion();
  const leniency = useLeniency();
  const [editing, setEditing] = useState<Discretion | 'new'>();
  const [editingL, setEditingL] = useState<Leniency | 'new'>();
  const saveD = async (v: DiscretionValues) => {
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
    if (editing === 'new') await api.post('/api/cases/discretion', body);
    else if (editing) await api.put(`/api/cases/discretion/${editing.id}`, body);
    await qc.invalidateQueries({ queryKey: caseKeys.discretion });
  };
  const saveL = async (v: Omit<Leniency, 'id'>) => {
    if (editingL === 'new') await api.post('/api/cases/leniency', v);
    else if (editingL) await api.put(`/api/cases/leniency/${editingL.id}`, v);
    await qc.invalidateQueries({ queryKey: caseKeys.leniency });
  };
  return (
    <Flex vertical gap={12}>
      <Card
        title={t('行政处罚裁量基准', 'Discretion standard')}
        extra={
          edit && (
            <Button icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('新增', 'Add')}
            </Button>
          )
        }
      >
        <PlainTable<Discretion>
          rowKey="id"
          loading={discretion.isLoading}
          dataSource={discretion.data?.items}
          columns={[
            { title: t('处罚依据', 'Article'), dataIndex: 'article', width: 170 },
            { title: t('违法行为', 'Violation'), dataIndex: 'violation' },
            { title: t('当事人', 'Party'), dataIndex: 'partyKind', width: 70, render: partyKindLabel },
            { title: t('裁量等级', 'Level'), dataIndex: 'level', width: 80, render: (v) => <LevelTag value={v} /> },
            { title: t('处罚幅度', 'Range'), dataIndex: 'minFen', width: 180, render: (_v, d) => rangeOf(d) },
            { title: t('适用情形', 'Circumstances'), dataIndex: 'circumstances' },
            { title: t('启用', 'Active'), dataIndex: 'active', width: 60, render: (v) => (v ? t('是', 'Yes') : t('否', 'No')) },
            ...(edit
              ? [
                  {
                    title: '',
                    dataIndex: 'id',
                    width: 70,
                    render: (_v: string, d: Discretion) => (
                      <Button size="small" onClick={() => setEditing(d)}>
                        {t('编辑', 'Edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card
        title={t('首违不罚、不予处罚、从轻减轻处罚清单', 'Leniency lists')}
        extra={
          edit && (
            <Button icon={<PlusOutlined />} onClick={() => setEditingL('new')}>
              {t('新增', 'Add')}
            </Button>
          )
        }
      >
        <PlainTable<Leniency>
          rowKey="id"
          dataSource={leniency.data?.items}
          columns={[
            { title: t('清单', 'List'), dataIndex: 'kind', width: 100, render: leniencyLabel },
            { title: t('依据', 'Basis'), dataIndex: 'article', width: 200 },
            { title: t('内容', 'Description'), dataIndex: 'description' },
            { title: t('适用条件', 'Conditions'), dataIndex: 'conditions' },
            ...(edit
              ? [
                  {
                    title: '',
                    dataIndex: 'id',
                    width: 70,
                    render: (_v: string, l: Leniency) => (
                      <Button size="small" onClick={() => setEditingL(l)}>
                        {t('编辑', 'Edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {editing && (
        <FormModal<DiscretionValues>
          title={t('裁量基准', 'Discretion row')}
          onClose={() => setEditing(undefined)}
          onSubmit={saveD}
          initialValues={
            editing === 'new'
              ? { partyKind: 'unit', level: 'general', active: true }
              : {
                  ...editing,
                  minYuan: editing.minFen === null ? undefined : editing.minFen / 100,
                  maxYuan: editing.maxFen === null ? undefined : editing.maxFen / 100,
                }
          }
        >
          <FieldRow>
            <Field span={12} name="article" label={t('处罚依据', 'Article')} rules={[required()]}>
              <Input />
            </Field>
            <Field span={6} name="partyKind" label={t('当事人', 'Party')} rules={[required(true)]}>
              <Select options={PARTY_KINDS.map((k) => ({ value: k, label: partyKindLabel(k) }))} />
            </Field>
            <Field span={6} name="level" label={t('裁量等级', 'Level')} rules={[required(true)]}>
              <Select options={DISCRETION_LEVELS.map((k) => ({ value: k, label: levelLabel(k) }))} />
            </Field>
            <Field span={24} name="violation" label={t('违法行为', 'Violation')} rules={[required()]}>
              <Input />
            </Field>
            <Field span={6} name="minYuan" label={t('最低（元）', 'Min (yuan)')}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Field>
            <Field span={6} name="maxYuan" label={t('最高（元）', 'Max (yuan)')}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Field>
            <Field span={6} name="minPercent" label={t('或收入下限（%）', 'Min %')}>
              <InputNumber min={0} max={100} style={{ width: '100%' }} />
            </Field>
            <Field span={6} name="maxPercent" label={t('收入上限（%）', 'Max %')}>
              <InputNumber min={0} max={100} style={{ width: '100%' }} />
            </Field>
            <Field span={20} name="circumstances" label={t('适用情形', 'Circumstances')}>
              <Input />
            </Field>
            <Field span={4} name="active" label={t('启用', 'Active')} valuePropName="checked">
              <Switch />
            </Field>
          </FieldRow>
        </FormModal>
      )}
      {editingL && (
        <FormModal<Omit<Leniency, 'id'>>
          title={t('清单条目', 'List entry')}
          onClose={() => setEditingL(undefined)}
          onSubmit={saveL}
          initialValues={editingL === 'new' ? { kind: 'first_offence', active: true } : editingL}
        >
          <FieldRow>
            <Field span={8} name="kind" label={t('清单', 'List')} rules={[required(true)]}>
              <Select options={LENIENCY_KINDS.map((k) => ({ value: k, label: leniencyLabel(k) }))} />
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
            <Field span={4} name="active" label={t('启用', 'Active')} valuePropName="checked">
              <Switch />
            </Field>
          </FieldRow>
        </FormModal>
      )}
    </Flex>
  );
}
