// 系统管理 → 用户: search, filter, create (one-time password), edit roles and unit, account operations, grants.
import { DownOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Dropdown, Form, Input, Modal, Select, Space, Tag, TreeSelect, Typography } from 'antd';
import { useRef, useState } from 'react';
import type { AdminUser, AdminUserDetail, TemporaryPassword, UserCreated } from '../../../../shared/admin.dto.ts';
import { ROLES } from '../../../../shared/roles.ts';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { t, useLang } from '../../app/i18n';

import { RoleTag, roleLabel } from './shared';
import { usePlaces } from '../../components/places';
import { fmtTime } from '../../app/format';
import { AddButton, FormModal, required } from '../../components/FormParts';
import { ListPage, optionsOf, selectFilter } from '../../components/ListPage';
import { adminKeys } from './api';

interface UserForm {
  username?: string;
  displayName: string;
  unitCode: string;
  roles: string[];
  phone?: string;
}

function UserFormModal({ user, open, onClose }: { user?: AdminUser; open: boolean; onClose: (tempPassword?: { username: string; password: string }) => void }) {
  const { options } = usePlaces();
  const qc = useQueryClient();
  // The one-time password of a new user, shown once the modal has closed.
  const temp = useRef<{ username: string; password: string }>(undefined);
  const save = async (v: UserForm) => {
    const res: AdminUserDetail | UserCreated = user
      ? await api.put<AdminUserDetail>(`/api/admin/users/${user.id}`, {
          displayName: v.displayName,
          unitCode: v.unitCode,
          roles: v.roles,
          phone: v.phone || null,
        })
      : await api.post<UserCreated>('/api/admin/users', { ...v, phone: v.phone || null });
    qc.invalidateQueries({ queryKey: adminKeys.users });
    temp.current = 'temporaryPassword' in res && res.temporaryPassword ? { username: v.username ?? '', password: res.temporaryPassword } : undefined;
  };
  return (
    <FormModal<UserForm>
      open={open}
      title={user ? t(`编辑用户 ${user.username}`, `Edit ${user.username}`) : t('新建用户', 'New user')}
      onSubmit={save}
      onClose={() => {
        onClose(temp.current);
        temp.current = undefined;
      }}
      initialValues={user ? { displayName: user.displayName, unitCode: user.unitCode, roles: user.roles, phone: user.phone ?? undefined } : { roles: [] }}
    >
      {user ? null : (
        <Form.Item name="username" label={t('用户名', 'User name')} rules={[required()]} extra={t('小写字母、数字和 . _ -', 'a-z, 0-9, . _ -')}>
          <Input autoComplete="off" />
        </Form.Item>
      )}
      <Form.Item name="displayName" label={t('姓名', 'Name')} rules={[required()]}>
        <Input />
      </Form.Item>
      <Form.Item name="unitCode" label={t('所属单位', 'Unit')} rules={[required(true)]}>
        <TreeSelect treeData={options} showSearch treeNodeFilterProp="title" placeholder={t('选择镇街、村社区或部门', 'Town, village or department')} />
      </Form.Item>
      <Form.Item name="roles" label={t('角色', 'Roles')} rules={[{ required: true, message: t('至少选择一个角色', 'Pick at least one role') }]}>
        <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: `${roleLabel(r)}（${r}）` }))} optionFilterProp="label" />
      </Form.Item>
      <Form.Item name="phone" label={t('手机号', 'Phone')}>
        <Input />
      </Form.Item>
    </FormModal>
  );
}

function GrantsModal({ user, onClose }: { user: AdminUser; onClose: () => void }) {
  const { options } = usePlaces();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const detail = useQuery({ queryKey: adminKeys.user(user.id), queryFn: () => api.get<AdminUserDetail>(`/api/admin/users/${user.id}`) });
  const [value, setValue] = useState<string[] | undefined>();
  const save = useMutation({
    mutationFn: (unitCodes: string[]) => api.put(`/api/admin/users/${user.id}/grants`, { unitCodes }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: adminKeys.users });
      message.success(t('已保存', 'Saved'));
      onClose();
    },
    onError: (e) => message.error(e.message),
  });
  const current = value ?? detail.data?.grants.map((g) => g.code) ?? [];
  return (
    <Modal
      open
      title={t(`额外管辖范围 · ${user.displayName}`, `Extra jurisdictions · ${user.displayName}`)}
      onOk={() => save.mutate(current)}
      onCancel={onClose}
      confirmLoading={save.isPending}
    >
      <Typography.Paragraph type="secondary">
        {t(
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
  const { options } = usePlaces();
  const [editing, setEditing] = useState<AdminUser | 'new' | undefined>();
  const [granting, setGranting] = useState<AdminUser | undefined>();

  const showPassword = (title: string, username: string, password: string) =>
    modal.success({
      title,
      width: 460,
      content: (
        <Space direction="vertical">
          <span>
            {t(
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
    mutationFn: ({ user, action }: { user: AdminUser; action: string }): Promise<TemporaryPassword | AdminUserDetail> =>
      action === 'reset-password'
        ? api.post<TemporaryPassword>(`/api/admin/users/${user.id}/reset-password`)
        : api.post<AdminUserDetail>(`/api/admin/users/${user.id}/${action}`),
    onSuccess: (res, { user }) => {
      qc.invalidateQueries({ queryKey: adminKeys.users });
      if ('temporaryPassword' in res) showPassword(t('密码已重置', 'Password reset'), user.username, res.temporaryPassword);
      else message.success(t('操作成功', 'Done'));
    },
    onError: (e) => message.error(e.message),
  });

  const confirm = (user: AdminUser, action: string, text: string) =>
    modal.confirm({ title: text, content: `${user.displayName}（${user.username}）`, onOk: () => act.mutateAsync({ user, action }) });

  const statuses = [
    { value: 'active', label: t('正常', 'Active') },
    { value: 'disabled', label: t('已停用', 'Disabled') },
    { value: 'locked', label: t('已锁定', 'Locked') },
  ];
  return (
    <>
      <ListPage<AdminUser>
        title={t('用户管理', 'Users')}
        extra={<AddButton onClick={() => setEditing('new')}>{t('新建用户', 'New user')}</AddButton>}
        filters={[
          { kind: 'search', key: 'q', placeholder: t('用户名、姓名或手机号', 'Name, user name or phone'), width: 240 },
          { kind: 'tree', key: 'unit', placeholder: t('所属单位', 'Unit'), treeData: options, width: 220 },
          selectFilter('role', t('角色', 'Role'), optionsOf(ROLES, roleLabel), { width: 180 }),
          selectFilter('status', t('状态', 'Status'), statuses, { width: 120 }),
        ]}
        url="/api/admin/users"
        queryKey={adminKeys.users}
        total={(n) => t(`共 ${n} 人`, `${n} users`)}
        empty={{ text: t('还没有用户', 'No users yet') }}
        columns={[
          { title: t('用户名', 'User name'), dataIndex: 'username' },
          { title: t('姓名', 'Name'), dataIndex: 'displayName' },
          { title: t('所属单位', 'Unit'), dataIndex: 'unitName' },
          {
            title: t('角色', 'Roles'),
            dataIndex: 'roles',
            render: (roles: string[]) => roles.map((r) => <RoleTag key={r} role={r} />),
          },
          {
            title: t('状态', 'Status'),
            render: (_, u) => (
              <Space size={4} wrap>
                {u.disabled ? <Tag color="default">{t('已停用', 'Disabled')}</Tag> : <Tag color="green">{t('正常', 'Active')}</Tag>}
                {u.locked ? <Tag color="red">{t('已锁定', 'Locked')}</Tag> : null}
                {u.mustChangePassword ? <Tag color="orange">{t('待改密', 'Must change password')}</Tag> : null}
                {u.totpEnabled ? <Tag color="blue">{t('已绑定验证器', 'TOTP')}</Tag> : null}
              </Space>
            ),
          },
          { title: t('创建时间', 'Created'), dataIndex: 'createdAt', render: fmtTime },
          {
            title: t('操作', 'Actions'),
            render: (_, u) => (
              <Space>
                <Button size="small" onClick={() => setEditing(u)}>
                  {t('编辑', 'Edit')}
                </Button>
                <Dropdown
                  menu={{
                    items: [
                      { key: 'reset-password', label: t('重置密码', 'Reset password') },
                      u.disabled
                        ? { key: 'enable', label: t('启用', 'Enable') }
                        : { key: 'disable', label: t('停用', 'Disable'), disabled: u.id === me?.id, danger: true },
                      { key: 'unlock', label: t('解除锁定', 'Unlock'), disabled: !u.locked },
                      { key: 'revoke-sessions', label: t('强制下线', 'End sessions') },
                      { key: 'reset-totp', label: t('重置动态验证码', 'Reset TOTP'), disabled: !u.totpEnabled },
                      { key: 'grants', label: t('额外管辖范围', 'Extra jurisdictions') },
                    ],
                    onClick: ({ key }) => {
                      if (key === 'grants') setGranting(u);
                      else if (key === 'unlock' || key === 'enable') act.mutate({ user: u, action: key });
                      else
                        confirm(
                          u,
                          key,
                          {
                            'reset-password': t('重置该用户的密码？', 'Reset the password?'),
                            disable: t('停用该用户？其所有会话将被结束。', 'Disable this user? Their sessions end.'),
                            'revoke-sessions': t('结束该用户的所有会话？', 'End all of their sessions?'),
                            'reset-totp': t('重置动态验证码？用户下次登录须重新绑定。', 'Reset TOTP? They must bind again at next sign-in.'),
                          }[key] ?? key,
                        );
                    },
                  }}
                >
                  <Button size="small">
                    {t('更多', 'More')} <DownOutlined />
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
          if (temp) showPassword(t('用户已创建', 'User created'), temp.username, temp.password);
        }}
      />
      {granting ? <GrantsModal user={granting} onClose={() => setGranting(undefined)} /> : null}
    </>
  );
}
