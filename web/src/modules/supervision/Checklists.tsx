// 检查表: the list (by topic), one checklist's versions and items; a draft takes items from the criteria
// catalogue (判定标准, a failure is a major hazard) or free items, and is published to freeze it.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Input, Modal, Select, Space, Switch, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { Checklist, ChecklistDetail, ChecklistItem } from '../../../../shared/supervision.dto.ts';
import { CHECKLIST_TOPIC_NAMES, CHECKLIST_TOPICS } from '../../../../shared/supervision.ts';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { pick, t } from '../../app/i18n';
import { Field, FieldRow, FormModal, PlainTable, required } from '../../components/FormParts';
import { LabelTag } from '../../components/LabelTag';
import { type FilterSpec, type ListColumn, linkColumn, ListPage } from '../../components/ListPage';
import { PageCard, RecordView } from '../../components/PageCard';
import { useClauses } from '../hazards/api';
import { rowsUrl, supervisionKeys } from './api';
import { pickVersion, rowActions, VersionBar } from './shared';

const topicOptions = () => CHECKLIST_TOPICS.map((k) => ({ value: k, label: pick(CHECKLIST_TOPIC_NAMES[k]) }));

function ChecklistForm({ row, onClose }: { row?: Checklist; onClose: () => void }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return (
    <FormModal<Record<string, unknown>>
      title={row ? t('修改检查表', 'Edit checklist') : t('新建检查表', 'New checklist')}
      onClose={onClose}
      initialValues={row ?? { topic: 'industry_trade' }}
      onSubmit={async (v) => {
        const body = { name: v.name, topic: v.topic, industry: v.industry || undefined, description: v.description || undefined };
        const saved = row
          ? await api.put<ChecklistDetail>(`/api/supervision/checklists/${row.id}`, body)
          : await api.post<ChecklistDetail>('/api/supervision/checklists', body);
        await qc.invalidateQueries({ queryKey: supervisionKeys.all });
        if (!row) navigate(`/supervision/checklists/${saved.id}`);
      }}
    >
      <FieldRow>
        <Field name="name" label={t('检查表名称', 'Name')} rules={[required()]}>
          <Input maxLength={100} />
        </Field>
        <Field span={12} name="topic" label={t('行业/专题', 'Topic')} rules={[required(true)]}>
          <Select options={topicOptions()} />
        </Field>
        <Field span={12} name="industry" label={t('适用行业', 'Industry')}>
          <Input maxLength={100} />
        </Field>
        <Field name="description" label={t('说明', 'Description')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Field>
      </FieldRow>
    </FormModal>
  );
}

export function ChecklistsPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const filters: FilterSpec[] = [
    { kind: 'search', key: 'q', placeholder: t('搜索名称或行业', 'Search name or industry') },
    { kind: 'select', key: 'topic', placeholder: t('行业/专题', 'Topic'), multiple: true, options: topicOptions() },
  ];
  const columns: ListColumn<Checklist>[] = [
    linkColumn(t('检查表', 'Checklist'), 'name', (r) => `/supervision/checklists/${r.id}`, { card: 'title' }),
    { title: t('行业/专题', 'Topic'), dataIndex: 'topic', width: 150, render: (v: string) => <LabelTag labels={CHECKLIST_TOPIC_NAMES} value={v} /> },
    { title: t('适用行业', 'Industry'), dataIndex: 'industry', width: 200 },
    { title: t('现行版本', 'In force'), dataIndex: 'currentNumber', width: 110, render: (n: number | null) => (n ? t(`第 ${n} 版`, `v${n}`) : '—') },
    { title: t('施行日期', 'Effective'), dataIndex: 'effectiveFrom', width: 120 },
    {
      title: t('草稿', 'Draft'),
      dataIndex: 'draftVersionId',
      width: 90,
      render: (v: string | null) => (v ? <Tag color="gold">{t('编辑中', 'Draft')}</Tag> : ''),
    },
  ];
  return (
    <>
      <ListPage<Checklist>
        title={t('检查表', 'Checklists')}
        url="/api/supervision/checklists"
        queryKey={supervisionKeys.checklists}
        filters={filters}
        columns={columns}
        settingsKey="supervision.checklists"
        onRow={(r) => ({ onClick: () => navigate(`/supervision/checklists/${r.id}`), style: { cursor: 'pointer' } })}
        extra={
          can('inspection:lists') && (
            <Button type="primary" onClick={() => setCreating(true)}>
              {t('新建检查表', 'New checklist')}
            </Button>
          )
        }
        empty={{ text: t('还没有检查表：点“新建检查表”', 'No checklists yet') }}
      />
      {creating && <ChecklistForm onClose={() => setCreating(false)} />}
    </>
  );
}

function ItemForm({ versionId, row, onClose }: { versionId: string; row?: ChecklistItem; onClose: () => void }) {
  const qc = useQueryClient();
  return (
    <FormModal<{ content: string; basis?: string; method?: string; major?: boolean }>
      title={row ? t('修改检查项', 'Edit item') : t('新增检查项', 'Add item')}
      width={640}
      onClose={onClose}
      initialValues={row ? { ...row, basis: row.basis ?? undefined, method: row.method ?? undefined } : { major: false, method: '现场检查' }}
      onSubmit={async (v) => {
        const body = { content: v.content, basis: v.basis || undefined, method: v.method || undefined, major: !!v.major };
        if (row) await api.put(`/api/supervision/checklists/rows/${row.id}`, body);
        else await api.post(rowsUrl('checklist', versionId), body);
        await qc.invalidateQueries({ queryKey: supervisionKeys.all });
      }}
    >
      <Field name="content" label={t('检查内容', 'Content')} rules={[required()]}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Field>
      <Field name="basis" label={t('检查依据', 'Basis')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Field>
      <Field name="method" label={t('检查方式', 'Method')}>
        <Input maxLength={300} />
      </Field>
      <Field name="major" label={t('不符合即为重大事故隐患', 'A failure is a major hazard')} valuePropName="checked">
        <Switch />
      </Field>
    </FormModal>
  );
}

/** Pick clauses of the criteria catalogue to add as items. */
function CriteriaPicker({ versionId, onClose }: { versionId: string; onClose: () => void }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const clauses = useClauses();
  const [ids, setIds] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={t('从判定标准加入检查项', 'Add items from the criteria')}
      width={760}
      okText={t('加入', 'Add')}
      cancelText={t('取消', 'Cancel')}
      okButtonProps={{ disabled: ids.length === 0 }}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => {
        setBusy(true);
        api
          .post(`/api/supervision/checklists/versions/${versionId}/from-criteria`, { clauseIds: ids })
          .then(async () => {
            await qc.invalidateQueries({ queryKey: supervisionKeys.all });
            onClose();
          })
          .catch((e: Error) => message.error(e.message))
          .finally(() => setBusy(false));
      }}
    >
      <PlainTable
        loading={clauses.isLoading}
        dataSource={clauses.data?.items}
        rowSelection={{ selectedRowKeys: ids, onChange: (k) => setIds(k as string[]) }}
        scroll={{ y: 420, x: 'max-content' }}
        columns={[
          { title: t('编号', 'No.'), dataIndex: 'number', width: 120 },
          { title: t('标准', 'Standard'), dataIndex: 'standardName', width: 200 },
          { title: t('条文', 'Text'), dataIndex: 'text' },
        ]}
      />
    </Modal>
  );
}

export function ChecklistDetailPage() {
  const { id = '' } = useParams();
  const { can } = useAuth();
  const q = useQuery({ queryKey: supervisionKeys.checklist(id), queryFn: () => api.get<ChecklistDetail>(`/api/supervision/checklists/${id}`) });
  const [chosen, setChosen] = useState<string | null>(null);
  const [editing, setEditing] = useState<ChecklistItem | 'new'>();
  const [picking, setPicking] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const editor = can('inspection:lists');
  const version = q.data ? pickVersion(q.data.versions, chosen, editor) : undefined;
  const items = useQuery({
    queryKey: supervisionKeys.rows('checklist', version?.id ?? ''),
    queryFn: () => api.get<{ items: ChecklistItem[] }>(rowsUrl('checklist', version?.id ?? '')),
    enabled: !!version,
  });
  const draft = version?.status === 'draft' && editor;
  return (
    <RecordView query={q} notFound={t('检查表不存在', 'Checklist not found')}>
      {(c) => (
        <PageCard
          title={c.name}
          tags={<LabelTag labels={CHECKLIST_TOPIC_NAMES} value={c.topic} />}
          extra={editor && <Button onClick={() => setRenaming(true)}>{t('修改名称/类别', 'Edit')}</Button>}
        >
          <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small" style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('适用行业', 'Industry')}>{c.industry ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('现行版本', 'In force')}>
              {c.currentNumber ? t(`第 ${c.currentNumber} 版（${c.effectiveFrom ?? ''} 起）`, `v${c.currentNumber}`) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('说明', 'Description')}>{c.description ?? '—'}</Descriptions.Item>
          </Descriptions>
          <VersionBar kind="checklist" version={version} versions={c.versions} onSelect={setChosen} draftUrl={`/api/supervision/checklists/${c.id}/versions`} />
          {draft && (
            <Space wrap style={{ marginBottom: 12 }}>
              <Button type="primary" onClick={() => setPicking(true)}>
                {t('从判定标准加入', 'From criteria')}
              </Button>
              <Button onClick={() => setEditing('new')}>{t('新增检查项', 'Add item')}</Button>
            </Space>
          )}
          <PlainTable<ChecklistItem>
            loading={items.isLoading}
            dataSource={items.data?.items}
            empty={draft ? t('还没有检查项：从判定标准加入或新增', 'No items yet') : t('暂无检查项', 'No items')}
            columns={[
              { title: t('序号', 'No.'), key: 'n', width: 60, render: (_: unknown, _r, i) => i + 1 },
              { title: t('检查内容', 'Content'), dataIndex: 'content' },
              { title: t('检查依据', 'Basis'), dataIndex: 'basis', width: 260 },
              { title: t('检查方式', 'Method'), dataIndex: 'method', width: 140 },
              {
                title: t('重大隐患', 'Major'),
                dataIndex: 'major',
                width: 100,
                render: (m: boolean, r) => (
                  <Space size={4}>
                    {m ? <Tag color="red">{t('是', 'Yes')}</Tag> : <Tag>{t('否', 'No')}</Tag>}
                    {r.clauseId && <Tag color="blue">{t('判定标准', 'Criteria')}</Tag>}
                  </Space>
                ),
              },
              ...rowActions<ChecklistItem>(draft, setEditing, (r) => `/api/supervision/checklists/rows/${r.id}`),
            ]}
          />
          {editing && version && <ItemForm versionId={version.id} row={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />}
          {picking && version && <CriteriaPicker versionId={version.id} onClose={() => setPicking(false)} />}
          {renaming && <ChecklistForm row={c} onClose={() => setRenaming(false)} />}
        </PageCard>
      )}
    </RecordView>
  );
}
