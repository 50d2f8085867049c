// Home: who you are, and the district's real numbers from the server — nothing here is made up.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Skeleton, Statistic, Tag, Typography } from 'antd';
import type { Overview } from '../../../../shared/platform.dto.ts';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { moduleLabel } from '../../app/Layout';
import { MODULES } from '../../app/modules';
import { type OrgNode, usePlaces } from '../../components/places';

const notDepartment = (n: OrgNode) => n.kind !== 'department';

function LoadError({ error }: { error: Error }) {
  const t = useT();
  return <Alert type="error" showIcon title={t('error.loadFailed')} description={error.message} />;
}

function OverviewCards() {
  const t = useT();
  const q = useQuery({
    queryKey: ['system', 'overview'],
    queryFn: () => api.get<Overview>('/api/system/overview'),
  });
  if (q.error) return <LoadError error={q.error} />;
  if (!q.data) return <Skeleton active paragraph={{ rows: 2 }} />;
  const o = q.data;
  const stats = [
    {
      title: t('home.district'),
      value: o.district.name,
      suffix: o.district.code,
    },
    { title: t('home.towns'), value: o.towns },
    { title: t('home.villages'), value: o.villages },
    { title: t('home.departments'), value: o.departments },
    { title: t('home.users'), value: o.users },
  ];
  return (
    <>
      <Row gutter={[12, 12]}>
        {stats.map((s) => (
          <Col key={s.title} xs={12} md={8} xl={{ flex: '20%' }}>
            <Card size="small">
              <Statistic title={s.title} value={s.value} suffix={s.suffix ? <Typography.Text type="secondary">{s.suffix}</Typography.Text> : undefined} />
            </Card>
          </Col>
        ))}
      </Row>
      {o.modules.length > 0 && (
        <Card size="small" title={t('home.modules')} style={{ marginTop: 12 }}>
          {o.modules.map((m) => {
            const entry = MODULES.find((e) => e.key === m.key);
            return (
              <Tag key={m.key} color={m.available ? 'blue' : 'default'} icon={entry?.icon} style={{ marginBlock: 4 }}>
                {entry ? moduleLabel(entry) : m.key} · {m.available ? t('home.available') : t('home.unavailable')}
              </Tag>
            );
          })}
        </Card>
      )}
    </>
  );
}

function TownGrid() {
  const t = useT();
  const q = usePlaces();
  const towns = q.towns;
  return (
    <Card size="small" title={t('home.townGrid')} style={{ marginTop: 12 }}>
      {q.error ? (
        <LoadError error={q.error} />
      ) : !q.data ? (
        <Skeleton active />
      ) : (
        <div
          style={{
            display: 'grid',
            gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))',
            gap: 8,
          }}
        >
          {towns.map((town) => (
            <Card key={town.code} size="small" hoverable styles={{ body: { padding: '8px 12px' } }}>
              <Typography.Text strong>{town.name}</Typography.Text>
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {(town.children ?? []).filter(notDepartment).length}
                {t('home.villageCount')}
              </Typography.Text>
            </Card>
          ))}
        </div>
      )}
    </Card>
  );
}

export default function HomePage() {
  const t = useT();
  const { me } = useAuth();
  return (
    <>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('home.welcome')}
          {me?.displayName}
        </Typography.Title>
        <Typography.Text type="secondary">
          {me?.unitName} · {t('app.fullName')}
        </Typography.Text>
      </Card>
      <OverviewCards />
      <TownGrid />
    </>
  );
}
