// 系统管理: users, org tree and departments, role/permission matrix, API tokens.
import { Segmented, Space } from 'antd';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { t, useLang } from '../../app/i18n';
import { OrgPage, RolesPage, TokensPage } from './OrgPages';
import { UsersPage } from './UsersPage';

export default function AdminModule() {
  useLang();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const tabs = [
    { value: 'users', label: t('用户', 'Users') },
    { value: 'org', label: t('组织机构', 'Organisation') },
    { value: 'roles', label: t('角色权限', 'Roles') },
    { value: 'tokens', label: t('API 令牌', 'API tokens') },
  ];
  const current = tabs.find((t) => pathname.startsWith(`/admin/${t.value}`))?.value ?? 'users';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Segmented options={tabs} value={current} onChange={(v) => navigate(`/admin/${v}`)} />
      <Routes>
        <Route index element={<Navigate to="users" replace />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="org" element={<OrgPage />} />
        <Route path="roles" element={<RolesPage />} />
        <Route path="tokens" element={<TokensPage />} />
        <Route path="*" element={<Navigate to="users" replace />} />
      </Routes>
    </Space>
  );
}
