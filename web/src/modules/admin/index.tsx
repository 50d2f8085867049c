// 系统管理: users, org tree and departments, role/permission matrix, API tokens.
import { Space } from 'antd';
import { Navigate, Route, Routes } from 'react-router';
import { t, useLang } from '../../app/i18n';
import { ModuleTabs } from '../../components/FormParts';
import { OrgPage, RolesPage, TokensPage } from './OrgPages';
import { UsersPage } from './UsersPage';

export default function AdminModule() {
  useLang();
  const tabs = [
    { value: 'users', label: t('用户', 'Users') },
    { value: 'org', label: t('组织机构', 'Organisation') },
    { value: 'roles', label: t('角色权限', 'Roles') },
    { value: 'tokens', label: t('API 令牌', 'API tokens') },
  ];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <ModuleTabs base="/admin" tabs={tabs} />
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
