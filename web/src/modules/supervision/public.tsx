// The public supervision-item list (检查事项清单, 国办发〔2024〕54号: items are public): no account, outside the
// signed-in shell. The version in force, searchable; on a phone each item is a card.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Empty, Input, List, Select, Space, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import type { Item, PublicItems } from '../../../../shared/supervision.dto.ts';
import { fmtDate } from '../../app/format';
import { t, useLang } from '../../app/i18n';
import { useIsPhone } from '../../components/PageCard';

async function fetchItems(): Promise<PublicItems> {
  const res = await fetch('/api/public/supervision/items', { headers: { Accept: 'application/json' } });
  const body = await res.json().catch(() => undefined);
  if (!res.ok) throw new Error(body?.error?.message ?? t('请求失败', 'Request failed'));
  return body as PublicItems;
}

export default function PublicItemsPage() {
  useLang();
  const phone = useIsPhone();
  const q = useQuery({ queryKey: ['public', 'supervision-items'], queryFn: fetchItems });
  const [text, setText] = useState('');
  const [unit, setUnit] = useState<string>();
  const items = q.data?.items ?? [];
  const units = useMemo(() => [...new Map(items.map((i) => [i.unitCode, i.unitName])).entries()].map(([value, label]) => ({ value, label })), [items]);
  const shown = items.filter((i) => (!unit || i.unitCode === unit) && (!text || [i.name, i.basis, i.subject, i.code].some((s) => s.includes(text.trim()))));
  const v = q.data?.version;
  return (
    <div style={{ minHeight: '100vh', background: '#f0f2f5' }}>
      <div style={{ background: '#1d5fb0', color: '#fff', padding: '12px 16px', fontSize: 17, fontWeight: 600 }}>
        {t('海曙区应急管理局', 'Haishu Emergency Management Bureau')} · {t('安全生产行政检查事项清单', 'Supervision items')}
      </div>
      <div style={{ maxWidth: 1280, margin: '0 auto', padding: 12 }}>
        <Card>
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            <Alert
              type="info"
              showIcon
              title={
                v
                  ? t(
                      `第 ${v.number} 版，${v.effectiveFrom ?? ''} 起施行（${fmtDate(v.publishedAt)} 发布），共 ${items.length} 项。`,
                      `Version ${v.number}, in force from ${v.effectiveFrom ?? ''}; ${items.length} items.`,
                    )
                  : t('检查事项清单尚未发布。', 'No list has been published yet.')
              }
              description={t(
                '依据《国务院办公厅关于严格规范涉企行政检查的意见》（国办发〔2024〕54号），行政检查事项向社会公开，未列入清单的事项不得实施检查。',
                'Published under State Council General Office document [2024] No. 54; items not on the list are not inspected.',
              )}
            />
            <Space wrap>
              <Input.Search
                allowClear
                placeholder={t('搜索事项、依据或对象', 'Search')}
                onSearch={setText}
                onChange={(e) => !e.target.value && setText('')}
                style={{ width: phone ? '100%' : 320 }}
              />
              <Select
                allowClear
                aria-label={t('实施单位', 'Unit')}
                placeholder={t('实施单位', 'Unit')}
                options={units}
                value={unit}
                onChange={setUnit}
                style={{ width: phone ? '100%' : 220 }}
                showSearch
                optionFilterProp="label"
              />
            </Space>
            {q.error && <Alert type="error" showIcon title={(q.error as Error).message} />}
            {phone ? (
              <List
                loading={q.isLoading}
                dataSource={shown}
                locale={{ emptyText: <Empty description={t('没有符合条件的事项', 'No items')} /> }}
                renderItem={(i: Item) => (
                  <Card size="small" style={{ marginBottom: 8 }} title={i.name} data-testid="public-item">
                    <Descriptions column={1} size="small">
                      <Descriptions.Item label={t('编码', 'Code')}>{i.code}</Descriptions.Item>
                      <Descriptions.Item label={t('检查对象', 'Subject')}>{i.subject}</Descriptions.Item>
                      <Descriptions.Item label={t('检查依据', 'Basis')}>{i.basis}</Descriptions.Item>
                      <Descriptions.Item label={t('检查方式', 'Method')}>{i.method}</Descriptions.Item>
                      <Descriptions.Item label={t('检查频次', 'Frequency')}>{i.frequency}</Descriptions.Item>
                      <Descriptions.Item label={t('实施单位', 'Unit')}>{i.unitName}</Descriptions.Item>
                    </Descriptions>
                  </Card>
                )}
              />
            ) : (
              <Table<Item>
                size="small"
                rowKey="id"
                loading={q.isLoading}
                dataSource={shown}
                pagination={{ pageSize: 50, showSizeChanger: false }}
                scroll={{ x: 'max-content' }}
                onRow={() => ({ 'data-testid': 'public-item' }) as never}
                columns={[
                  { title: t('编码', 'Code'), dataIndex: 'code', width: 120 },
                  { title: t('检查事项', 'Item'), dataIndex: 'name', width: 260 },
                  { title: t('检查对象', 'Subject'), dataIndex: 'subject', width: 180 },
                  { title: t('检查依据', 'Basis'), dataIndex: 'basis', width: 320 },
                  { title: t('检查方式', 'Method'), dataIndex: 'method', width: 140 },
                  { title: t('检查频次', 'Frequency'), dataIndex: 'frequency', width: 200 },
                  { title: t('实施单位', 'Unit'), dataIndex: 'unitName', width: 160, render: (u: string) => <Tag>{u}</Tag> },
                ]}
              />
            )}
          </Space>
        </Card>
      </div>
    </div>
  );
}
