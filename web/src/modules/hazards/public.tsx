// Public pages, no account: report a hazard (举报, phone-first), follow it by tracking code, and the list
// of hazards currently under government supervision (挂牌督办公示).
import { CameraOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Descriptions, Empty, Form, Input, List, Result, Select, Space, Tag, Typography } from 'antd';
import type { UploadFile } from 'antd/es/upload/interface';
import { useState } from 'react';
import { Link, Route, Routes, useParams, useNavigate } from 'react-router';
import type { PublicSupervisionDto, TrackedReportDto } from '../../../../shared/hazards.dto.ts';
import { ApiError } from '../../app/api';
import { fmtDate, fmtTime, yuan } from '../../app/format';
import { t } from '../../app/i18n';
import { PhotoPicker } from '../../components/FormParts';
import { useTowns } from './api';

const shell = (title: string, children: React.ReactNode) => (
  <div style={{ minHeight: '100vh', background: '#f0f2f5' }}>
    <div style={{ background: '#1d5fb0', color: '#fff', padding: '12px 16px', fontSize: 17, fontWeight: 600 }}>
      {t('海曙区应急管理局', 'Haishu Emergency Management Bureau')} · {title}
    </div>
    <div style={{ maxWidth: 720, margin: '0 auto', padding: 12 }}>{children}</div>
    <div style={{ textAlign: 'center', padding: 16 }}>
      <Space split="·">
        <Link to="/public/report">{t('我要举报', 'Report')}</Link>
        <Link to="/public/report/track">{t('进度查询', 'Track')}</Link>
        <Link to="/public/supervision">{t('挂牌督办公示', 'Supervised hazards')}</Link>
      </Space>
    </div>
  </div>
);

/** A stable id for this browser, for the per-device submission limit. */
function deviceId(): string {
  const key = 'anlan.device';
  let id = localStorage.getItem(key);
  if (!id) {
    id = crypto.randomUUID();
    localStorage.setItem(key, id);
  }
  return id;
}

async function publicFetch<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, {
    ...init,
    credentials: 'same-origin',
    headers: { ...(init?.headers ?? {}), 'x-device-id': deviceId(), Accept: 'application/json' },
  });
  const body = await res.json().catch(() => undefined);
  if (!res.ok)
    throw new ApiError(
      res.status,
      body?.error?.code ?? `HTTP_${res.status}`,
      body?.error?.message ?? t('请求失败', 'Request failed'),
      body?.error?.fields ?? [],
    );
  return body as T;
}

interface ReportForm {
  description: string;
  address?: string;
  townCode?: string;
  contactName?: string;
  contactPhone?: string;
  wantsReward?: boolean;
}

function ReportPage() {
  const [form] = Form.useForm<ReportForm>();
  const towns = useTowns();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [pos, setPos] = useState<{ lon: number; lat: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState<string | null>(null);
  const wantsReward = Form.useWatch('wantsReward', form);

  const locate = () =>
    navigator.geolocation?.getCurrentPosition(
      (p) => setPos({ lon: p.coords.longitude, lat: p.coords.latitude }),
      () => setError(t('无法获取位置，请填写地址', 'Location unavailable; please type the address')),
    );

  const submit = async (v: ReportForm) => {
    setBusy(true);
    setError(null);
    try {
      const fd = new FormData();
      fd.append('description', v.description);
      if (v.address) fd.append('address', v.address);
      if (v.townCode) fd.append('townCode', v.townCode);
      if (pos) {
        fd.append('lon', String(pos.lon));
        fd.append('lat', String(pos.lat));
      }
      if (v.contactName) fd.append('contactName', v.contactName);
      if (v.contactPhone) fd.append('contactPhone', v.contactPhone);
      fd.append('wantsReward', v.wantsReward ? 'true' : 'false');
      for (const f of files) if (f.originFileObj) fd.append('photos', f.originFileObj, f.name);
      const r = await publicFetch<{ trackingCode: string }>('/api/public/hazards/reports', { method: 'POST', body: fd });
      setCode(r.trackingCode);
    } catch (e) {
      const err = e as ApiError;
      const known = new Set(['description', 'address', 'townCode', 'contactName', 'contactPhone']);
      const fields = (err.fields ?? []).map((f) => ({ name: f.field.replace(/^body\./, ''), errors: [f.message] })).filter((f) => known.has(f.name));
      if (fields.length) form.setFields(fields as never);
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  if (code)
    return shell(
      t('我要举报', 'Report a hazard'),
      <Result
        status="success"
        title={t('举报已提交', 'Report submitted')}
        subTitle={t('请保存以下查询码，凭码查询处理进度：', 'Keep this tracking code to follow your report:')}
        extra={
          <Space direction="vertical" align="center">
            <Typography.Title level={2} copyable data-testid="tracking-code" style={{ letterSpacing: 4, margin: 0 }}>
              {code}
            </Typography.Title>
            <Link to={`/public/report/track/${code}`}>
              <Button type="primary">{t('查询进度', 'Track it')}</Button>
            </Link>
          </Space>
        }
      />,
    );

  return shell(
    t('我要举报', 'Report a hazard'),
    <Card>
      <Typography.Paragraph type="secondary">
        {t(
          '无需注册登录。请如实描述安全隐患的情况和地点，可附现场照片。联系方式仅用于核实和发放奖励，严格保密。',
          'No account needed. Contact details are kept confidential.',
        )}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} size="large">
        <Form.Item
          name="description"
          label={t('隐患情况', 'What did you see?')}
          rules={[{ required: true, min: 5, max: 2000, message: t('请至少用 5 个字描述', 'At least 5 characters') }]}
        >
          <Input.TextArea rows={5} placeholder={t('例如：某工厂仓库堆放大量易燃物，消防通道被堵', 'e.g. a blocked fire exit')} />
        </Form.Item>
        <Form.Item name="townCode" label={t('所在镇（街道）', 'Town')}>
          <Select allowClear showSearch optionFilterProp="label" options={(towns.data?.items ?? []).map((t) => ({ value: t.code, label: t.name }))} />
        </Form.Item>
        <Form.Item
          name="address"
          label={t('详细地址', 'Address')}
          rules={[{ max: 200 }]}
          extra={pos ? t(`已定位：${pos.lon.toFixed(5)}, ${pos.lat.toFixed(5)}`, 'Position captured') : undefined}
        >
          <Input
            addonAfter={
              <Button type="link" size="small" icon={<EnvironmentOutlined />} onClick={locate}>
                {t('定位', 'Locate')}
              </Button>
            }
          />
        </Form.Item>
        <PhotoPicker
          id="report-photos"
          label={t('现场照片（最多 6 张）', 'Photos (up to 6)')}
          listType="picture-card"
          max={6}
          files={files}
          onChange={setFiles}
        >
          {files.length < 6 && (
            <div>
              <CameraOutlined />
              <div>{t('拍照/上传', 'Add')}</div>
            </div>
          )}
        </PhotoPicker>
        <Form.Item name="wantsReward" valuePropName="checked">
          <Checkbox>{t('我希望申请举报奖励（需留下联系电话）', 'I would like a reward (phone needed)')}</Checkbox>
        </Form.Item>
        <Form.Item name="contactName" label={t('称呼（选填）', 'Name (optional)')} rules={[{ max: 50 }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="contactPhone"
          label={t('联系电话', 'Phone')}
          rules={[{ required: !!wantsReward, message: t('申请奖励需留下联系电话', 'Needed for a reward') }]}
        >
          <Input inputMode="tel" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('提交举报', 'Submit')}
        </Button>
      </Form>
    </Card>,
  );
}

type Tracked = TrackedReportDto;

function TrackPage() {
  const { code } = useParams();
  const navigate = useNavigate();
  const q = useQuery({
    queryKey: ['public', 'track', code],
    queryFn: () => publicFetch<Tracked>(`/api/public/hazards/reports/${encodeURIComponent(code ?? '')}`),
    enabled: !!code,
    retry: false,
  });
  return shell(
    t('举报进度查询', 'Track a report'),
    <Card>
      <Input.Search
        size="large"
        enterButton={t('查询', 'Search')}
        placeholder={t('请输入 12 位查询码', '12-character tracking code')}
        defaultValue={code}
        aria-label={t('查询码', 'Tracking code')}
        onSearch={(v) => v.trim() && navigate(`/public/report/track/${v.trim().toUpperCase()}`)}
        style={{ marginBottom: 16 }}
      />
      {q.error && <Alert type="warning" showIcon message={(q.error as Error).message} />}
      {q.data && (
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label={t('查询码', 'Code')}>{q.data.trackingCode}</Descriptions.Item>
          <Descriptions.Item label={t('提交时间', 'Submitted')}>{fmtTime(q.data.submittedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('处理状态', 'Status')}>
            <Tag color={q.data.status === 'accepted' ? 'green' : q.data.status === 'rejected' ? 'default' : 'blue'} data-testid="track-status">
              {q.data.statusLabel}
            </Tag>
          </Descriptions.Item>
          {q.data.rejectReason && <Descriptions.Item label={t('说明', 'Reason')}>{q.data.rejectReason}</Descriptions.Item>}
          {q.data.hazard && (
            <Descriptions.Item label={t('隐患处理', 'Hazard')}>
              {q.data.hazard.code} · {q.data.hazard.stateLabel}
            </Descriptions.Item>
          )}
          {q.data.reward.status !== 'none' && (
            <Descriptions.Item label={t('举报奖励', 'Reward')}>
              {q.data.reward.status === 'granted' ? `${t('已批准', 'Granted')} ${yuan(q.data.reward.amountFen)}` : t('不予奖励', 'Not granted')}
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
    </Card>,
  );
}

type Supervised = PublicSupervisionDto;

function SupervisionPage() {
  const q = useQuery({ queryKey: ['public', 'supervisions'], queryFn: () => publicFetch<{ items: Supervised[] }>('/api/public/hazards/supervisions') });
  return shell(
    t('重大事故隐患挂牌督办公示', 'Hazards under government supervision'),
    <Card>
      {q.error && <Alert type="error" showIcon message={(q.error as Error).message} />}
      <List
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('目前没有挂牌督办的重大事故隐患', 'Nothing under supervision')} /> }}
        renderItem={(s) => (
          <List.Item>
            <List.Item.Meta
              title={
                <Space wrap>
                  <span>{s.unitName ?? s.title}</span>
                  <Tag color={s.level === 'district' ? 'red' : 'orange'}>{s.level === 'district' ? t('区级督办', 'District') : t('镇街督办', 'Town')}</Tag>
                  {s.stopProduction && <Tag color="volcano">{t('责令停产停业', 'Stop order')}</Tag>}
                </Space>
              }
              description={
                <>
                  <div>
                    {s.title}（{s.townName}）
                  </div>
                  <div>
                    {t('督办文号', 'Notice')} {s.noticeNo} · {s.issuer}
                  </div>
                  <div>
                    {t('挂牌日期', 'Published')} {fmtDate(s.publishedAt)} · {t('整改期限', 'Deadline')} {fmtDate(s.deadline)}
                  </div>
                </>
              }
            />
          </List.Item>
        )}
      />
    </Card>,
  );
}

export default function PublicPages() {
  return (
    <Routes>
      <Route path="report" element={<ReportPage />} />
      <Route path="report/track" element={<TrackPage />} />
      <Route path="report/track/:code" element={<TrackPage />} />
      <Route path="supervision" element={<SupervisionPage />} />
      <Route path="*" element={<SupervisionPage />} />
    </Routes>
  );
}
