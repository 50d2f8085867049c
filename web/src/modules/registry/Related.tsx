// 一企一档: what the other modules hold about this enterprise — hazards, devices and alarms (inspections and
// cases as they land) — each count a link to that module's list filtered to the enterprise, with the latest
// records. The answer comes from GET /api/related/enterprises/:id; a module the user may not read is absent.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, List, Row, Skeleton, Statistic, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { Related, RelatedStat } from '../../../../shared/related.dto.ts';
import { api } from '../../app/api';
import { fmtMinute } from '../../app/format';
import { pick, t } from '../../app/i18n';

const TONE: Record<RelatedStat['tone'], string | undefined> = { danger: '#cf1322', warning: '#d46b08', default: undefined };

export function EnterpriseRelated({ id }: { id: string }) {
  const q = useQuery({ queryKey: ['registry', 'enterprise', id, 'related'], queryFn: () => api.get<Related>(`/api/related/enterprises/${id}`) });
  if (q.error) return <Alert type="error" showIcon title={(q.error as Error).message} />;
  if (!q.data) return <Skeleton active paragraph={{ rows: 3 }} />;
  const { sections } = q.data;
  if (sections.length === 0) return <Empty description={t('暂无其他模块的记录', 'Nothing in other modules')} />;
  return (
    <Row gutter={[12, 12]} data-testid="enterprise-related">
      {sections.map((s) => (
        <Col key={s.key} xs={24} lg={12}>
          <Card size="small" title={pick(s.title)} extra={<Link to={s.href}>{t('查看全部', 'View all')}</Link>}>
            <Row gutter={[8, 8]}>
              {s.stats.map((x) => (
                <Col key={x.label.zh} xs={12} sm={6}>
                  <Link to={x.href}>
                    <Statistic title={pick(x.label)} value={`${x.capped ? '≥' : ''}${x.value}`} styles={{ content: { color: TONE[x.tone] } }} />
                  </Link>
                </Col>
              ))}
            </Row>
            <List
              size="small"
              style={{ marginTop: 8 }}
              dataSource={s.items}
              locale={{ emptyText: t('暂无记录', 'No records') }}
              renderItem={(i) => (
                <List.Item key={i.href}>
                  <div style={{ minWidth: 0 }}>
                    <Link to={i.href}>{i.title}</Link>
                    {i.subtitle && (
                      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                        {i.subtitle}
                      </Typography.Text>
                    )}
                  </div>
                  <div style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                    {i.tag && <Tag color={i.tagColor ?? undefined}>{pick(i.tag)}</Tag>}
                    {i.at && (
                      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                        {fmtMinute(i.at)}
                      </Typography.Text>
                    )}
                  </div>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
