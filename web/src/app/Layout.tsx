// Signed-in frame: brand header, side menu built from MODULES, breadcrumb, and the page outlet. Below 768 px
// (antd's md breakpoint) the side menu becomes a drawer opened from the header, and the header keeps to one
// line (the full name and the user's unit are dropped, the actions become icons).
import { GlobalOutlined, HomeOutlined, KeyOutlined, LogoutOutlined, MenuOutlined, QuestionCircleOutlined, UserOutlined } from '@ant-design/icons';
import { Layout as AntLayout, App as AntApp, Breadcrumb, Button, Drawer, Flex, Menu, type MenuProps, Modal, Space, Typography, theme } from 'antd';
import { useState } from 'react';
import { PasswordChangeForm } from '../modules/admin/AccountSecurity';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useIsPhone } from '../components/PageCard';
import { useAuth } from './auth';
import { appFullName, appName, getLang, setLang, useT } from './i18n';
import { MODULES, type ModuleEntry } from './modules';

const HEADER_BG = '#16407a';

export function moduleLabel(m: ModuleEntry): string {
  return getLang() === 'en' ? m.labelEn : m.labelZh;
}

export function AppLayout() {
  const t = useT();
  const { me, can, logout } = useAuth();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { token } = theme.useToken();
  const [collapsed, setCollapsed] = useState(false);
  const [changingPassword, setChangingPassword] = useState(false);
  const [drawer, setDrawer] = useState(false);
  const { message } = AntApp.useApp();
  const phone = useIsPhone();

  const visible = MODULES.filter((m) => can(m.permission));
  const item = (m: ModuleEntry) => ({
    key: m.path,
    icon: m.icon,
    label: <Link to={m.path}>{moduleLabel(m)}</Link>,
  });
  const system = visible.filter((m) => m.system);
  const items: MenuProps['items'] = [
    {
      key: '/',
      icon: <HomeOutlined />,
      label: <Link to="/">{t('首页', 'Home')}</Link>,
    },
    ...visible.filter((m) => !m.system).map(item),
    ...(system.length ? [{ type: 'divider' as const }, ...system.map(item)] : []),
  ];
  const current = MODULES.find((m) => pathname === m.path || pathname.startsWith(`${m.path}/`));
  const headerActions = [
    { label: t('帮助', 'Help'), icon: <QuestionCircleOutlined />, onClick: () => navigate('/help') },
    { label: t('English', '中文'), icon: <GlobalOutlined />, onClick: () => setLang(getLang() === 'zh' ? 'en' : 'zh') },
    { label: t('修改密码', 'Change password'), icon: <KeyOutlined />, onClick: () => setChangingPassword(true) },
    { label: t('退出登录', 'Sign out'), icon: <LogoutOutlined />, onClick: () => logout().then(() => navigate('/login')) },
  ];
  const menu = (
    <Menu mode="inline" selectedKeys={[current?.path ?? pathname]} items={items} style={{ borderInlineEnd: 'none' }} onClick={() => setDrawer(false)} />
  );

  return (
    <AntLayout style={{ minHeight: '100vh' }}>
      <AntLayout.Header
        style={{
          background: HEADER_BG,
          paddingInline: phone ? 8 : 20,
          height: 56,
          lineHeight: '56px',
        }}
      >
        <Flex justify="space-between" align="center" gap={8} style={{ height: '100%', flexWrap: 'nowrap', overflow: 'hidden' }}>
          <Flex align="center" gap={4} style={{ minWidth: 0 }}>
            {phone && (
              <Button
                type="text"
                aria-label={t('菜单', 'Menu')}
                data-testid="menu-toggle"
                icon={<MenuOutlined />}
                style={{ color: '#fff' }}
                onClick={() => setDrawer(true)}
              />
            )}
            <Link
              to="/"
              style={{
                color: '#fff',
                display: 'flex',
                alignItems: 'baseline',
                gap: 12,
                whiteSpace: 'nowrap',
                minWidth: 0,
              }}
            >
              <span style={{ fontSize: 20, fontWeight: 600, letterSpacing: 2 }}>{appName()}</span>
              {!phone && <span style={{ fontSize: 14, opacity: 0.85 }}>{appFullName()}</span>}
            </Link>
          </Flex>
          <Space size={phone ? 0 : 'middle'} style={{ color: '#fff', whiteSpace: 'nowrap', flexShrink: 0 }}>
            <span data-testid="current-user" title={me?.unitName ?? undefined}>
              <UserOutlined /> {me?.displayName}
              {!phone && me?.unitName ? <span style={{ opacity: 0.75 }}> · {me.unitName}</span> : null}
            </span>
            {headerActions.map((a) => (
              <Button key={a.label} type="text" size="small" icon={a.icon} aria-label={a.label} style={{ color: '#fff' }} onClick={a.onClick}>
                {phone ? null : a.label}
              </Button>
            ))}
          </Space>
        </Flex>
      </AntLayout.Header>
      <Modal open={changingPassword} title={t('修改密码', 'Change password')} footer={null} destroyOnHidden onCancel={() => setChangingPassword(false)}>
        <PasswordChangeForm
          onDone={() => {
            setChangingPassword(false);
            message.success(t('密码已修改', 'Password changed'));
          }}
        />
      </Modal>
      <AntLayout>
        {phone ? (
          <Drawer
            open={drawer}
            placement="left"
            size={240}
            title={appName()}
            onClose={() => setDrawer(false)}
            styles={{ body: { padding: 0 } }}
            rootClassName="anlan-nav-drawer"
          >
            {menu}
          </Drawer>
        ) : (
          <AntLayout.Sider
            width={200}
            collapsible
            collapsed={collapsed}
            onCollapse={setCollapsed}
            theme="light"
            style={{ borderRight: `1px solid ${token.colorBorderSecondary}` }}
          >
            {menu}
          </AntLayout.Sider>
        )}
        <AntLayout.Content style={{ padding: phone ? '8px 8px 16px' : '12px 20px 24px', minWidth: 0 }}>
          <Breadcrumb
            style={{ marginBottom: 12 }}
            items={[{ title: <Link to="/">{t('首页', 'Home')}</Link> }, ...(current ? [{ title: moduleLabel(current) }] : [])]}
          />
          <Outlet />
          <Typography.Paragraph
            type="secondary"
            style={{
              textAlign: 'center',
              marginTop: 24,
              marginBottom: 0,
              fontSize: 12,
            }}
          >
            {appName()} · {appFullName()}
          </Typography.Paragraph>
        </AntLayout.Content>
      </AntLayout>
    </AntLayout>
  );
}
