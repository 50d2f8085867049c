// One version of a list or checklist: its state, dates, who published it, and its timeline (every draft edit,
// import, publication and supersession).
import { Descriptions, Timeline } from 'antd';
import { Link, useParams } from 'react-router';
import { KIND_NAMES } from '../../../../shared/supervision.ts';
import { fmtMinute } from '../../app/format';
import { pick, t } from '../../app/i18n';
import { PageCard, RecordView } from '../../components/PageCard';
import { useVersion } from './api';
import { VersionTag } from './shared';

const LIST_PAGE: Record<string, string> = { powers: '/supervision', items: '/supervision/items', grades: '/supervision/grades' };

export function VersionPage() {
  const { id = '' } = useParams();
  const q = useVersion(id);
  return (
    <RecordView query={q} notFound={t('版本不存在', 'Version not found')}>
      {(v) => {
        const back = v.kind === 'checklist' ? `/supervision/checklists/${v.checklistId}` : `${LIST_PAGE[v.kind]}?v=${v.id}`;
        return (
          <PageCard
            title={`${v.checklistName ?? pick(KIND_NAMES[v.kind])} · ${t(`第 ${v.number} 版`, `v${v.number}`)}`}
            tags={<VersionTag status={v.status} />}
            extra={<Link to={back}>{t('查看内容', 'Open rows')}</Link>}
          >
            <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small" style={{ marginBottom: 16 }}>
              <Descriptions.Item label={t('条目数', 'Rows')}>{v.rows}</Descriptions.Item>
              <Descriptions.Item label={t('施行日期', 'Effective from')}>{v.effectiveFrom ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('发布人', 'Published by')}>{v.publishedByName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('发布时间', 'Published at')}>{v.publishedAt ? fmtMinute(v.publishedAt) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('创建时间', 'Created')}>{fmtMinute(v.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('说明', 'Note')}>{v.note ?? '—'}</Descriptions.Item>
            </Descriptions>
            <Timeline
              items={v.history.map((h) => ({
                color: h.action === 'publish' ? 'green' : h.action === 'supersede' ? 'gray' : 'blue',
                children: (
                  <>
                    <div>{h.note ?? h.action}</div>
                    <div style={{ color: '#888', fontSize: 12 }}>
                      {fmtMinute(h.at)} · {h.actorName ?? t('系统', 'System')}
                    </div>
                  </>
                ),
              }))}
            />
          </PageCard>
        );
      }}
    </RecordView>
  );
}
