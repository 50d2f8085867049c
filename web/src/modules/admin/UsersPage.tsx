// 系统管理 → 用户: search, filter, create (one-time password), edit roles and unit, account operations, grants.
import { DownOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Dropdown, Form, Input, Modal, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { useState } from 'react';
import { ROLES } from '../../../../shared/roles.ts';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { useLang } from '../../app/i18n';
import { fieldErrors } from './AccountSecurity';
import { fmtTime, L, roleLabel, useOrgOptions } from './shared';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  unitCode: string;
  unitName: string;
  roles: string[];
  phone: string | null;
  disabled: boolean;
  locked: boolean;
  lockedUntil: string | null;
  totpEnabled: boolean;
  mustChangePassword: boolean;
  passwordChangedAt: string | null;
  createdAt: string;
}

interface UserDetail extends UserView {
  grants: { code: string; name: string }[];
  activeSessions: number;
}

interface Filters {
  q?: string;
  unit?: string;
  role?: string;
  status?: string;
  page: number;
  pageSize: number;
}

const toQuery = (f: object) =>
  new URLSearchParams(
    Object.entries(f)
      .filter(([, v]) => v !== undefined && v !== '' && v !== null)
      .map(([k, v]) => [k, String(v)]),
  ).toString();

interface UserForm {
  username?: string;
  displayName: string;
  unitCode: string;
  roles: string[];
  phone?: string;
}

function UserFormModal({ user, open, onClose }: { user?: UserView; open: boolean; onClose: (tempPassword?: { username: string; password: string }) => void }) {
  const [form] = Form.useForm<UserForm>();
  const { options } = useOrgOptions();
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (v: UserForm): Promise<unknown> =>
      user
        ? api.put<UserView>(`/api/admin/users/${user.id}`, { displayName: v.displayName, unitCode: v.unitCode, roles: v.roles, phone: v.phone || null })
        : api.post<{ user: UserView; temporaryPassword?: string }>('/api/admin/users', { ...v, phone: v.phone || null }),
    onSuccess: (res, v) => {
      qc.invalidateQueries({ queryKey: ['admin', 'users'] });
      form.resetFields();
      const temp = (res as { temporaryPassword?: string }).temporaryPassword;
      onClose(temp ? { username: v.username ?? '', password: temp } : undefined);
    },
    onError: (e) => form.setFields(fieldErrors(e) as Parameters<typeof form.setFields>[0]),
  });
  return (
    <Modal
      open={open}
      title={user ? L(`编辑用户 ${user.username}`, `Edit ${user.username}`) : L('新建用户', 'New user')}
      okText={L('保存', 'Save')}
      cancelText={L('取消', 'Cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={() => onClose()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={user ? { displayName: user.displayName, unitCode: user.unitCode, roles: user.roles, phone: user.phone ?? undefined } : { roles: [] }}
        onFinish={(v) => save.mutate(v)}
      >
        {user ? null : (
          <Form.Item
            name="username"
            label={L('用户名', 'User name')}
            rules={[{ required: true, message: L('请填写用户名', 'Required') }]}
            extra={L('小写字母、数字和 . _ -', 'a-z, 0-9, . _ -')}
          >
            <Input autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item name="displayName" label={L('姓名', 'Name')} rules={[{ required: true, message: L('请填写姓名', 'Required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="unitCode" label={L('所属单位', 'Unit')} rules={[{ required: true, message: L('请选择所属单位', 'Required') }]}>
          <TreeSelect treeData={options} showSearch treeNodeFilterProp="title" placeholder={L('选择镇街、村社区或部门', 'Town, village or department')} />
        </Form.Item>
        <Form.Item name="roles" label={L('角色', 'Roles')} rules={[{ required: true, message: L('至少选择一个角色', 'Pick at least one role') }]}>
          <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} optionFilterProp="label" />
        </Form.Item>
        <Form.Item name="phone" label={L('手机号', 'Phone')}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function GrantsModal({ user, onClose }: { user: UserView; onClose: () => void }) {
  const { options } = useOrgOptions();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const detail = useQuery({ queryKey: ['admin', 'users', user.id], queryFn: () => api.get<UserDetail>(`/api/admin/users/${user.id}`) });
  const [value, setValue] = useState<string[] | undefined>();
  const save = useMutation({
    mutationFn: (unitCodes: string[]) => api.put(`/api/admin/users/${user.id}/grants`, { unitCodes }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['admin', 'users'] });
      message.success(L('已保存', 'Saved'));
      onClose();
    },
    onError: (e) => message.error(e.message),
  });
  const current = value ?? detail.data?.grants.map((g) => g.code) ?? [];
  return (
    <Modal
      open
      title={L(`额外管辖范围 · ${user.displayName}`, `Extra jurisdictions · ${user.displayName}`)}
      onOk={() => save.mutate(current)}
      onCancel={onClose}
      confirmLoading={save.isPending}
    >
      <Typography.Paragraph type="secondary">
        {L(
          `默认可见范围：${user.unitName} 及其下级。可在此额外授权其他镇街或村社区。`,
          `By default the user sees ${user.unitName} and below. Grant more towns or villages here.`,
        )}
      </Typography.Paragraph>
      <TreeSelect
        style={{ width: '100%' }}
        treeData={options}
        multiple
        showSearch
        treeNodeFilterProp="title"
        value={current}
        onChange={(v) => setValue(v as string[])}
        loading={detail.isLoading}
      />
    </Modal>
  );
}

export function UsersPage() {
  useLang();
  const { me } = useAuth();
  const { modal, message } = App.useApp();
  const qc = useQueryClient();
  const { options } = useOrgOptions();
  const [filters, setFilters] = useState<Filters>({ page: 1, pageSize: 20 });
  const [editing, setEditing] = useState<UserView | 'new' | undefined>();
  const [granting, setGranting] = useState<UserView | undefined>();
  const list = useQuery({
    queryKey: ['admin', 'users', filters],
    queryFn: () => api.get<{ items: UserView[]; total: number }>(`/api/admin/users?${toQuery(filters)}`),
    placeholderData: keepPreviousData,
  });

  const showPassword = (title: string, username: string, password: string) =>
    modal.success({
      title,
      width: 460,
      content: (
        <Space direction="vertical">
          <span>
            {L(
              `用户 ${username} 的一次性临时密码（仅显示这一次，用户首次登录时须修改）：`,
              `One-time password for ${username} (shown once; must be changed at first sign-in):`,
            )}
          </span>
          <Typography.Text code copyable data-testid="temp-password" style={{ fontSize: 18 }}>
            {password}
          </Typography.Text>
        </Space>
      ),
    });

  const act = useMutation({
    mutationFn: ({ user, action }: { user: UserView; action: string }): Promise<unknown> =>
      action === 'reset-password'
        ? api.post<{ temporaryPassword: string }>(`/api/admin/users/${user.id}/reset-password`)
        : api.post<UserView>(`/api/admin/users/${user.id}/${action}`),
    onSuccess: (res, { user, action }) => {
      qc.invalidateQueries({ queryKey: ['admin', 'users'] });
      if (action === 'reset-password') showPassword(L('密码已重置', 'Password reset'), user.username, (res as { temporaryPassword: string }).temporaryPassword);
      else message.success(L('操作成功', 'Done'));
    },
    onError: (e) => message.error(e.message),
  });

  const confirm = (user: UserView, action: string, text: string) =>
    modal.confirm({ title: text, content: `${user.displayName}（${user.username}）`, onOk: () => act.mutateAsync({ user, action }) });

  return (
    <Card
      title={L('用户管理', 'Users')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {L('新建用户', 'New user')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={L('用户名、姓名或手机号', 'Name, user name or phone')}
          onSearch={(q) => setFilters((f) => ({ ...f, q: q || undefined, page: 1 }))}
          style={{ width: 240 }}
        />
        <TreeSelect
          allowClear
          showSearch
          treeNodeFilterProp="title"
          treeData={options}
          placeholder={L('所属单位', 'Unit')}
          style={{ width: 220 }}
          onChange={(unit) => setFilters((f) => ({ ...f, unit: unit || undefined, page: 1 }))}
        />
        <Select
          allowClear
          placeholder={L('角色', 'Role')}
          style={{ width: 180 }}
          options={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))}
          onChange={(role) => setFilters((f) => ({ ...f, role, page: 1 }))}
        />
        <Select
          allowClear
          placeholder={L('状态', 'Status')}
          style={{ width: 120 }}
          options={[
            { value: 'active', label: L('正常', 'Active') },
            { value: 'disabled', label: L('已停用', 'Disabled') },
            { value: 'locked', label: L('已锁定', 'Locked') },
          ]}
          onChange={(status) => setFilters((f) => ({ ...f, status, page: 1 }))}
        />
      </Space>
      <Table<UserView>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: list.data?.total,
          showTotal: (n) => L(`共 ${n} 人`, `${n} users`),
          onChange: (page, pageSize) => setFilters((f) => ({ ...f, page, pageSize })),
        }}
        columns={[
          { title: L('用户名', 'User name'), dataIndex: 'username' },
          { title: L('姓名', 'Name'), dataIndex: 'displayName' },
          { title: L('所属单位', 'Unit'), dataIndex: 'unitName' },
          {
            title: L('角色', 'Roles'),
            dataIndex: 'roles',
            render: (roles: string[]) => roles.map((r) => <Tag key={r}>{roleLabel(r)}</Tag>),
          },
          {
            title: L('状态', 'Status'),
            render: (_, u) => (
              <Space size={4} wrap>
                {u.disabled ? <Tag color="default">{L('已停用', 'Disabled')}</Tag> : <Tag color="green">{L('正常', 'Active')}</Tag>}
                {u.locked ? <Tag color="red">{L('已锁定', 'Locked')}</Tag> : null}
                {u.mustChangePassword ? <Tag color="orange">{L('待改密', 'Must change password')}</Tag> : null}
                {u.totpEnabled ? <Tag color="blue">{L('已绑定验证器', 'TOTP')}</Tag> : null}
              </Space>
            ),
          },
          { title: L('创建时间', 'Created'), dataIndex: 'createdAt', render: fmtTime },
          {
            title: L('操作', 'Actions'),
            render: (_, u) => (
              <Space>
                <Button size="small" onClick={() => setEditing(u)}>
                  {L('编辑', 'Edit')}
                </Button>
                <Dropdown
                  menu={{
                    items: [
                      { key: 'reset-password', label: L('重置密码', 'Reset password') },
                      u.disabled
                        ? { key: 'enable', label: L('启用', 'Enable') }
                        : { key: 'disable', label: L('停用', 'Disable'), disabled: u.id === me?.id, danger: true },
                      { key: 'unlock', label: L('解除锁定', 'Unlock'), disabled: !u.locked },
                      { key: 'revoke-sessions', label: L('强制下线', 'End sessions') },
                      { key: 'reset-totp', label: L('重置动态验证码', 'Reset TOTP'), disabled: !u.totpEnabled },
                      { key: 'grants', label: L('额外管辖范围', 'Extra jurisdictions') },
                    ],
                    onClick: ({ key }) => {
                      if (key === 'grants') setGranting(u);
                      else if (key === 'unlock' || key === 'enable') act.mutate({ user: u, action: key });
                      else
                        confirm(
                          u,
                          key,
                          {
                            'reset-password': L('重置该用户的密码？', 'Reset the password?'),
                            disable: L('停用该用户？其所有会话将被结束。', 'Disable this user? Their sessions end.'),
                            'revoke-sessions': L('结束该用户的所有会话？', 'End all of their sessions?'),
                            'reset-totp': L('重置动态验证码？用户下次登录须重新绑定。', 'Reset TOTP? They must bind again at next sign-in.'),
                          }[key] ?? key,
                        );
                    },
                  }}
                >
                  <Button size="small">
                    {L('更多', 'More')} <DownOutlined />
                  </Button>
                </Dropdown>
              </Space>
            ),
          },
        ]}
      />
      <UserFormModal
        open={editing !== undefined}
        user={editing === 'new' ? undefined : editing}
        onClose={(temp) => {
          setEditing(undefined);
          if (temp) showPassword(L('用户已创建', 'User created'), temp.username, temp.password);
        }}
      />
      {granting ? <GrantsModal user={granting} onClose={() => setGranting(undefined)} /> : null}
    </Card>
  );
}
