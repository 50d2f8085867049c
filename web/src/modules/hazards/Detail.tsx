// 一患一档: everything about one hazard on one page — facts, basis, plan, progress, extensions,
// supervision, photos, the timeline of every step — and the actions its state and your permissions allow.
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Empty,
  Form,
  Image,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Spin,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import type { UploadFile } from 'antd/es/upload/interface';
import type { Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ACTION_LABELS, CATEGORY_LABELS, HAZARD_ACTIONS, type HazardAction, HAZARD_SECTORS } from '../../../../shared/hazards.ts';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { LevelTag, sectorLabel, sourceLabel, StateTag, stateLabel } from './shared';
import { formErrorMessage } from '../../components/formErrors';
import { DeadlinePicker, deadlineOf, PhotoPicker, TableCard } from '../../components/FormParts';
import { fmtDate, fmtTime, yuan } from '../../app/format';
import { t } from '../../app/i18n';
import { type HazardFile, hazardKeys, uploadFiles, useClauses } from './api';
import { PageNote } from '../../components/PageCard';

type Extra = 'progress' | 'extension' | 'supervise';
type Dialog = { kind: 'action'; action: HazardAction } | { kind: Extra };

const EVENT_LABELS: Record<string, [string, string]> = {
  create: ['登记', 'Recorded'],
  progress: ['整改进度', 'Progress'],
  extension_request: ['申请延期', 'Extension requested'],
  extension_approve: ['批准延期', 'Extension approved'],
  extension_deny: ['驳回延期', 'Extension denied'],
  supervise: ['挂牌督办', 'Supervised'],
  withdraw_supervision: ['摘牌', 'Supervision withdrawn'],
  overdue: ['超期', 'Overdue'],
  escalate: ['升级至区级', 'Escalated to district'],
};
/** The dossier of a major hazard is its 一患一档; any other hazard's is its 隐患档案 (the server names the file alike). */
export const dossierLabel = (level: string | null | undefined) =>
  level === 'major' ? t('导出一患一档', 'Export dossier') : t('导出隐患档案', 'Export hazard file');

const eventLabel = (a: string) => {
  const act = ACTION_LABELS[a as HazardAction];
  if (act) return t(act.zh, act.en);
  const e = EVENT_LABELS[a];
  return e ? t(e[0], e[1]) : a;
};

export function Detail() {
  const { id } = useParams();
  const { me, can } = useAuth();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const q = useQuery({ queryKey: hazardKeys.detail(id), queryFn: () => api.get<HazardFile>(`/api/hazards/${id}`) });
  if (q.isLoading) return <Spin style={{ display: 'block', marginTop: 64 }} />;
  if (q.error || !q.data) return <Alert type="error" showIcon message={(q.error as Error)?.message ?? t('加载失败', 'Failed to load')} />;
  const d = q.data;
  const h = d.hazard;
  const refresh = () => qc.invalidateQueries({ queryKey: hazardKeys.all });
  const liveSupervision = d.supervisions.find((s) => !s.withdrawnAt);
  const pendingExt = d.extensions.find((e) => e.status === 'pending');

  const may = (a: HazardFile['actions'][number]) => d.actions.includes(a);
  const actions = HAZARD_ACTIONS.filter(may);
  const selfAcceptance = h.state === 'acceptance_requested' && !!h.rectifiedBy && h.rectifiedBy === me?.id && can('hazard:approve') && !may('verify');
  const decide = (approve: boolean) =>
    modal.confirm({
      title: approve ? t('批准延期申请？', 'Approve the extension?') : t('驳回延期申请？', 'Deny the extension?'),
      onOk: async () => {
        try {
          await api.post(`/api/hazards/extensions/${pendingExt?.id}/decision`, { approve });
          refresh();
        } catch (e) {
          message.error((e as Error).message);
        }
      },
    });
  const withdraw = () =>
    modal.confirm({
      title: t('摘牌（撤销挂牌督办）？', 'Withdraw the supervision?'),
      onOk: async () => {
        try {
          await api.post(`/api/hazards/supervisions/${liveSupervision?.id}/withdraw`, { reason: '督办单位决定摘牌' });
          refresh();
        } catch (e) {
          message.error((e as Error).message);
        }
      },
    });

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <span>{h.title}</span>
            <Typography.Text type="secondary">{h.code}</Typography.Text>
            <LevelTag level={h.level} />
            <StateTag state={h.state} overdue={h.overdue} />
            {liveSupervision && <Tag color="volcano">{t('挂牌督办中', 'Under supervision')}</Tag>}
          </Space>
        }
        extra={
          <Button icon={<DownloadOutlined />} href={`/api/hazards/${h.id}/dossier.docx`}>
            {dossierLabel(h.level)}
          </Button>
        }
      >
        <Space wrap style={{ marginBottom: 16 }}>
          {actions.map((a) => (
            <Button
              key={a}
              type={['verify', 'close', 'plan', 'grade', 'request_acceptance'].includes(a) ? 'primary' : 'default'}
              danger={a === 'cancel'}
              onClick={() => setDialog({ kind: 'action', action: a })}
            >
              {t(ACTION_LABELS[a].zh, ACTION_LABELS[a].en)}
            </Button>
          ))}
          {selfAcceptance && (
            // The server refuses the one who asked for acceptance (ACCEPTOR_IS_RECTIFIER) and leaves verify out of
            // `actions`: show the button greyed with the reason instead of letting it vanish unexplained.
            <Tooltip title={t('验收人不能是整改申请人本人，请由其他人员验收', 'You asked for acceptance: someone else must accept')}>
              <Button type="primary" disabled>
                {t(ACTION_LABELS.verify.zh, ACTION_LABELS.verify.en)}
              </Button>
            </Tooltip>
          )}
          {may('progress') && <Button onClick={() => setDialog({ kind: 'progress' })}>{t('填报整改进度', 'Report progress')}</Button>}
          {may('extension_request') && <Button onClick={() => setDialog({ kind: 'extension' })}>{t('申请延期', 'Request extension')}</Button>}
          {may('extension_decide') && pendingExt && (
            <>
              <Button onClick={() => decide(true)}>{t('批准延期', 'Approve extension')}</Button>
              <Button onClick={() => decide(false)}>{t('驳回延期', 'Deny extension')}</Button>
            </>
          )}
          {may('supervise') && <Button onClick={() => setDialog({ kind: 'supervise' })}>{t('挂牌督办', 'Supervise')}</Button>}
          {may('withdraw_supervision') && liveSupervision && <Button onClick={withdraw}>{t('摘牌', 'Withdraw supervision')}</Button>}
        </Space>
        {h.rectifiedBy && h.rectifiedBy === me?.id && h.state === 'acceptance_requested' && (
          <PageNote>{t('您是本隐患的整改申请人，验收须由其他人员进行。', 'You requested acceptance; someone else must accept.')}</PageNote>
        )}
        <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('单位', 'Unit')}>{d.enterprise?.name ?? d.park?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('所属辖区', 'Jurisdiction')}>
            {d.townName}
            {d.jurisdictionName && d.jurisdictionName !== d.townName ? ` / ${d.jurisdictionName}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('地点', 'Location')}>{h.location ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('来源', 'Source')}>
            {sourceLabel(h.source)}
            {h.alarmId ? (
              <>
                {' · '}
                <Link to={`/monitoring/alarms/${h.alarmId}`}>{t('查看来源告警', 'Open the alarm')}</Link>
              </>
            ) : null}
          </Descriptions.Item>
          <Descriptions.Item label={t('行业领域', 'Sector')}>{sectorLabel(h.sector)}</Descriptions.Item>
          <Descriptions.Item label={t('发现人 / 时间', 'Found by / at')}>
            {h.finderName ?? '—'} · {fmtTime(h.foundAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('整改期限', 'Deadline')}>
            <Typography.Text type={h.overdue ? 'danger' : undefined}>{fmtDate(h.deadline)}</Typography.Text>
            {h.escalationLevel > 0 && (
              <Tag color="red" style={{ marginLeft: 8 }}>
                {h.escalationLevel >= 2 ? t('已升级至区级', 'Escalated to district') : t('已推送镇街', 'Sent to town')}
              </Tag>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('销号时间', 'Closed at')}>{fmtTime(h.closedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('隐患描述', 'Description')} span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{h.description}</Typography.Paragraph>
          </Descriptions.Item>
          {h.cancelReason && (
            <Descriptions.Item label={t('撤销原因', 'Cancel reason')} span={2}>
              {h.cancelReason}
            </Descriptions.Item>
          )}
          {d.clause && (
            <Descriptions.Item label={t('判定依据', 'Criteria')} span={2}>
              {d.clause.standardName}（{d.clause.standardVersion}）{d.clause.number} ·{' '}
              {t(CATEGORY_LABELS[d.clause.category as 'management'].zh, CATEGORY_LABELS[d.clause.category as 'management'].en)}
              <br />
              {d.clause.text}
              {d.clause.textKind === 'summary' && <Tag style={{ marginLeft: 8 }}>{t('摘要', 'summary')}</Tag>}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>

      <Row gutter={12}>
        <Col xs={24} lg={14}>
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            <Card size="small" title={t('整改方案（五到位）', 'Rectification plan')}>
              {d.plans.length === 0 ? (
                <Empty description={t('尚未制定整改方案', 'No plan yet')} />
              ) : (
                d.plans
                  .slice()
                  .reverse()
                  .map((p, i) => (
                    <Descriptions
                      key={p.id}
                      size="small"
                      bordered
                      column={1}
                      title={i === 0 ? t('当前方案', 'Current plan') : `${t('历史方案', 'Earlier plan')} ${fmtTime(p.createdAt)}`}
                      style={{ marginBottom: 8 }}
                    >
                      <Descriptions.Item label={t('整改措施', 'Measures')}>{p.measures}</Descriptions.Item>
                      <Descriptions.Item label={t('整改资金', 'Funds')}>{yuan(p.fundsFen)}</Descriptions.Item>
                      <Descriptions.Item label={t('整改期限', 'Deadline')}>{fmtDate(p.deadline)}</Descriptions.Item>
                      <Descriptions.Item label={t('责任人', 'Responsible')}>
                        {p.responsiblePerson} {p.responsiblePhone}
                      </Descriptions.Item>
                      <Descriptions.Item label={t('应急措施', 'Interim measures')}>{p.interimMeasures}</Descriptions.Item>
                    </Descriptions>
                  ))
              )}
            </Card>
            <Card size="small" title={t('整改进度', 'Progress')}>
              {d.progress.length === 0 ? (
                <Empty description={t('暂无', 'None')} />
              ) : (
                d.progress.map((p) => (
                  <div key={p.id} style={{ marginBottom: 12 }}>
                    <Typography.Text type="secondary">
                      {fmtTime(p.createdAt)} {p.createdByName}
                    </Typography.Text>
                    <div style={{ whiteSpace: 'pre-wrap' }}>{p.note}</div>
                    <Photos ids={p.photoIds} />
                  </div>
                ))
              )}
            </Card>
            <Card size="small" title={t('现场照片', 'Photos')}>
              {h.photoIds.length ? <Photos ids={h.photoIds} /> : <Empty description={t('暂无照片', 'No photos')} />}
            </Card>
            <TableCard
              title={t('延期申请', 'Extensions')}
              dataSource={d.extensions}
              empty={t('无', 'None')}
              columns={[
                { title: t('申请时间', 'Requested'), dataIndex: 'requestedAt', render: fmtDate },
                { title: t('原期限 → 新期限', 'Old → new'), render: (_, e) => `${fmtDate(e.oldDeadline)} → ${fmtDate(e.newDeadline)}` },
                { title: t('理由', 'Reason'), dataIndex: 'reason' },
                {
                  title: t('结果', 'Result'),
                  dataIndex: 'status',
                  render: (s: string, e) => (
                    <>
                      <Tag color={s === 'approved' ? 'green' : s === 'denied' ? 'red' : 'blue'}>
                        {{ pending: t('待审批', 'Pending'), approved: t('已批准', 'Approved'), denied: t('未批准', 'Denied') }[s]}
                      </Tag>
                      {e.decidedByName}
                    </>
                  ),
                },
              ]}
            />
            <Card size="small" title={t('挂牌督办', 'Government supervision')}>
              {d.supervisions.length === 0 ? (
                <Empty description={t('未挂牌督办', 'Not supervised')} />
              ) : (
                d.supervisions.map((s) => (
                  <Descriptions key={s.id} size="small" bordered column={{ xs: 1, md: 2 }} style={{ marginBottom: 8 }}>
                    <Descriptions.Item label={t('督办文号', 'Notice no.')}>{s.noticeNo}</Descriptions.Item>
                    <Descriptions.Item label={t('督办单位', 'Issuer')}>
                      {s.issuer}（{s.level === 'district' ? t('区级', 'district') : t('镇街级', 'town')}）
                    </Descriptions.Item>
                    <Descriptions.Item label={t('督办期限', 'Deadline')}>{fmtDate(s.deadline)}</Descriptions.Item>
                    <Descriptions.Item label={t('挂牌 / 摘牌', 'Published / withdrawn')}>
                      {fmtDate(s.publishedAt)} / {s.withdrawnAt ? fmtDate(s.withdrawnAt) : t('督办中', 'live')}
                    </Descriptions.Item>
                    <Descriptions.Item label={t('责令停产停业', 'Stop order')}>
                      {s.stopProduction ? `${t('是', 'Yes')} ${s.stopOrderNo ?? ''}` : t('否', 'No')}
                    </Descriptions.Item>
                    {s.withdrawReason && <Descriptions.Item label={t('摘牌原因', 'Reason')}>{s.withdrawReason}</Descriptions.Item>}
                  </Descriptions>
                ))
              )}
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('处理过程', 'Timeline')}>
            <Timeline
              items={d.events.map((e) => ({
                color: e.action === 'overdue' || e.action === 'escalate' ? 'red' : e.action === 'close' ? 'green' : 'blue',
                children: (
                  <div>
                    <strong>{eventLabel(e.action)}</strong>
                    {e.toState && e.fromState !== e.toState && <Typography.Text type="secondary"> → {stateLabel(e.toState)}</Typography.Text>}
                    <div>
                      <Typography.Text type="secondary">
                        {fmtTime(e.at)} {e.actorName}
                      </Typography.Text>
                    </div>
                    {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      {dialog && (
        <ActionDialog
          dialog={dialog}
          hazardId={h.id}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            refresh();
          }}
        />
      )}
    </Space>
  );
}

function Photos({ ids }: { ids: string[] }) {
  if (!ids.length) return null;
  return (
    <Image.PreviewGroup>
      <Space wrap>
        {ids.map((pid) => (
          <Image key={pid} width={96} height={96} style={{ objectFit: 'cover' }} src={`/api/files/${pid}`} alt={t('隐患照片', 'Hazard photo')} />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

interface DialogValues {
  level?: 'general' | 'major';
  clauseId?: string;
  sector?: string;
  note?: string;
  reason?: string;
  measures?: string;
  fundsYuan?: number;
  deadline?: Dayjs;
  newDeadline?: Dayjs;
  responsiblePerson?: string;
  responsiblePhone?: string;
  interimMeasures?: string;
  noticeNo?: string;
  issuer?: string;
  supervisionLevel?: 'district' | 'town';
  stopProduction?: boolean;
  stopOrderNo?: string;
}

function ActionDialog({ dialog, hazardId, onClose, onDone }: { dialog: Dialog; hazardId: string; onClose(): void; onDone(): void }) {
  const [form] = Form.useForm<DialogValues>();
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  const clauses = useClauses();
  const level = Form.useWatch('level', form);
  const stop = Form.useWatch('stopProduction', form);
  const key = dialog.kind === 'action' ? dialog.action : dialog.kind;
  const title =
    dialog.kind === 'action'
      ? t(ACTION_LABELS[dialog.action].zh, ACTION_LABELS[dialog.action].en)
      : { progress: t('填报整改进度', 'Report progress'), extension: t('申请延期', 'Request extension'), supervise: t('挂牌督办', 'Supervise') }[dialog.kind];
  const photos = () => uploadFiles(files.map((f) => f.originFileObj as File).filter(Boolean));

  const submit = async (v: DialogValues) => {
    setBusy(true);
    try {
      const base = `/api/hazards/${hazardId}`;
      switch (key) {
        case 'grade':
          await api.post(`${base}/grade`, { level: v.level, clauseId: v.clauseId, sector: v.sector, note: v.note || undefined });
          break;
        case 'plan':
          await api.post(`${base}/plan`, {
            measures: v.measures,
            fundsFen: Math.round((v.fundsYuan ?? 0) * 100),
            deadline: deadlineOf(v.deadline),
            responsiblePerson: v.responsiblePerson,
            responsiblePhone: v.responsiblePhone || undefined,
            interimMeasures: v.interimMeasures,
          });
          break;
        case 'request_acceptance':
        case 'progress': {
          const photoIds = await photos();
          await api.post(`${base}/${key === 'progress' ? 'progress' : 'request-acceptance'}`, { note: v.note, photoIds });
          break;
        }
        case 'reject_acceptance':
        case 'reopen':
        case 'cancel':
          await api.post(`${base}/${key === 'reject_acceptance' ? 'reject-acceptance' : key}`, { reason: v.reason });
          break;
        case 'verify':
        case 'close':
          await api.post(`${base}/${key}`, { note: v.note || undefined });
          break;
        case 'extension':
          await api.post(`${base}/extensions`, { newDeadline: deadlineOf(v.newDeadline), reason: v.reason });
          break;
        case 'supervise':
          await api.post(`${base}/supervision`, {
            noticeNo: v.noticeNo,
            issuer: v.issuer,
            level: v.supervisionLevel,
            deadline: deadlineOf(v.deadline),
            stopProduction: v.stopProduction ?? false,
            stopOrderNo: v.stopOrderNo || undefined,
          });
          break;
      }
      message.success(t('已保存', 'Saved'));
      onDone();
    } catch (e) {
      message.error(formErrorMessage(form, e));
    } finally {
      setBusy(false);
    }
  };

  const item = (name: keyof DialogValues, label: string, node: ReactNode, required = true, extra?: object) => (
    <Form.Item name={name} label={label} rules={required ? [{ required: true, message: t('请填写此项', 'Required') }] : []} {...extra}>
      {node}
    </Form.Item>
  );

  let body: ReactNode = null;
  switch (key) {
    case 'grade':
      body = (
        <>
          {item(
            'level',
            t('隐患等级', 'Level'),
            <Radio.Group>
              <Radio value="general">{t('一般隐患', 'General')}</Radio>
              <Radio value="major">{t('重大事故隐患', 'Major')}</Radio>
            </Radio.Group>,
          )}
          {item(
            'clauseId',
            t('判定标准条款', 'Criteria clause'),
            <Select
              showSearch
              allowClear
              optionFilterProp="label"
              options={(clauses.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.standardName}（${c.standardVersion}）${c.number} ${c.text}` }))}
            />,
            level === 'major',
          )}
          {item('sector', t('行业领域', 'Sector'), <Select allowClear options={HAZARD_SECTORS.map((s) => ({ value: s, label: sectorLabel(s) }))} />, false)}
          {item('note', t('说明', 'Note'), <Input.TextArea rows={2} />, false)}
        </>
      );
      break;
    case 'plan':
      body = (
        <>
          {item('measures', t('整改措施', 'Measures'), <Input.TextArea rows={3} />)}
          {item('fundsYuan', t('整改资金（元）', 'Funds (yuan)'), <InputNumber min={0} precision={2} style={{ width: '100%' }} />)}
          {item('deadline', t('整改期限', 'Deadline'), <DeadlinePicker />)}
          {item('responsiblePerson', t('责任人', 'Responsible person'), <Input />)}
          {item('responsiblePhone', t('责任人电话', 'Phone'), <Input />, false)}
          {item('interimMeasures', t('整改期间应急措施', 'Interim measures'), <Input.TextArea rows={2} />)}
        </>
      );
      break;
    case 'request_acceptance':
    case 'progress':
      body = (
        <>
          {item('note', key === 'progress' ? t('进度说明', 'Progress') : t('整改完成情况', 'What was done'), <Input.TextArea rows={3} />)}
          <PhotoPicker id="hazard-step-photos" label={t('照片', 'Photos')} listType="picture" files={files} onChange={setFiles}>
            <Button icon={<UploadOutlined />}>{t('选择照片', 'Choose photos')}</Button>
          </PhotoPicker>
        </>
      );
      break;
    case 'reject_acceptance':
    case 'reopen':
    case 'cancel':
      body = item('reason', t('原因', 'Reason'), <Input.TextArea rows={3} />);
      break;
    case 'verify':
    case 'close':
      body = item('note', t('意见', 'Note'), <Input.TextArea rows={2} />, false);
      break;
    case 'extension':
      body = (
        <>
          {item('newDeadline', t('新的整改期限', 'New deadline'), <DeadlinePicker />)}
          {item('reason', t('延期理由', 'Reason'), <Input.TextArea rows={3} />)}
        </>
      );
      break;
    case 'supervise':
      body = (
        <>
          {item('noticeNo', t('督办文号', 'Notice number'), <Input placeholder="海应急督〔2026〕1号" />)}
          {item('issuer', t('督办单位', 'Issuer'), <Input />)}
          {item(
            'supervisionLevel',
            t('督办级别', 'Level'),
            <Radio.Group>
              <Radio value="district">{t('区级', 'District')}</Radio>
              <Radio value="town">{t('镇街级', 'Town')}</Radio>
            </Radio.Group>,
          )}
          {item('deadline', t('督办期限', 'Deadline'), <DeadlinePicker />)}
          <Form.Item name="stopProduction" valuePropName="checked">
            <Checkbox>{t('责令停产停业', 'Stop-production order')}</Checkbox>
          </Form.Item>
          {stop && item('stopOrderNo', t('停产停业文书编号', 'Stop order number'), <Input />)}
        </>
      );
      break;
  }
  return (
    <Modal open title={title} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} okText={t('提交', 'Submit')} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit}>
        {body}
      </Form>
    </Modal>
  );
}
