// 审计: the tamper-evident audit trail — filter, page, open a row (before/after diff), export to Excel, verify.
import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, AutoComplete, Button, Descriptions, Drawer, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { AuditDetail, AuditRow, AuditVerify } from '../../../../shared/admin.dto.ts';
import { api, download, toQuery } from '../../app/api';
import { useAuth } from '../../app/auth';
import { fmtTime } from '../../app/format';
import { pick, t, useLang } from '../../app/i18n';
import { AUDIT_ACTION_LABELS, AUDIT_RESOURCE_LABELS, auditActionName, auditResourceName } from '../../../../shared/audit.ts';
import { LabelTag } from '../../components/LabelTag';
import { ListPage } from '../../components/ListPage';
import { PlaceName } from '../../components/places';
import { auditKeys } from './api';

const actionLabel = (a: string) => pick(auditActionName(a));
/** The resource as a person reads it: its type's name and its own name, the id only when it has none. */
const resourceText = (r: AuditRow) =>
  r.resourceType
    ? `${pick(auditResourceName(r.resourceType))}${r.resourceName ? ` · ${r.resourceName}` : r.resourceId ? ` · ${r.resourceId.slice(0, 8)}…` : ''}`
    : '—';
/** The actor: their name, the user name in brackets; 系统 for the system. */
const actorText = (r: AuditRow) => (r.actorName ? `${r.actorName}（${r.username ?? ''}）` : (r.username ?? t('系统', 'system')));

const OUTCOMES: Record<string, { zh: string; en: string; color: string }> = {
  success: { zh: '成功', en: 'Success', color: 'green' },
  denied: { zh: '拒绝', en: 'Denied', color: 'orange' },
  failure: { zh: '失败', en: 'Failure', color: 'red' },
};

const show = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/** Key-by-key comparison of before and after; changed keys are highlighted. */
function Diff({ before, after }: { before: unknown; after: unknown }) {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  if (!keys.length) return <Typography.Text type="secondary">{t('无字段变更', 'No field changes')}</Typography.Text>;
  return (
    <Table
      size="small"
      rowKey="k"
      pagination={false}
      dataSource={keys.map((k) => ({ k, b: b[k], a: a[k], changed: JSON.stringify(b[k]) !== JSON.stringify(a[k]) }))}
      columns={[
        { title: t('字段', 'Field'), dataIndex: 'k', width: 140 },
        {
          title: t('变更前', 'Before'),
          render: (_, r) => (
            <span style={r.changed ? { background: '#fff1f0', textDecoration: before ? 'line-through' : undefined } : undefined}>{show(r.b)}</span>
          ),
        },
        { title: t('变更后', 'After'), render: (_, r) => <span style={r.changed ? { background: '#f6ffed' } : undefined}>{show(r.a)}</span> },
      ]}
    />
  );
}

function RowDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const q = useQuery({ queryKey: auditKeys.row(id), queryFn: () => api.get<AuditDetail>(`/api/audit/${id}`) });
  const r = q.data;
  return (
    <Drawer open width={640} title={t(`审计记录 #${id}`, `Audit row #${id}`)} onClose={onClose} loading={q.isLoading}>
      {q.error ? <Alert type="error" showIcon title={q.error.message} /> : null}
      {r ? (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('时间', 'Time')}>{fmtTime(r.at)}</Descriptions.Item>
            <Descriptions.Item label={t('用户', 'User')}>{actorText(r)}</Descriptions.Item>
            <Descriptions.Item label={t('单位', 'Unit')}>
              <PlaceName code={r.unitCode} />
            </Descriptions.Item>
            <Descriptions.Item label="IP">{r.ip ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('操作', 'Action')}>
              {actionLabel(r.action)}{' '}
              <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                {r.action}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('对象', 'Resource')}>
              {resourceText(r)}{' '}
              {r.resourceId ? (
                <Typography.Text type="secondary" copyable style={{ fontSize: 11 }}>
                  {r.resourceId}
                </Typography.Text>
              ) : null}
            </Descriptions.Item>
            <Descriptions.Item label={t('结果', 'Outcome')}>
              <LabelTag labels={OUTCOMES} value={r.outcome} />
            </Descriptions.Item>
            {r.detail ? (
              <Descriptions.Item label={t('详情', 'Detail')}>
                <Typography.Text code style={{ wordBreak: 'break-all' }}>
                  {JSON.stringify(r.detail)}
                </Typography.Text>
              </Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('哈希', 'Hash')}>
              <Typography.Text code style={{ fontSize: 11, wordBreak: 'break-all' }}>
                {r.hash}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          <div>
            <Typography.Title level={5}>{t('变更前后对比', 'Before / after')}</Typography.Title>
            <Diff before={r.before} after={r.after} />
          </div>
        </Space>
      ) : null}
    </Drawer>
  );
}

export default function AuditModule() {
  useLang();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [open, setOpen] = useState<number | undefined>();
  const verify = useMutation({ mutationFn: () => api.get<AuditVerify>('/api/audit/verify') });

  return (
    <ListPage<AuditRow>
      title={t('审计记录', 'Audit trail')}
      extra={({ filters }) => (
        <Space>
          <Button icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()}>
            {t('校验防篡改链', 'Verify chain')}
          </Button>
          {can('audit:export') ? (
            <Button
              type="primary"
              icon={<DownloadOutlined />}
              onClick={() => download(`/api/audit/export${toQuery(filters)}`, '审计记录.xlsx').catch((e) => message.error(e.message))}
            >
              {t('导出 Excel', 'Export to Excel')}
            </Button>
          ) : null}
        </Space>
      )}
      filters={[
        { kind: 'range', key: 'from', to: 'to', showTime: true },
        { kind: 'search', key: 'user', placeholder: t('用户名', 'User name'), width: 160 },
        {
          kind: 'custom',
          key: 'action',
          render: (value, set) => (
            <AutoComplete
              key={value ?? ''}
              allowClear
              defaultValue={value}
              placeholder={t('操作（如 user.create 或 auth*）', 'Action (e.g. user.create or auth*)')}
              style={{ width: 260 }}
              options={Object.entries(AUDIT_ACTION_LABELS).map(([k, l]) => ({ value: k, label: `${pick(l)}  ${k}` }))}
              filterOption={(input, o) =>
                String(o?.label ?? '')
                  .toLowerCase()
                  .includes(input.toLowerCase())
              }
              onSelect={(action: string) => set(action)}
              onChange={(v: string) => {
                if (!v) set(undefined);
              }}
              onBlur={(e) => set((e.target as HTMLInputElement).value || undefined)}
            />
          ),
        },
        {
          kind: 'select',
          key: 'resourceType',
          placeholder: t('对象类型', 'Resource type'),
          width: 160,
          options: Object.entries(AUDIT_RESOURCE_LABELS).map(([value, l]) => ({ value, label: pick(l) })),
        },
        {
          kind: 'select',
          key: 'outcome',
          placeholder: t('结果', 'Outcome'),
          width: 110,
          options: Object.entries(OUTCOMES).map(([value, o]) => ({ value, label: t(o.zh, o.en) })),
        },
      ]}
      url="/api/audit"
      queryKey={auditKeys.list}
      rowKey="id"
      total={(n) => t(`共 ${n} 条`, `${n} rows`)}
      empty={{ text: t('还没有审计记录', 'No audit rows yet') }}
      onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
      columns={[
        { title: '#', dataIndex: 'id', width: 80 },
        { title: t('时间', 'Time'), dataIndex: 'at', width: 180, render: fmtTime },
        { title: t('用户', 'User'), dataIndex: 'username', render: (_, r) => actorText(r) },
        { title: 'IP', dataIndex: 'ip', width: 130 },
        {
          title: t('操作', 'Action'),
          dataIndex: 'action',
          render: (a: string) => (
            <Space size={4}>
              <span>{actionLabel(a)}</span>
              <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                {a}
              </Typography.Text>
            </Space>
          ),
        },
        {
          title: t('对象', 'Resource'),
          render: (_, r) => <span title={r.resourceId ?? undefined}>{resourceText(r)}</span>,
        },
        { title: t('结果', 'Outcome'), dataIndex: 'outcome', width: 90, render: (o: string) => <LabelTag labels={OUTCOMES} value={o} /> },
      ]}
    >
      {verify.data ? (
        <Alert
          style={{ marginBottom: 16 }}
          showIcon
          closable
          type={verify.data.ok ? 'success' : 'error'}
          title={
            verify.data.ok
              ? t(`哈希链完整：已校验 ${verify.data.checked} 条记录`, `Chain intact: ${verify.data.checked} rows checked`)
              : t(`哈希链在第 ${verify.data.brokenAt} 条记录处断开：记录可能被篡改`, `Chain broken at row ${verify.data.brokenAt}: ${verify.data.reason}`)
          }
        />
      ) : null}
      {verify.error ? <Alert style={{ marginBottom: 16 }} type="error" showIcon title={verify.error.message} /> : null}
      {open !== undefined ? <RowDrawer id={open} onClose={() => setOpen(undefined)} /> : null}
    </ListPage>
  );
}
