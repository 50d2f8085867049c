// 发件箱: what the outbox-mode channels would have sent — per recipient and channel, the text and the
// one-tap link — for operators (call the people the outbox could not reach) and drills (open a link as the
// recipient would). Filterable by warning, channel and name/phone.
import { CopyOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { CHANNELS } from '../../../../shared/warnings.ts';
import { api } from '../../app/api';
import { fmtTime } from '../../app/format';
import { t } from '../../app/i18n';
import { ListPage } from '../../components/ListPage';
import { PlaceName } from '../../components/places';
import { type OutboxItem, type WarningListItem, warningKeys } from './api';
import { channelLabel, RecipientTag } from './shared';
import { PageNote } from '../../components/PageCard';

/** The link as a phone would open it: relative links are shown against this page's address, and flagged. */
const absolute = (link: string) => (link.startsWith('/') ? `${window.location.origin}${link}` : link);

export function Outbox() {
  const { message } = App.useApp();
  const warnings = useQuery({
    queryKey: [...warningKeys.list, 'outbox-options'],
    queryFn: () => api.get<{ items: WarningListItem[] }>('/api/warnings?pageSize=100'),
  });
  return (
    <ListPage<OutboxItem>
      title={t('发件箱', 'Outbox')}
      url="/api/warnings/outbox"
      queryKey={warningKeys.outbox}
      rowKey="attemptId"
      defaultPageSize={50}
      pageSizeOptions={[20, 50, 100, 200]}
      size="small"
      total={(n) => t(`共 ${n} 条`, `${n} messages`)}
      empty={{
        text: t(
          '发件箱是空的：通道处于发件箱模式时，发布的预警会在这里记录本应发出的短信和语音。',
          'Nothing here: in outbox mode, released warnings record here what would have been sent.',
        ),
      }}
      filters={[
        {
          kind: 'select',
          key: 'warningId',
          placeholder: t('预警', 'Warning'),
          width: 320,
          search: true,
          options: (warnings.data?.items ?? []).map((w) => ({ value: w.id, label: `${fmtTime(w.releasedAt ?? w.createdAt)} ${w.headline}` })),
        },
        {
          kind: 'select',
          key: 'channel',
          placeholder: t('渠道', 'Channel'),
          width: 130,
          options: CHANNELS.filter((c) => c !== 'inapp').map((c) => ({ value: c, label: channelLabel(c) })),
        },
        { kind: 'search', key: 'q', placeholder: t('姓名或手机', 'Name or phone'), width: 200 },
      ]}
      columns={[
        { title: t('时间', 'Time'), dataIndex: 'createdAt', width: 150, render: fmtTime },
        {
          title: t('预警', 'Warning'),
          width: 200,
          render: (_, o) => <Link to={`/warnings/${o.warningId}`}>{o.headline}</Link>,
        },
        {
          title: t('收件人', 'Recipient'),
          width: 170,
          render: (_, o) => (
            <Space direction="vertical" size={0}>
              <span>{o.name}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                <PlaceName code={o.townCode} /> · {o.address ?? '—'}
              </Typography.Text>
            </Space>
          ),
        },
        {
          title: t('渠道', 'Channel'),
          width: 110,
          render: (_, o) => (
            <Space size={4} wrap>
              <Tag>{channelLabel(o.channel)}</Tag>
              {o.step > 0 && <Tag color="orange">{t(`第${o.step + 1}轮`, `step ${o.step + 1}`)}</Tag>}
            </Space>
          ),
        },
        {
          title: t('本应发出的内容', 'What would have been sent'),
          width: 460,
          render: (_, o) => (
            <Space direction="vertical" size={4} style={{ width: '100%' }}>
              <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', maxWidth: 440 }}>{o.text}</Typography.Paragraph>
              <Space wrap size={4}>
                <Typography.Link href={absolute(o.link)} target="_blank" rel="noreferrer" data-testid="outbox-link">
                  {t('打开确认链接', 'Open the ack link')}
                </Typography.Link>
                <Button
                  size="small"
                  type="text"
                  icon={<CopyOutlined />}
                  aria-label={t('复制链接', 'Copy link')}
                  onClick={() =>
                    navigator.clipboard
                      ?.writeText(absolute(o.link))
                      .then(() => message.success(t('已复制', 'Copied')))
                      .catch(() => message.error(t('无法复制', 'Could not copy')))
                  }
                />
                {o.linkRelative && (
                  <Tag color="red" title={t('写入时未配置 ANLAN_PUBLIC_URL：手机上无法打开', 'No ANLAN_PUBLIC_URL when written: would not open on a phone')}>
                    {t('相对链接', 'Relative link')}
                  </Tag>
                )}
              </Space>
            </Space>
          ),
        },
        {
          title: t('当前状态', 'Now'),
          width: 130,
          render: (_, o) => (
            <Space direction="vertical" size={0}>
              <RecipientTag state={o.recipientState} />
              {o.ackedAt && <Typography.Text type="secondary">{fmtTime(o.ackedAt)}</Typography.Text>}
              {o.measuresAt && <Tag color="green">{t('已报措施', 'Measures in')}</Tag>}
            </Space>
          ),
        },
      ]}
    >
      <PageNote>
        {t(
          '发件箱里的消息没有真正发出：收件人没有收到短信或电话。演练时可打开确认链接，以收件人身份确认和反馈措施。',
          'Messages in the outbox were not sent: the recipients received no SMS or call. In a drill, open a link to acknowledge as the recipient.',
        )}
      </PageNote>
    </ListPage>
  );
}
