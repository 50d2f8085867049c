// 双随机抽查: the list, and a draw's page — pools, the published commitment and nonce hashes, each round's seed
// and tasks, the verify button with its answer, and the lifecycle buttons the server offers (actions).
import { CheckCircleOutlined, CloseCircleOutlined, PlusOutlined, SafetyOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { DRAW_ACTION_LABELS, DRAW_STATE_LABELS, DRAW_STATES, type DrawAction, SCALE_HEADCOUNT } from '../../../../shared/draws.ts';
import type { DrawDetail, DrawListItem, DrawRoundDto, VerificationDto } from '../../../../shared/draws.dto.ts';
import { STATE_LABELS as INSPECTION_STATE_LABELS } from '../../../../shared/inspections.ts';
import { categoryLabel } from '../../../../shared/registry.ts';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { fmtTime } from '../../app/format';
import { t } from '../../app/i18n';
import { Field, FormModal, PlainTable, required } from '../../components/FormParts';
import { labelOf } from '../../components/LabelTag';
import { ListPage } from '../../components/ListPage';
import { PageCard, RecordView } from '../../components/PageCard';
import { usePlaces } from '../../components/places';
import { drawKeys, fieldLink, randomSecret, sha256Hex, useDraw } from './api';
import { DrawStateTag, Hash, TaskResult } from './shared';

export function DrawList() {
  const { can } = useAuth();
  const navigate = useNavigate();
  return (
    <ListPage<DrawListItem>
      title={t('双随机抽查', 'Random inspection draws')}
      extra={
        can('inspection:write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/draws/new')}>
            {t('新建抽查', 'New draw')}
          </Button>
        )
      }
      filters={[
        { kind: 'search', key: 'q', placeholder: t('名称或编号', 'Title or code') },
        {
          kind: 'select',
          key: 'state',
          multiple: true,
          placeholder: t('状态', 'State'),
          options: DRAW_STATES.map((s) => ({ value: s, label: labelOf(DRAW_STATE_LABELS, s) })),
          width: 200,
        },
      ]}
      url="/api/draws"
      queryKey={drawKeys.list}
      rowKey="id"
      total={(n) => t(`共 ${n} 次抽查`, `${n} draws`)}
      empty={{
        text: t('还没有抽查：新建一次，按条件圈定检查对象名录和执法人员名录', 'No draws yet: create one from the registry and the licensed officers'),
        action: can('inspection:write') && <Button onClick={() => navigate('/draws/new')}>{t('新建抽查', 'New draw')}</Button>,
      }}
      columns={[
        { title: t('抽查', 'Draw'), dataIndex: 'title', render: (v, r) => <Link to={`/draws/${r.id}`}>{v}</Link>, hideable: false },
        { title: t('编号', 'Code'), dataIndex: 'code', width: 130 },
        { title: t('状态', 'State'), dataIndex: 'state', width: 150, render: (s) => <DrawStateTag state={s} /> },
        { title: t('组织单位', 'Unit'), dataIndex: 'jurisdictionName', width: 140 },
        { title: t('抽取 / 名录', 'Drawn / pool'), width: 120, render: (_, r) => `${r.taskCount} / ${r.entityCount || '—'}` },
        { title: t('执法人员', 'Inspectors'), dataIndex: 'inspectorCount', width: 100, render: (n) => n || '—' },
        { title: t('完成期限', 'Due'), dataIndex: 'dueDate', width: 110 },
        { title: t('轮次', 'Round'), dataIndex: 'round', width: 70 },
      ]}
    />
  );
}

function TasksTable({ round }: { round: DrawRoundDto }) {
  const { can } = useAuth();
  const navigate = useNavigate();
  return (
    <PlainTable
      rowKey="seq"
      size="small"
      pagination={round.tasks.length > 20 ? { pageSize: 20 } : false}
      dataSource={round.tasks}
      empty={t('尚未抽取', 'Not drawn yet')}
      columns={[
        { title: t('序号', 'No.'), dataIndex: 'seq', width: 60 },
        { title: t('检查对象', 'Enterprise'), dataIndex: 'enterpriseName' },
        { title: t('镇街', 'Town'), dataIndex: 'townName', width: 110 },
        {
          title: t('执法人员', 'Inspectors'),
          render: (_, r) => (
            <Space wrap size={4}>
              {r.inspectors.map((i) => (
                <Tag key={i.userId} title={i.unitName}>
                  {i.name}
                </Tag>
              ))}
            </Space>
          ),
        },
        { title: t('完成期限', 'Due'), dataIndex: 'dueDate', width: 110 },
        {
          title: t('检查', 'Inspection'),
          width: 200,
          render: (_, r) =>
            r.inspection ? (
              <Space wrap size={4}>
                <Link to={`/inspections/${r.inspection.id}`}>{labelOf(INSPECTION_STATE_LABELS, r.inspection.state)}</Link>
                <TaskResult task={r} />
              </Space>
            ) : (
              !round.superseded &&
              can('inspection:write') && (
                <Button size="small" data-testid={`start-task-${r.seq}`} onClick={() => navigate(fieldLink(r))}>
                  {t('开始检查', 'Start the inspection')}
                </Button>
              )
            ),
        },
      ]}
    />
  );
}

function RoundCard({ round }: { round: DrawRoundDto }) {
  return (
    <Card
      size="small"
      data-testid={`round-${round.round}`}
      title={
        <Space wrap>
          {t(`第 ${round.round} 轮`, `Round ${round.round}`)}
          {round.superseded && <Tag color="orange">{t('已被重新抽取替代', 'Replaced by a redraw')}</Tag>}
          {round.seed ? <Tag color="green">{t('已抽取', 'Drawn')}</Tag> : <Tag color="blue">{t('承诺已公示，待抽取', 'Committed')}</Tag>}
        </Space>
      }
    >
      {round.reason && (
        <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t(`重新抽取原因：${round.reason}`, `Reason for the redraw: ${round.reason}`)} />
      )}
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
        <Descriptions.Item label={t('承诺值（SHA-256）', 'Commitment')} span={2}>
          <Hash value={round.commitment} testId={`commitment-${round.round}`} />
        </Descriptions.Item>
        <Descriptions.Item label={t('公示时间', 'Published')}>{fmtTime(round.committedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('算法', 'Algorithm')}>{round.algorithm}</Descriptions.Item>
        <Descriptions.Item label={t('见证人', 'Witness')}>{round.witnessName}</Descriptions.Item>
        {(
          [
            [t('见证人随机数哈希', 'Witness hash'), round.witnessHash],
            [t('局随机数哈希', 'Bureau nonce hash'), round.bureauNonceHash],
            [t('局随机数（抽取时公开）', 'Bureau nonce'), round.bureauNonce],
            [t('见证人随机数（抽取时公开）', 'Witness secret'), round.witnessSecret],
          ] as const
        ).map(([label, value]) => (
          <Descriptions.Item key={label} label={label}>
            <Hash value={value} />
          </Descriptions.Item>
        ))}
        <Descriptions.Item label={t('随机种子', 'Seed')}>
          <Hash value={round.seed} testId={`seed-${round.round}`} />
        </Descriptions.Item>
        <Descriptions.Item label={t('抽取时间', 'Drawn at')}>{round.drawnAt ? fmtTime(round.drawnAt) : '—'}</Descriptions.Item>
      </Descriptions>
      <div style={{ marginTop: 8 }}>
        <TasksTable round={round} />
      </div>
    </Card>
  );
}

export function VerifyResult({ result }: { result: VerificationDto }) {
  return (
    <Alert
      data-testid="verify-result"
      type={result.ok ? 'success' : 'error'}
      showIcon
      icon={result.ok ? <CheckCircleOutlined /> : <CloseCircleOutlined />}
      title={result.ok ? t('验证通过', 'Verified') : t('验证未通过', 'Verification failed')}
      description={
        <Space direction="vertical" size={2}>
          <span>{result.message}</span>
          {result.rounds.map((r) => (
            <span key={r.round} style={{ fontSize: 12 }}>
              {t(`第 ${r.round} 轮`, `Round ${r.round}`)}：{t('承诺值', 'commitment')} {r.commitmentMatches ? '✓' : '✗'} · {t('随机数', 'nonces')}{' '}
              {r.bureauNonceMatches && r.witnessSecretMatches ? '✓' : '✗'} · {t('种子', 'seed')} {r.seedMatches ? '✓' : '✗'} · {t('结果', 'tasks')}{' '}
              {r.tasksMatch ? '✓' : '✗'}
            </span>
          ))}
          <span style={{ fontSize: 12, color: '#888' }}>
            {t('验证时间', 'Checked')} {fmtTime(result.checkedAt)} · {result.algorithm}
          </span>
        </Space>
      }
    />
  );
}

/** The witness's part of a commit: their name and the hash of a secret only they keep (made here, in the browser). */
function WitnessFields({ onSecret }: { onSecret: (s: string) => void }) {
  return (
    <>
      <Field name="witnessName" label={t('见证人（第二人，如纪检监察或企业代表）', 'Witness')} rules={[required()]}>
        <Input maxLength={50} />
      </Field>
      <Field
        name="secret"
        label={t('见证人随机数（由见证人保管，抽取时输入；本页只提交其哈希）', 'Witness secret (kept by the witness; only its hash is sent)')}
        rules={[required(), { min: 8, message: t('至少 8 个字符', 'At least 8 characters') }]}
        extra={
          <Button size="small" type="link" style={{ padding: 0 }} onClick={() => onSecret(randomSecret())}>
            {t('在本设备生成随机数', 'Generate on this device')}
          </Button>
        }
      >
        <Input.Password visibilityToggle maxLength={200} />
      </Field>
    </>
  );
}

type Modal = DrawAction | null;

function ActionModals({ draw, open, onClose }: { draw: DrawDetail; open: Modal; onClose: () => void }) {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: drawKeys.all });
  const [secretForm] = Form.useForm<{ witnessName: string; secret: string; reason?: string }>();
  if (open === 'commit' || open === 'redraw')
    return (
      <FormModal<{ witnessName: string; secret: string; reason?: string }>
        form={secretForm}
        title={open === 'commit' ? t('锁定名录并公示承诺', 'Commit and publish') : t('重新抽取（保留原结果并公示）', 'Redraw')}
        okText={open === 'commit' ? t('公示承诺', 'Publish') : t('重新公示承诺', 'Publish again')}
        onClose={onClose}
        onSubmit={async (v) => {
          const witnessHash = await sha256Hex(v.secret);
          await api.post(
            `/api/draws/${draw.id}/${open}`,
            open === 'commit' ? { witnessName: v.witnessName, witnessHash } : { reason: v.reason, witnessName: v.witnessName, witnessHash },
          );
          await done();
        }}
      >
        {open === 'redraw' && (
          <Field name="reason" label={t('重新抽取原因（公开）', 'Reason (public)')} rules={[required()]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Field>
        )}
        <WitnessFields onSecret={(s) => secretForm.setFieldValue('secret', s)} />
        <Alert
          type="info"
          showIcon
          title={t(
            '提交后名录和参数即被锁定，承诺值立即在公示页公开；抽取时由见证人输入随机数，种子由承诺值、局随机数和见证人随机数共同决定，任何一方都无法单独操纵结果。',
            'Once published the pools are fixed; the seed comes from the commitment and both secrets, so neither side can steer the result.',
          )}
        />
      </FormModal>
    );
  if (open === 'draw' || open === 'cancel') {
    // One field, posted as it is: the witness's secret, or the reason for cancelling.
    const action =
      open === 'draw'
        ? {
            title: t('抽取', 'Draw'),
            okText: t('抽取', 'Draw'),
            field: (
              <Field name="witnessSecret" label={t('见证人随机数', 'Witness secret')} rules={[required()]}>
                <Input.Password maxLength={200} />
              </Field>
            ),
          }
        : {
            title: t('取消抽查', 'Cancel the draw'),
            okText: t('取消抽查', 'Cancel draw'),
            field: (
              <Field name="reason" label={t('取消原因（已公示的抽查仍保留在公示页）', 'Reason')} rules={[required()]}>
                <Input.TextArea rows={2} maxLength={500} />
              </Field>
            ),
          };
    return (
      <FormModal<Record<string, string>>
        title={action.title}
        okText={action.okText}
        onClose={onClose}
        onSubmit={async (v) => {
          await api.post(`/api/draws/${draw.id}/${open}`, v);
          await done();
        }}
      >
        {action.field}
      </FormModal>
    );
  }
  return null;
}

export function filterSummary(f: DrawDetail['filter'], name: (code: string) => string): string {
  const parts: string[] = [];
  if (f.towns?.length) parts.push(`${t('镇街', 'Towns')}：${f.towns.map(name).join('、')}`);
  if (f.categories?.length) parts.push(`${t('类别', 'Categories')}：${f.categories.map(categoryLabel).join('、')}`);
  if (f.industries?.length) parts.push(`${t('行业代码', 'Industries')}：${f.industries.join('、')}`);
  if (f.scales?.length) parts.push(`${t('规模', 'Scale')}：${f.scales.map((s) => SCALE_HEADCOUNT[s].zh).join('、')}`);
  if (f.keyUnit !== undefined) parts.push(f.keyUnit ? t('重点单位', 'Key units') : t('非重点单位', 'Not key units'));
  if (f.supervisingLevel) parts.push(`${t('监管层级', 'Level')}：${f.supervisingLevel === 'district' ? t('区级', 'District') : t('镇街级', 'Town')}`);
  return parts.join('；') || t('辖区内全部在营企业', 'All active enterprises in scope');
}

export function DrawPage() {
  const { id } = useParams();
  const q = useDraw(id);
  const { name } = usePlaces();
  const [open, setOpen] = useState<Modal>(null);
  const verify = useQuery({ queryKey: drawKeys.verify(id), queryFn: () => api.get<VerificationDto>(`/api/draws/${id}/verify`), enabled: false });
  return (
    <RecordView query={q} notFound={t('抽查不存在或不在您的管辖范围内', 'Draw not found')}>
      {(d) => (
        <Flex vertical gap={12}>
          <PageCard
            title={d.title}
            tags={
              <>
                <DrawStateTag state={d.state} />
                <Tag>{d.code}</Tag>
              </>
            }
            extra={
              <Space wrap>
                {d.actions.map((a) => (
                  <Button
                    key={a}
                    type={a === 'draw' || a === 'commit' ? 'primary' : 'default'}
                    danger={a === 'cancel'}
                    onClick={() => setOpen(a)}
                    data-testid={`action-${a}`}
                  >
                    {labelOf(DRAW_ACTION_LABELS, a)}
                  </Button>
                ))}
                {d.round > 0 && (
                  <Button icon={<SafetyOutlined />} loading={verify.isFetching} onClick={() => verify.refetch()} data-testid="verify">
                    {t('验证', 'Verify')}
                  </Button>
                )}
                {d.round > 0 && (
                  <Link to={`/public/draws/${d.code}`} target="_blank">
                    {t('公示页', 'Public page')}
                  </Link>
                )}
              </Space>
            }
          >
            {verify.data && <VerifyResult result={verify.data} />}
            <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} style={{ marginTop: verify.data ? 12 : 0 }}>
              <Descriptions.Item label={t('组织单位', 'Unit')}>{d.jurisdictionName}</Descriptions.Item>
              <Descriptions.Item label={t('执法人员来自', 'Inspectors from')}>{name(d.inspectorUnit)}</Descriptions.Item>
              <Descriptions.Item label={t('名录锁定日', 'Pool day')}>{d.poolDay ?? t('未锁定', 'Not yet')}</Descriptions.Item>
              <Descriptions.Item label={t('检查对象名录', 'Entity pool')}>{d.round ? t(`${d.entityCount} 家`, `${d.entityCount}`) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('执法人员名录', 'Inspector pool')}>
                {d.round ? t(`${d.inspectorCount} 人`, `${d.inspectorCount}`) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('回避关系', 'Exclusions')}>{d.round ? t(`${d.exclusionCount} 对`, `${d.exclusionCount}`) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('抽取数量', 'Draw')}>
                {t(`${d.params.entityCount} 家，每家 ${d.params.inspectorsPerEntity} 人`, `${d.params.entityCount} × ${d.params.inspectorsPerEntity}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('交叉检查', 'Cross-area')}>{d.params.crossArea ? t('是', 'Yes') : t('否', 'No')}</Descriptions.Item>
              <Descriptions.Item label={t('回避期', 'Recusal window')}>
                {t(`${d.params.recusalWindowDays} 天`, `${d.params.recusalWindowDays} days`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('完成期限', 'Due')}>{d.params.dueDate}</Descriptions.Item>
              <Descriptions.Item label={t('筛选条件', 'Filter')} span={2}>
                {filterSummary(d.filter, name)}
              </Descriptions.Item>
              {d.cancelReason && <Descriptions.Item label={t('取消原因', 'Cancelled because')}>{d.cancelReason}</Descriptions.Item>}
            </Descriptions>
            {d.round > 0 && (
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
                {t(
                  '任何人可下载公示页的“抽取输入”文件：其 SHA-256 即承诺值，按公开算法可复算出相同结果。',
                  'Anyone can download the inputs from the public page: their SHA-256 is the commitment.',
                )}{' '}
                <a href={`/api/public/draws/${d.code}/inputs`}>{t('下载本轮输入', 'Download inputs')}</a>
              </Typography.Paragraph>
            )}
          </PageCard>
          {[...d.rounds].reverse().map((r) => (
            <RoundCard key={r.round} round={r} />
          ))}
          {d.round > 0 && (
            <Card size="small" title={t(`执法人员名录（${d.inspectors.length} 人）`, `Inspector pool (${d.inspectors.length})`)}>
              <Space wrap size={4}>
                {d.inspectors.map((i) => (
                  <Tag key={i.userId} title={i.unitName}>
                    {i.name} · {i.unitName}
                  </Tag>
                ))}
              </Space>
            </Card>
          )}
          <Card size="small" title={t('记录', 'Timeline')}>
            <Timeline
              items={d.history.map((h) => ({
                children: (
                  <span>
                    {fmtTime(h.at)} {h.actorName ?? ''} · {labelOf(DRAW_ACTION_LABELS, h.action, h.action === 'create' ? t('新建', 'Created') : h.action)}
                    {h.note ? ` · ${h.note}` : ''}
                  </span>
                ),
              }))}
            />
          </Card>
          <ActionModals draw={d} open={open} onClose={() => setOpen(null)} />
        </Flex>
      )}
    </RecordView>
  );
}
