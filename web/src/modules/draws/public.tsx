// 双随机抽查公示 (no account; 国办发〔2024〕54号): the published draws; a draw's commitment (before the draw),
// its rounds, seeds and tasks (enterprise and inspector names only), the inputs file and a verify button that
// re-runs every round on the server from the published inputs and says whether it matches.
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Empty, List, Space, Tag, Typography } from 'antd';
import { Link, Route, Routes, useParams } from 'react-router';
import { DRAW_STATE_LABELS } from '../../../../shared/draws.ts';
import type { PublicDraw, VerificationDto } from '../../../../shared/draws.dto.ts';
import { api } from '../../app/api';
import { fmtTime } from '../../app/format';
import { t } from '../../app/i18n';
import { LabelTag } from '../../components/LabelTag';
import { RecordView } from '../../components/PageCard';
import { Hash, TaskResult } from './shared';
import { VerifyResult } from './Draws';

type Item = {
  code: string;
  title: string;
  state: PublicDraw['state'];
  jurisdictionName: string;
  entityCount: number;
  taskCount: number;
  round: number;
  committedAt: string | null;
  drawnAt: string | null;
};

const shell = (children: React.ReactNode) => (
  <div style={{ minHeight: '100vh', background: '#f0f2f5' }}>
    <div style={{ background: '#1d5fb0', color: '#fff', padding: '12px 16px', fontSize: 17, fontWeight: 600 }}>
      {t('海曙区应急管理局', 'Haishu Emergency Management Bureau')} · {t('“双随机、一公开”抽查公示', 'Random inspections, published')}
    </div>
    <div style={{ maxWidth: 960, margin: '0 auto', padding: 12 }}>{children}</div>
  </div>
);

function PublicList() {
  const q = useQuery({ queryKey: ['public', 'draws'], queryFn: () => api.get<{ items: Item[] }>('/api/public/draws') });
  return shell(
    <Card title={t('抽查公示', 'Published draws')}>
      <List
        dataSource={q.data?.items ?? []}
        loading={q.isLoading}
        locale={{ emptyText: <Empty description={t('暂无公示的抽查', 'Nothing published yet')} /> }}
        renderItem={(d) => (
          <List.Item>
            <List.Item.Meta
              title={<Link to={`/public/draws/${d.code}`}>{d.title}</Link>}
              description={
                <Space wrap size={4}>
                  <Tag>{d.code}</Tag>
                  <LabelTag labels={DRAW_STATE_LABELS} value={d.state} />
                  <span>{d.jurisdictionName}</span>
                  <span>{t(`名录 ${d.entityCount} 家，抽取 ${d.taskCount} 家`, `${d.taskCount} of ${d.entityCount}`)}</span>
                  {d.round > 1 && <Tag color="orange">{t(`已重新抽取（共 ${d.round} 轮）`, `${d.round} rounds`)}</Tag>}
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </Card>,
  );
}

function PublicDrawPage() {
  const { code } = useParams();
  const q = useQuery({ queryKey: ['public', 'draw', code], queryFn: () => api.get<PublicDraw>(`/api/public/draws/${code}`) });
  const verify = useQuery({
    queryKey: ['public', 'draw', code, 'verify'],
    queryFn: () => api.get<VerificationDto>(`/api/public/draws/${code}/verify`),
    enabled: false,
  });
  return shell(
    <RecordView query={q} notFound={t('没有这项抽查公示', 'No such draw')}>
      {(d) => (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Card
            title={
              <Space wrap>
                {d.title}
                <LabelTag labels={DRAW_STATE_LABELS} value={d.state} />
              </Space>
            }
            extra={<Link to="/public/draws">{t('全部公示', 'All')}</Link>}
          >
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t('编号', 'Code')}>{d.code}</Descriptions.Item>
              <Descriptions.Item label={t('组织单位', 'Unit')}>{d.jurisdictionName}</Descriptions.Item>
              <Descriptions.Item label={t('检查对象名录', 'Entity pool')}>
                {t(`${d.entityCount} 家（${d.poolDay ?? ''} 锁定）`, `${d.entityCount}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('执法人员名录', 'Inspector pool')}>
                {t(`${d.inspectorCount} 人（均持有效行政执法证）`, `${d.inspectorCount}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('抽取', 'Draw')}>
                {t(`${d.params.entityCount} 家，每家 ${d.params.inspectorsPerEntity} 名执法人员`, `${d.params.entityCount} × ${d.params.inspectorsPerEntity}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('回避', 'Recusal')}>
                {d.params.crossArea ? t('交叉检查；', 'cross-area; ') : ''}
                {t(
                  `申报利害关系及 ${d.params.recusalWindowDays} 天内检查过的不派（${d.exclusionCount} 对）`,
                  `conflicts and ${d.params.recusalWindowDays}-day window (${d.exclusionCount})`,
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('完成期限', 'Due')}>{d.params.dueDate}</Descriptions.Item>
              {d.cancelReason && <Descriptions.Item label={t('已取消', 'Cancelled')}>{d.cancelReason}</Descriptions.Item>}
            </Descriptions>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t(
                '验证方法：下载某一轮的“抽取输入”文件，其 SHA-256 即为该轮承诺值（抽取前已公示）；随机种子 = SHA-256(承诺值:局随机数:见证人随机数)，两个随机数的哈希在抽取前已公示；按公开算法 anlan-draw-v1（SHA-256 计数器随机流 + Fisher–Yates 部分洗牌，回避在算法内执行）即可复算出相同的检查对象和执法人员。',
                'To verify: the SHA-256 of a round’s inputs file is its commitment (published before the draw); seed = SHA-256(commitment:bureauNonce:witnessSecret); re-run anlan-draw-v1 to get the same tasks.',
              )}
            </Typography.Paragraph>
            <Button type="primary" onClick={() => verify.refetch()} loading={verify.isFetching} data-testid="public-verify">
              {t('重新计算并验证', 'Re-run and verify')}
            </Button>
            {verify.data && (
              <div style={{ marginTop: 12 }}>
                <VerifyResult result={verify.data} />
              </div>
            )}
          </Card>
          {[...d.rounds].reverse().map((r) => (
            <Card
              key={r.round}
              size="small"
              title={
                <Space wrap>
                  {t(`第 ${r.round} 轮`, `Round ${r.round}`)}
                  {r.superseded && <Tag color="orange">{t('已被重新抽取替代（保留公示）', 'Replaced (kept on record)')}</Tag>}
                  {!r.seed && <Tag color="blue">{t('承诺已公示，待抽取', 'Committed, not drawn yet')}</Tag>}
                </Space>
              }
              extra={<a href={`/api/public/draws/${d.code}/inputs?round=${r.round}`}>{t('抽取输入', 'Inputs')}</a>}
            >
              {r.reason && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t(`重新抽取原因：${r.reason}`, `Redraw reason: ${r.reason}`)} />}
              <Descriptions size="small" column={1} bordered>
                <Descriptions.Item label={t('承诺值', 'Commitment')}>
                  <Hash value={r.commitment} testId={`public-commitment-${r.round}`} />
                </Descriptions.Item>
                <Descriptions.Item label={t('公示时间', 'Published')}>{fmtTime(r.committedAt)}</Descriptions.Item>
                <Descriptions.Item label={t('见证人', 'Witness')}>{r.witnessName}</Descriptions.Item>
                <Descriptions.Item label={t('局随机数哈希 / 随机数', 'Bureau nonce hash / nonce')}>
                  <Hash value={r.bureauNonceHash} /> <br />
                  <Hash value={r.bureauNonce} />
                </Descriptions.Item>
                <Descriptions.Item label={t('见证人随机数哈希 / 随机数', 'Witness hash / secret')}>
                  <Hash value={r.witnessHash} /> <br />
                  <Hash value={r.witnessSecret} />
                </Descriptions.Item>
                <Descriptions.Item label={t('随机种子', 'Seed')}>
                  <Hash value={r.seed} />
                </Descriptions.Item>
                {r.drawnAt && <Descriptions.Item label={t('抽取时间', 'Drawn')}>{fmtTime(r.drawnAt)}</Descriptions.Item>}
              </Descriptions>
              {r.tasks.length > 0 && (
                <List
                  size="small"
                  style={{ marginTop: 8 }}
                  dataSource={r.tasks}
                  renderItem={(task) => (
                    <List.Item>
                      <Space wrap size={4}>
                        <span>{task.seq}.</span>
                        <strong>{task.enterpriseName}</strong>
                        <span style={{ color: '#888' }}>{task.townName}</span>
                        <span>—</span>
                        {task.inspectors.map((i) => (
                          <Tag key={i.userId}>{i.name}</Tag>
                        ))}
                        <span style={{ color: '#888' }}>{t(`期限 ${task.dueDate}`, `due ${task.dueDate}`)}</span>
                        <TaskResult task={task} />
                      </Space>
                    </List.Item>
                  )}
                />
              )}
            </Card>
          ))}
        </Space>
      )}
    </RecordView>,
  );
}

export default function PublicDraws() {
  return (
    <Routes>
      <Route path=":code" element={<PublicDrawPage />} />
      <Route path="*" element={<PublicList />} />
    </Routes>
  );
}
