// Signed-in frame: brand header, side menu built from MODULES, breadcrumb, and the page outlet.
import { GlobalOutlined, HomeOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Layout as AntLayout, App as AntApp, Breadcrumb, Button, Flex, Menu, type MenuProps, Modal, Space, Typography, theme } from 'antd';
import { useState } from 'react';
import { PasswordChangeForm } from '../modules/admin/AccountSecurity';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth } from './auth';
import { getLang, setLang, useT } from './i18n';
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
  const { message } = AntApp.useApp();

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
      label: <Link to="/">{t('nav.home')}</Link>,
    },
    ...visible.filter((m) => !m.system).map(item),
    ...(system.length ? [{ type: 'divider' as const }, ...system.map(item)] : []),
  ];
  const current = MODULES.find((m) => pathname === m.path || pathname.startsWith(`${m.path}/`));

  return (
    <AntLayout style={{ minHeight: '100vh' }}>
      <AntLayout.Header
        style={{
          background: HEADER_BG,
          paddingInline: 20,
          height: 56,
          lineHeight: '56px',
        }}
      >
        <Flex justify="space-between" align="center" style={{ height: '100%' }}>
          <Link
            to="/"
            style={{
              color: '#fff',
              display: 'flex',
              alignItems: 'baseline',
              gap: 12,
            }}
          >
            <span style={{ fontSize: 20, fontWeight: 600, letterSpacing: 2 }}>{t('app.name')}</span>
            <span style={{ fontSize: 14, opacity: 0.85 }}>{t('app.fullName')}</span>
          </Link>
          <Space size="middle" style={{ color: '#fff' }}>
            <span data-testid="current-user">
              <UserOutlined /> {me?.displayName}
              {me?.unitName ? <span style={{ opacity: 0.75 }}> · {me.unitName}</span> : null}
            </span>
            <Button type="text" size="small" icon={<GlobalOutlined />} style={{ color: '#fff' }} onClick={() => setLang(getLang() === 'zh' ? 'en' : 'zh')}>
              {t('header.language')}
            </Button>
            <Button type="text" size="small" icon={<KeyOutlined />} style={{ color: '#fff' }} onClick={() => setChangingPassword(true)}>
              {t('header.changePassword')}
            </Button>
            <Button type="text" size="small" icon={<LogoutOutlined />} style={{ color: '#fff' }} onClick={() => logout().then(() => navigate('/login'))}>
              {t('header.signOut')}
            </Button>
          </Space>
        </Flex>
      </AntLayout.Header>
      <Modal open={changingPassword} title={t('header.changePassword')} footer={null} destroyOnHidden onCancel={() => setChangingPassword(false)}>
        <PasswordChangeForm
          onDone={() => {
            setChangingPassword(false);
            message.success(t('header.passwordChanged'));
          }}
        />
      </Modal>
      <AntLayout>
        <AntLayout.Sider
          width={200}
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          theme="light"
          style={{ borderRight: `1px solid ${token.colorBorderSecondary}` }}
        >
          <Menu mode="inline" selectedKeys={[current?.path ?? pathname]} items={items} style={{ borderInlineEnd: 'none' }} />
        </AntLayout.Sider>
        <AntLayout.Content style={{ padding: '12px 20px 24px' }}>
          <Breadcrumb
            style={{ marginBottom: 12 }}
            items={[{ title: <Link to="/">{t('nav.home')}</Link> }, ...(current ? [{ title: moduleLabel(current) }] : [])]}
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
            {t('app.name')} · {t('app.fullName')}
          </Typography.Paragraph>
        </AntLayout.Content>
      </AntLayout>
    </AntLayout>
  );
}
