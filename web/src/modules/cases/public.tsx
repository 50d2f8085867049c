// 典型案例 (查处一案、警示一批): closed cases an approver accepted for publication, with natural persons' names
// masked and ID and phone numbers removed by the server. No account needed.
import { useQuery } from '@tanstack/react-query';
import { Card, List, Typography } from 'antd';
import type { PublicCase } from '../../../../shared/cases.dto.ts';
import { api } from '../../app/api';
import { fmtDate } from '../../app/format';
import { t, useLang } from '../../app/i18n';

export default function PublicCases() {
  useLang();
  const q = useQuery({ queryKey: ['public', 'cases'], queryFn: () => api.get<{ items: PublicCase[] }>('/api/public/cases?pageSize=50') });
  return (
    <Card title={t('宁波市海曙区应急管理局 · 安全生产典型执法案例', 'Typical enforcement cases')} style={{ maxWidth: 900, margin: '24px auto' }}>
      <List
        loading={q.isLoading}
        dataSource={q.data?.items}
        locale={{ emptyText: t('暂无公开的典型案例', 'No typical cases yet') }}
        renderItem={(c) => (
          <List.Item key={c.id}>
            <List.Item.Meta
              title={`${c.title}（${c.townName ?? ''}）`}
              description={
                <>
                  <Typography.Paragraph>{c.summary}</Typography.Paragraph>
                  {c.parties.map((p) => (
                    <div key={`${p.name}-${p.article}`}>
                      {p.name}：{p.violation}，违反{p.article}；{p.penalty}
                    </div>
                  ))}
                  <Typography.Text type="secondary">
                    {t('公开日期', 'Published')} {fmtDate(c.publishedAt)}
                  </Typography.Text>
                </>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
