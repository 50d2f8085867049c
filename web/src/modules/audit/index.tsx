// 审计: the tamper-evident audit trail — filter, page, open a row (before/after diff), export to Excel, verify.
import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, AutoComplete, Button, Descriptions, Drawer, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { AuditDetail, AuditRow, AuditVerify } from '../../../../shared/admin.dto.ts';
import { api, download, toQuery } from '../../app/api';
import { useAuth } from '../../app/auth';
import { fmtTime } from '../../app/format';
import { t, useLang } from '../../app/i18n';
import { LabelTag } from '../../components/LabelTag';
import { ListPage } from '../../components/ListPage';
import { PlaceName } from '../../components/places';
import { auditKeys } from './api';

const ACTIONS: [string, string, string][] = [
  ['auth.login', '登录', 'Sign-in'],
  ['auth.lockout', '账号锁定', 'Lockout'],
  ['auth.logout', '退出登录', 'Sign-out'],
  ['auth.password.change', '修改密码', 'Password change'],
  ['auth.totp.enable', '绑定验证器', 'TOTP enrolment'],
  ['access.denied', '越权访问被拒', 'Access denied'],
  ['user.create', '新建用户', 'User created'],
  ['user.update', '修改用户', 'User edited'],
  ['user.disable', '停用用户', 'User disabled'],
  ['user.enable', '启用用户', 'User enabled'],
  ['user.unlock', '解除锁定', 'User unlocked'],
  ['user.password.reset', '重置密码', 'Password reset'],
  ['user.sessions.revoke', '强制下线', 'Sessions ended'],
  ['user.totp.reset', '重置验证器', 'TOTP reset'],
  ['user.grants.set', '调整管辖范围', 'Grants changed'],
  ['org.department.update', '修改部门', 'Department edited'],
  ['token.create', '新建令牌', 'Token created'],
  ['token.revoke', '吊销令牌', 'Token revoked'],
  ['audit.export', '导出审计', 'Audit export'],
];
const actionLabel = (a: string) => {
  const hit = ACTIONS.find(([k]) => k === a);
  return hit ? t(hit[1], hit[2]) : a;
};

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
            <Descriptions.Item label={t('用户', 'User')}>{r.username ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('单位', 'Unit')}>
              <PlaceName code={r.unitCode} />
            </Descriptions.Item>
            <Descriptions.Item label="IP">{r.ip ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('操作', 'Action')}>
              {actionLabel(r.action)} <Typography.Text code>{r.action}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('对象', 'Resource')}>
              {r.resourceType ?? '—'} {r.resourceId ? <Typography.Text code>{r.resourceId}</Typography.Text> : null}
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
              options={ACTIONS.map(([k, zh, en]) => ({ value: k, label: `${t(zh, en)}  ${k}` }))}
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
        { kind: 'search', key: 'resourceType', placeholder: t('对象类型（如 user）', 'Resource type (e.g. user)'), width: 200 },
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
        { title: t('用户', 'User'), dataIndex: 'username', render: (v) => v ?? t('系统', 'system') },
        { title: 'IP', dataIndex: 'ip', width: 130 },
        {
          title: t('操作', 'Action'),
          dataIndex: 'action',
          render: (a: string) => (
            <Space size={4}>
              <span>{actionLabel(a)}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {a}
              </Typography.Text>
            </Space>
          ),
        },
        {
          title: t('对象', 'Resource'),
          render: (_, r) => (r.resourceType ? `${r.resourceType}${r.resourceId ? ` · ${r.resourceId.slice(0, 13)}` : ''}` : '—'),
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
