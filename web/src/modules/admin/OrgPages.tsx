// 系统管理 → 组织机构 (tree with user counts, departments renamed in place), 角色权限 (matrix), API 令牌.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Tag, Tree, TreeSelect, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { AdminUserPage, ApiToken, Department, RoleRow, TokenCreated, UserCounts } from '../../../../shared/admin.dto.ts';
import { grantable, permissionGroups, permissionsOf } from '../../../../shared/roles.ts';
import { api } from '../../app/api';
import { t, useLang } from '../../app/i18n';
import { Coded, PermissionTag, permissionLabel, resourceLabel, roleLabel } from './shared';
import { fmtTime } from '../../app/format';
import { ORG_TREE_KEY, type OrgNode, useOrgTree } from '../../components/places';
import { AddButton, FormModal, PlainTable, required } from '../../components/FormParts';
import { PageCard } from '../../components/PageCard';
import { adminKeys } from './api';

const KIND: Record<string, () => string> = {
  district: () => t('区', 'District'),
  town: () => t('镇街', 'Town'),
  village: () => t('村社区', 'Village'),
  department: () => t('部门', 'Department'),
};

export function OrgPage() {
  useLang();
  const tree = useOrgTree();
  const counts = useQuery({ queryKey: adminKeys.orgCounts, queryFn: () => api.get<UserCounts>('/api/admin/org/user-counts') });
  const departments = useQuery({ queryKey: adminKeys.departments, queryFn: () => api.get<Department[]>('/api/admin/departments') });
  const [editing, setEditing] = useState<Department | undefined>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const save = async (v: { name: string; shortName?: string }) => {
    await api.put(`/api/admin/departments/${editing?.code}`, { name: v.name, shortName: v.shortName || null });
    qc.invalidateQueries({ queryKey: adminKeys.departments });
    qc.invalidateQueries({ queryKey: ORG_TREE_KEY });
    message.success(t('已保存', 'Saved'));
  };

  const treeData = useMemo(() => {
    const c = counts.data ?? {};
    interface Node {
      key: string;
      title: string;
      children?: Node[];
    }
    const walk = (n: OrgNode): Node => ({
      key: n.code,
      title: `${n.name}（${KIND[n.kind]?.() ?? n.kind} · ${n.code}）${c[n.code] ? t(` · ${c[n.code]} 人`, ` · ${c[n.code]} users`) : ''}`,
      children: n.children.length ? n.children.filter((x) => x.kind !== 'department').map(walk) : undefined,
    });
    return (tree.data ?? []).map(walk);
  }, [tree.data, counts.data]);

  return (
    <Row gutter={16}>
      <Col xs={24} lg={10}>
        <Card title={t('辖区树', 'Jurisdictions')} loading={tree.isLoading}>
          {tree.data ? <Tree treeData={treeData} defaultExpandedKeys={[tree.data[0]?.code]} height={560} showLine /> : null}
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card title={t('部门', 'Departments')}>
          <PlainTable<Department>
            rowKey="code"
            query={departments}
            columns={[
              { title: t('代码', 'Code'), dataIndex: 'code', width: 110 },
              { title: t('名称', 'Name'), dataIndex: 'name' },
              { title: t('简称', 'Short name'), dataIndex: 'shortName' },
              { title: t('用户数', 'Users'), dataIndex: 'users', width: 80 },
              {
                title: t('操作', 'Actions'),
                width: 90,
                render: (_, d) => (
                  <Button size="small" onClick={() => setEditing(d)}>
                    {t('编辑', 'Edit')}
                  </Button>
                ),
              },
            ]}
          />
        </Card>
      </Col>
      {editing && (
        <FormModal<{ name: string; shortName?: string }>
          title={t('编辑部门', 'Edit department')}
          initialValues={{ name: editing.name, shortName: editing.shortName ?? undefined }}
          onSubmit={save}
          onClose={() => setEditing(undefined)}
        >
          <Form.Item name="name" label={t('名称', 'Name')} rules={[required()]}>
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item name="shortName" label={t('简称', 'Short name')}>
            <Input maxLength={32} />
          </Form.Item>
        </FormModal>
      )}
    </Row>
  );
}

export function RolesPage() {
  useLang();
  const roles = useQuery({ queryKey: adminKeys.roles, queryFn: () => api.get<RoleRow[]>('/api/admin/roles') });
  const perms = useMemo(() => {
    const all = new Set<string>();
    for (const r of roles.data ?? []) for (const p of r.permissions) if (p !== '*:*') all.add(p);
    for (const p of ['user:read', 'user:write', 'org:write', 'token:write', 'audit:read', 'audit:export']) all.add(p);
    return [...all].sort();
  }, [roles.data]);
  const has = (r: RoleRow, p: string) => {
    const [res, act] = p.split(':');
    return r.permissions.some((x) => x === p || x === '*:*' || x === `${res}:*` || x === `*:${act}`);
  };
  return (
    <PageCard title={t('角色与权限', 'Roles and permissions')} loading={roles.isLoading}>
      <Typography.Paragraph type="secondary">
        {t(
          '权限由角色决定（资源·操作，代码为 资源:操作）。标记“须双因素”的角色登录时须使用动态验证码。',
          'Permissions come from roles (resource:action). Roles marked MFA sign in with a TOTP code.',
        )}
      </Typography.Paragraph>
      <PlainTable
        rowKey="p"
        scroll={{ x: 'max-content', y: 600 }}
        dataSource={perms.map((p) => ({ p }))}
        columns={[
          { title: t('权限', 'Permission'), dataIndex: 'p', fixed: 'left', width: 190, render: (p: string) => <Coded name={permissionLabel(p)} code={p} /> },
          ...(roles.data ?? []).map((r) => ({
            title: (
              <Space direction="vertical" size={0} style={{ textAlign: 'center' }}>
                <span>{t(r.labelZh, r.labelEn)}</span>
                <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                  {r.key}
                </Typography.Text>
                {r.mfaRequired ? <Tag color="blue">{t('须双因素', 'MFA')}</Tag> : null}
              </Space>
            ),
            key: r.key,
            align: 'center' as const,
            render: (_: unknown, row: { p: string }) =>
              has(r, row.p) ? <span style={{ color: '#389e0d' }}>✔</span> : <span style={{ color: '#d9d9d9' }}>—</span>,
          })),
        ]}
      />
    </PageCard>
  );
}

export function TokensPage() {
  useLang();
  const qc = useQueryClient();
  const { modal, message } = App.useApp();
  const tokens = useQuery({ queryKey: adminKeys.tokens, queryFn: () => api.get<ApiToken[]>('/api/admin/tokens') });
  const [creating, setCreating] = useState(false);
  const [userSearch, setUserSearch] = useState('');
  const [chosen, setChosen] = useState<AdminUserPage['items'][number]>();
  const users = useQuery({
    queryKey: adminKeys.userSearch(userSearch),
    queryFn: () => api.get<AdminUserPage>(`/api/admin/users?pageSize=50${userSearch ? `&q=${encodeURIComponent(userSearch)}` : ''}`),
    enabled: creating,
  });
  const create = async (v: { userId: string; name: string; scopes: string[]; days?: number }) => {
    const res = await api.post<TokenCreated>('/api/admin/tokens', { ...v, days: v.days ?? undefined });
    qc.invalidateQueries({ queryKey: adminKeys.tokens });
    modal.success({
      title: t('令牌已创建', 'Token created'),
      width: 560,
      content: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="warning" showIcon title={t('令牌只显示这一次，请立即复制保存。', 'The token is shown only once: copy it now.')} />
          <Typography.Text code copyable data-testid="token-secret" style={{ wordBreak: 'break-all' }}>
            {res.secret}
          </Typography.Text>
          <Typography.Text type="secondary">{t('调用时使用请求头：Authorization: Bearer <令牌>', 'Send it as: Authorization: Bearer <token>')}</Typography.Text>
        </Space>
      ),
    });
  };
  const revoke = useMutation({
    mutationFn: (id: string) => api.post(`/api/admin/tokens/${id}/revoke`),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: adminKeys.tokens });
      message.success(t('已吊销', 'Revoked'));
    },
  });
  return (
    <PageCard title={t('API 令牌', 'API tokens')} extra={<AddButton onClick={() => setCreating(true)}>{t('新建令牌', 'New token')}</AddButton>}>
      <Typography.Paragraph type="secondary">
        {t(
          '供传感器网关、气象数据接口和脚本等机器客户端使用。令牌以所属用户的身份和管辖范围访问，且只能使用所列权限；不能修改密码、绑定验证器或管理令牌。',
          'For machine clients (sensor gateways, the weather feed, scripts). A token acts as its user, limited to the permissions listed.',
        )}
      </Typography.Paragraph>
      <PlainTable<ApiToken>
        query={tokens}
        empty={t('还没有令牌：为传感器网关等机器客户端点“新建令牌”', 'No tokens yet: create one for a machine client')}
        columns={[
          { title: t('名称', 'Name'), dataIndex: 'name' },
          { title: t('所属用户', 'User'), render: (_, r) => `${r.displayName}（${r.username}）` },
          {
            title: t('权限范围', 'Scopes'),
            dataIndex: 'scopes',
            render: (s: string[]) =>
              s.length ? s.map((x) => <PermissionTag key={x} permission={x} />) : <Tag color="red">{t('无（请重新创建）', 'none (re-issue it)')}</Tag>,
          },
          { title: t('创建时间', 'Created'), dataIndex: 'createdAt', render: fmtTime },
          { title: t('到期', 'Expires'), dataIndex: 'expiresAt', render: fmtTime },
          { title: t('最近使用', 'Last used'), dataIndex: 'lastUsedAt', render: fmtTime },
          {
            title: t('状态', 'Status'),
            render: (_, r) =>
              r.active ? <Tag color="green">{t('有效', 'Active')}</Tag> : <Tag>{r.revokedAt ? t('已吊销', 'Revoked') : t('已过期', 'Expired')}</Tag>,
          },
          {
            title: t('操作', 'Actions'),
            render: (_, r) =>
              r.active ? (
                <Button
                  size="small"
                  danger
                  onClick={() => modal.confirm({ title: t(`吊销令牌“${r.name}”？`, `Revoke "${r.name}"?`), onOk: () => revoke.mutateAsync(r.id) })}
                >
                  {t('吊销', 'Revoke')}
                </Button>
              ) : null,
          },
        ]}
      />
      <FormModal<{ userId: string; name: string; scopes: string[]; days?: number }>
        open={creating}
        title={t('新建 API 令牌', 'New API token')}
        okText={t('创建', 'Create')}
        onSubmit={create}
        onClose={() => setCreating(false)}
      >
        <Form.Item name="userId" label={t('所属用户', 'User')} rules={[{ required: true, message: t('请选择用户', 'Required') }]}>
          <Select
            showSearch
            filterOption={false}
            onSearch={setUserSearch}
            onChange={(id: string) => setChosen(users.data?.items.find((u) => u.id === id))}
            options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}） ${u.roles.map(roleLabel).join('、')}` }))}
          />
        </Form.Item>
        <Form.Item name="name" label={t('用途', 'Purpose')} rules={[{ required: true, message: t('请填写用途', 'Required') }]}>
          <Input placeholder={t('如：石碶街道传感器网关', 'e.g. sensor gateway')} maxLength={64} />
        </Form.Item>
        <Form.Item noStyle dependencies={['userId']}>
          {({ getFieldValue }) => {
            // The user as chosen (the search list may since have changed): their roles bound the scopes.
            const user = chosen?.id === getFieldValue('userId') ? chosen : undefined;
            const held = grantable(permissionsOf(user?.roles ?? [])).filter((p) => !p.startsWith('token:'));
            return (
              <Form.Item
                name="scopes"
                label={t('权限范围（只列所属用户具有的权限）', 'Scopes (only permissions the user holds)')}
                rules={[{ required: true, message: t('至少选择一项权限', 'Choose at least one') }]}
              >
                <TreeSelect
                  treeCheckable
                  showSearch
                  listHeight={400}
                  showCheckedStrategy={TreeSelect.SHOW_CHILD}
                  disabled={!user}
                  placeholder={user ? t('勾选令牌可用的权限', 'Tick what the token may do') : t('请先选择所属用户', 'Choose the user first')}
                  treeNodeFilterProp="title"
                  treeDefaultExpandAll
                  treeData={permissionGroups(held).map((g) => ({
                    value: `group:${g.resource}`,
                    title: resourceLabel(g.resource),
                    children: g.permissions.map((p) => ({ value: p, title: `${permissionLabel(p)}（${p}）` })),
                  }))}
                />
              </Form.Item>
            );
          }}
        </Form.Item>
        <Form.Item name="days" label={t('有效天数（留空 = 不过期）', 'Valid for days (empty = no expiry)')}>
          <InputNumber min={1} max={3650} style={{ width: '100%' }} />
        </Form.Item>
      </FormModal>
    </PageCard>
  );
}
