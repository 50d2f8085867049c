// What a new session must do before anything else: bind an authenticator app (TOTP) when the role needs a
// second factor, and replace an expired or temporary password. Rendered by the shell's RequireAuth.
import { LogoutOutlined, SafetyOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, type FormInstance, Input, Skeleton, Space, Steps, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import type { Me, TotpSetup } from '../../../../shared/platform.dto.ts';
import { api } from '../../app/api';
import { t, useLang } from '../../app/i18n';
import { applyFieldErrors } from '../../components/formErrors';
import { useSubmit } from '../../components/FormParts';

export type GateUser = Pick<Me, 'username' | 'displayName' | 'mfaEnrollmentRequired' | 'passwordExpired' | 'passwordChangeReason'>;

/** A step's form: vertical, disabled while it saves, its one full-width button last. */
function StepForm<V>({
  form,
  busy,
  onFinish,
  submitText,
  children,
}: {
  form: FormInstance<V>;
  busy: boolean;
  onFinish: (values: V) => void;
  submitText: string;
  children: ReactNode;
}) {
  return (
    <Form<V> form={form} layout="vertical" onFinish={onFinish} requiredMark={false} disabled={busy}>
      {children}
      <Button type="primary" htmlType="submit" block loading={busy}>
        {submitText}
      </Button>
    </Form>
  );
}

function MfaEnrollment({ onDone }: { onDone: () => void }) {
  const setup = useQuery({
    queryKey: ['auth', 'totp-setup'],
    queryFn: () => api.post<TotpSetup>('/api/auth/totp/setup'),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
  });
  const [form] = Form.useForm<{ code: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { code: string }) => {
    setBusy(true);
    try {
      await api.post('/api/auth/totp/enable', { code: v.code });
      onDone();
    } catch (e) {
      const rest = applyFieldErrors(form, e);
      if (rest) form.setFields([{ name: 'code', errors: [rest] }]);
    } finally {
      setBusy(false);
    }
  };
  if (setup.error) return <Alert type="error" showIcon title={setup.error.message} />;
  if (!setup.data) return <Skeleton active />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph style={{ marginBottom: 0 }}>
        {t(
          '您的角色须使用动态验证码登录。请用身份验证器应用（如 Google Authenticator、Microsoft Authenticator、阿里云 App）扫描二维码，然后输入应用显示的 6 位验证码。',
          'Your role signs in with a second factor. Scan the QR code with an authenticator app, then enter the 6-digit code it shows.',
        )}
      </Typography.Paragraph>
      <div style={{ textAlign: 'center' }}>
        <img src={setup.data.qrDataUrl} alt={t('身份验证器绑定二维码', 'Authenticator QR code')} width={200} height={200} />
      </div>
      <div>
        <Typography.Text type="secondary">{t('无法扫码时，手动输入密钥：', 'Cannot scan? Enter this key: ')}</Typography.Text>
        <Typography.Text code copyable data-testid="totp-secret">
          {setup.data.secret}
        </Typography.Text>
      </div>
      <StepForm form={form} busy={busy} onFinish={submit} submitText={t('确认绑定', 'Confirm')}>
        <Form.Item
          name="code"
          label={t('验证码', 'Code')}
          rules={[{ required: true, pattern: /^\d{6}$/, message: t('请输入 6 位数字验证码', 'Enter the 6-digit code') }]}
        >
          <Input id="enroll-code" prefix={<SafetyOutlined />} inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus />
        </Form.Item>
      </StepForm>
    </Space>
  );
}

export function PasswordChangeForm({ reason, onDone }: { reason?: 'expired' | 'temporary'; onDone: () => void }) {
  const [form] = Form.useForm<{ current: string; next: string; confirm: string }>();
  const { busy, error, finish } = useSubmit(form, async (v) => {
    await api.post('/api/auth/password', { current: v.current, next: v.next });
    onDone();
  });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {reason ? (
        <Alert
          type="warning"
          showIcon
          title={
            reason === 'temporary'
              ? t('您正在使用管理员设置的临时密码，请先设置自己的密码。', 'You signed in with a temporary password; choose your own first.')
              : t('您的密码已超过 90 天有效期，请修改后继续使用。', 'Your password is older than 90 days; change it to continue.')
          }
        />
      ) : null}
      {error ? <Alert type="error" showIcon title={error} /> : null}
      <StepForm form={form} busy={busy} onFinish={finish} submitText={t('修改密码', 'Change password')}>
        <Form.Item name="current" label={t('当前密码', 'Current password')} rules={[{ required: true, message: t('请填写此项', 'Required') }]}>
          <Input.Password id="pw-current" autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="next"
          label={t('新密码', 'New password')}
          extra={t(
            '至少 8 位，包含大写字母、小写字母、数字、符号中的至少 3 类；不能与最近 5 次密码相同。',
            'At least 8 characters from 3 of: upper, lower, digits, symbols; not one of your last 5.',
          )}
          rules={[{ required: true, message: t('请填写此项', 'Required') }]}
        >
          <Input.Password id="pw-next" autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('确认新密码', 'Confirm new password')}
          dependencies={['next']}
          rules={[
            { required: true, message: t('请填写此项', 'Required') },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || getFieldValue('next') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('两次输入的新密码不一致', 'Passwords do not match'))),
            }),
          ]}
        >
          <Input.Password id="pw-confirm" autoComplete="new-password" />
        </Form.Item>
      </StepForm>
    </Space>
  );
}

/** Full-page step the session must finish before the shell opens. */
export function AccountGate({ user, onDone, onLogout }: { user: GateUser; onDone: () => void; onLogout: () => void }) {
  useLang();
  const steps = [
    ...(user.mfaEnrollmentRequired ? [{ key: 'mfa', title: t('绑定身份验证器', 'Bind authenticator') }] : []),
    ...(user.passwordExpired ? [{ key: 'password', title: t('修改密码', 'Change password') }] : []),
  ];
  const current = steps[0]?.key;
  return (
    <div style={{ minHeight: '100vh', background: '#eef3fa', display: 'flex', justifyContent: 'center', paddingTop: '6vh' }}>
      <Card
        title={t(`账号安全设置 · ${user.displayName}`, `Account security · ${user.displayName}`)}
        extra={
          <Button type="text" icon={<LogoutOutlined />} onClick={onLogout}>
            {t('退出登录', 'Sign out')}
          </Button>
        }
        style={{ width: 460, alignSelf: 'flex-start' }}
      >
        {steps.length > 1 ? <Steps size="small" current={0} items={steps.map((s) => ({ title: s.title }))} style={{ marginBottom: 24 }} /> : null}
        {current === 'mfa' ? <MfaEnrollment onDone={onDone} /> : <PasswordChangeForm reason={user.passwordChangeReason} onDone={onDone} />}
      </Card>
    </div>
  );
}
