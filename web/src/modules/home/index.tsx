// 工作台: the home page is each person's own desk — what waits on them (with links to the filtered lists),
// open alarms by level, warnings in force with their acknowledgement progress, and what falls due this week.
// Administrators also see the platform's overview. Everything comes from GET /api/desk; nothing is made up.
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Card, Col, Empty, List, Progress, Row, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ROLE_LABELS, type Role } from '../../../../shared/roles.ts';
import type { Desk, DeskTodo } from '../../../../shared/desk.dto.ts';
import type { Overview } from '../../../../shared/platform.dto.ts';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { fmtDate, fmtMinute } from '../../app/format';
import { pick, useT } from '../../app/i18n';
import { moduleLabel } from '../../app/Layout';
import { MODULES } from '../../app/modules';

const TONE_COLOR: Record<DeskTodo['tone'], string> = { danger: '#cf1322', warning: '#d46b08', info: '#1677ff' };

function LoadError({ error }: { error: Error }) {
  const t = useT();
  return <Alert type="error" showIcon title={t('加载失败', 'Failed to load')} description={error.message} />;
}

/**
 * A card of the desk: its items as a small list (or `children` drawn instead), or a short line saying there
 * is nothing (`none`, by default no items).
 */
function DeskCard<T>(props: {
  title: string;
  extra?: ReactNode;
  testId: string;
  empty: string;
  items: T[];
  renderItem?: (item: T) => ReactNode;
  none?: boolean;
  children?: ReactNode;
}) {
  const { items, none = items.length === 0 } = props;
  return (
    <Card size="small" title={props.title} extra={props.extra} data-testid={props.testId}>
      {none ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={props.empty} />
      ) : (
        (props.children ?? <List size="small" dataSource={items} renderItem={props.renderItem} />)
      )}
    </Card>
  );
}

function Todos({ todos }: { todos: Desk['todos'] }) {
  const t = useT();
  return (
    <DeskCard
      title={t('我的待办', 'My to-dos')}
      testId="desk-todos"
      items={todos}
      empty={t('暂无待办事项', 'Nothing waiting on you')}
      renderItem={(x) => (
        <List.Item
          key={x.key}
          actions={[
            <Link key="go" to={x.href}>
              {t('去处理', 'Open')}
            </Link>,
          ]}
        >
          <Space>
            <Badge color={TONE_COLOR[x.tone]} />
            <Link to={x.href}>{pick(x.label)}</Link>
          </Space>
          <Typography.Text strong style={{ color: TONE_COLOR[x.tone], fontSize: 18 }}>
            {x.capped ? '≥' : ''}
            {x.count}
          </Typography.Text>
        </List.Item>
      )}
    />
  );
}

function Alarms({ alarms }: { alarms: NonNullable<Desk['alarms']> }) {
  const t = useT();
  const open = alarms.reduce((n, a) => n + a.open, 0);
  return (
    <DeskCard
      title={t('未关闭告警', 'Open alarms')}
      extra={<Link to="/monitoring/alarms?status=open">{t('告警处置', 'Alarms')}</Link>}
      testId="desk-alarms"
      items={alarms}
      none={open === 0}
      empty={t('没有未关闭的告警', 'No open alarms')}
    >
      <Row gutter={[8, 8]}>
        {alarms.map((a) => (
          <Col key={a.severity} xs={12} sm={6}>
            <Link to={`/monitoring/alarms?status=open&severity=${a.severity}`}>
              <Card size="small" styles={{ body: { padding: '8px 12px', borderLeft: `4px solid ${a.color}` } }}>
                <Statistic title={pick(a.label)} value={a.open} styles={{ content: { color: a.open ? a.color : undefined } }} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('待研判', 'To triage')} {a.raised}
                </Typography.Text>
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </DeskCard>
  );
}

function Warnings({ warnings }: { warnings: NonNullable<Desk['warnings']> }) {
  const t = useT();
  return (
    <DeskCard
      title={t('生效中的预警', 'Warnings in force')}
      extra={<Link to="/warnings?status=released">{t('预警叫应', 'Warnings')}</Link>}
      testId="desk-warnings"
      items={warnings}
      empty={t('当前没有生效的预警', 'No warning in force')}
      renderItem={(w) => (
        <List.Item key={w.id}>
          <div style={{ width: '100%' }}>
            <Space wrap size={4}>
              <Tag color={w.color}>{pick(w.levelLabel)}</Tag>
              <Link to={`/warnings/${w.id}`}>{w.headline}</Link>
              {w.overdue > 0 && <Tag color="red">{t(`超时未确认 ${w.overdue} 人`, `${w.overdue} past deadline`)}</Tag>}
            </Space>
            <Progress
              percent={w.recipients ? Math.round((w.acknowledged / w.recipients) * 100) : 0}
              size="small"
              format={() => `${w.acknowledged}/${w.recipients} ${t('已确认', 'acknowledged')}`}
              status={w.overdue > 0 ? 'exception' : 'normal'}
            />
            {w.expires && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('有效至', 'Until')} {fmtMinute(w.expires)}
              </Typography.Text>
            )}
          </div>
        </List.Item>
      )}
    />
  );
}

function Deadlines({ deadlines }: { deadlines: Desk['deadlines'] }) {
  const t = useT();
  return (
    <DeskCard
      title={t('本周到期', 'Due this week')}
      testId="desk-deadlines"
      items={deadlines}
      empty={t('七天内没有到期事项', 'Nothing due in the next seven days')}
      renderItem={(d) => (
        <List.Item key={`${d.module}-${d.href}`}>
          <div style={{ minWidth: 0 }}>
            <Space wrap size={4}>
              <Tag>{pick(d.kind)}</Tag>
              <Link to={d.href}>{d.title}</Link>
            </Space>
            {d.place && (
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {d.place}
              </Typography.Text>
            )}
          </div>
          <Typography.Text type={d.overdue ? 'danger' : undefined} style={{ whiteSpace: 'nowrap' }}>
            {d.overdue ? t('已超期 ', 'Overdue ') : ''}
            {fmtDate(d.due)}
          </Typography.Text>
        </List.Item>
      )}
    />
  );
}

/** The platform at a glance, for administrators only (everyone else has their desk). */
function PlatformOverview() {
  const t = useT();
  const q = useQuery({ queryKey: ['system', 'overview'], queryFn: () => api.get<Overview>('/api/system/overview') });
  if (q.error) return <LoadError error={q.error} />;
  if (!q.data) return <Skeleton active paragraph={{ rows: 2 }} />;
  const o = q.data;
  const stats = [
    { title: t('乡镇街道', 'Towns and streets'), value: o.towns },
    { title: t('村（社区）', 'Villages and communities'), value: o.villages },
    { title: t('部门', 'Departments'), value: o.departments },
    { title: t('用户', 'Users'), value: o.users },
  ];
  return (
    <Card size="small" title={`${t('平台概况', 'Platform')} · ${o.district.name}`}>
      <Row gutter={[12, 12]}>
        {stats.map((s) => (
          <Col key={s.title} xs={12} md={6}>
            <Statistic title={s.title} value={s.value} />
          </Col>
        ))}
      </Row>
      <div style={{ marginTop: 8 }}>
        {o.modules.map((m) => {
          const entry = MODULES.find((e) => e.key === m.key);
          return (
            <Tag key={m.key} color={m.available ? 'blue' : 'default'} icon={entry?.icon} style={{ marginBlock: 4 }}>
              {entry ? moduleLabel(entry) : m.key} · {m.available ? t('已上线', 'Available') : t('未上线', 'Not yet available')}
            </Tag>
          );
        })}
      </div>
    </Card>
  );
}

export default function HomePage() {
  const t = useT();
  const { me, can } = useAuth();
  const q = useQuery({ queryKey: ['desk'], queryFn: () => api.get<Desk>('/api/desk'), refetchInterval: 60_000 });
  const d = q.data;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('欢迎，', 'Welcome, ')}
          {me?.displayName}
        </Typography.Title>
        <Typography.Text type="secondary">
          {me?.unitName} · {(me?.roles ?? []).map((r) => pick(ROLE_LABELS[r as Role], r)).join('、')}
        </Typography.Text>
      </Card>
      {q.error ? (
        <LoadError error={q.error} />
      ) : !d ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : (
        <Row gutter={[12, 12]}>
          <Col xs={24} lg={10}>
            <Space orientation="vertical" size={12} style={{ width: '100%' }}>
              <Todos todos={d.todos} />
              <Deadlines deadlines={d.deadlines} />
            </Space>
          </Col>
          <Col xs={24} lg={14}>
            <Space orientation="vertical" size={12} style={{ width: '100%' }}>
              {d.alarms && <Alarms alarms={d.alarms} />}
              {d.warnings && <Warnings warnings={d.warnings} />}
            </Space>
          </Col>
        </Row>
      )}
      {can('user:read') && <PlatformOverview />}
    </Space>
  );
}
