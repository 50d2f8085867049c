// 系统管理: users, org tree and departments, role/permission matrix, API tokens.
import { t } from '../../app/i18n';
import { type ModulePageList, ModulePages } from '../../components/ModulePages';
import { OrgPage, RolesPage, TokensPage } from './OrgPages';
import { UsersPage } from './UsersPage';

const pages: ModulePageList = () => [
  { path: 'users', tab: t('用户', 'Users'), element: <UsersPage /> },
  { path: 'org', tab: t('组织机构', 'Organisation'), element: <OrgPage /> },
  { path: 'roles', tab: t('角色权限', 'Roles'), element: <RolesPage /> },
  { path: 'tokens', tab: t('API 令牌', 'API tokens'), element: <TokensPage /> },
];

export default function AdminModule() {
  return <ModulePages base="/admin" home="users" pages={pages} />;
}
