// Sign-in: username + password, then a TOTP code when the server asks for one.
import { GlobalOutlined, LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from './api';
import { useAuth } from './auth';
import { appFullName, appName, getLang, setLang, useT } from './i18n';

interface Values {
  username: string;
  password: string;
  totp?: string;
}

/** Only same-site paths, so ?next= cannot send the user elsewhere. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const t = useT();
  const { me, login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);

  if (me) return <Navigate to={next} replace />;

  const submit = async (v: Values) => {
    setBusy(true);
    setError(undefined);
    try {
      await login({
        username: v.username,
        password: v.password,
        ...(needTotp && v.totp ? { totp: v.totp } : {}),
      });
      navigate(next, { replace: true });
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, 'UNKNOWN', String(e));
      if (err.code === 'TOTP_REQUIRED') setNeedTotp(true);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        background: 'linear-gradient(160deg, #16407a 0%, #2a6bb8 55%, #eef3fa 55%)',
        display: 'flex',
        flexDirection: 'column',
      }}
    >
      <div style={{ display: 'flex', justifyContent: 'flex-end', padding: 16 }}>
        <Button type="text" icon={<GlobalOutlined />} style={{ color: '#fff' }} onClick={() => setLang(getLang() === 'zh' ? 'en' : 'zh')}>
          {t('English', '中文')}
        </Button>
      </div>
      <div
        style={{
          flex: 1,
          display: 'flex',
          flexDirection: 'column',
          alignItems: 'center',
          paddingTop: '6vh',
        }}
      >
        <Typography.Title level={2} style={{ color: '#fff', letterSpacing: 4, marginBottom: 4 }}>
          {appName()}
        </Typography.Title>
        <Typography.Text
          style={{
            color: 'rgba(255,255,255,0.85)',
            fontSize: 16,
            marginBottom: 32,
          }}
        >
          {appFullName()}
        </Typography.Text>
        <Card title={t('用户登录', 'Sign in')} style={{ width: 380, boxShadow: '0 6px 24px rgba(22,64,122,0.18)' }}>
          {error ? (
            <Alert type={error.code === 'TOTP_REQUIRED' ? 'info' : 'error'} showIcon title={error.message} style={{ marginBottom: 16 }} role="alert" />
          ) : null}
          <Form<Values> layout="vertical" onFinish={submit} requiredMark={false} disabled={busy}>
            <Form.Item name="username" label={t('用户名', 'Username')} rules={[{ required: true, message: t('请填写此项', 'Required') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label={t('密码', 'Password')} rules={[{ required: true, message: t('请填写此项', 'Required') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            {needTotp ? (
              <Form.Item
                name="totp"
                label={t('动态验证码', 'Authenticator code')}
                extra={t('请输入身份验证器中的 6 位验证码', 'Enter the 6-digit code from your authenticator app')}
                rules={[
                  {
                    required: true,
                    pattern: /^\d{6}$/,
                    message: t('请输入身份验证器中的 6 位验证码', 'Enter the 6-digit code from your authenticator app'),
                  },
                ]}
              >
                <Input prefix={<SafetyOutlined />} autoComplete="one-time-code" inputMode="numeric" maxLength={6} autoFocus />
              </Form.Item>
            ) : null}
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('登录', 'Sign in')}
            </Button>
          </Form>
        </Card>
      </div>
    </div>
  );
}
