// One inspection: who, where, the items with their results, photos and the hazards they became, the
// signature, the documents, the timeline, and the steps its state and your permissions allow.
import { DownloadOutlined, QrcodeOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Descriptions, Image, Input, Modal, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ACTION_LABELS, type InspectionAction } from '../../../../shared/inspections.ts';
import { api, download } from '../../app/api';
import { fmtMinute } from '../../app/format';
import { t } from '../../app/i18n';
import { PlainTable } from '../../components/FormParts';
import { PageCard, RecordView } from '../../components/PageCard';
import { PlaceName } from '../../components/places';
import { type InspectionDetail, inspectionKeys } from './api';
import { KindTag, ResultTag, StateTag } from './shared';
import { JointTeamCard, RequestHelpButton } from '../assists/parts';

export function Detail() {
  const { id } = useParams();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: inspectionKeys.detail(id), queryFn: () => api.get<InspectionDetail>(`/api/inspections/${id}`) });
  const [reasonFor, setReasonFor] = useState<'return' | 'cancel'>();
  const [reason, setReason] = useState('');
  const [qr, setQr] = useState(false);
  const step = async (action: 'return' | 'cancel') => {
    try {
      await api.post(`/api/inspections/${id}/${action}`, { reason });
      setReasonFor(undefined);
      setReason('');
      await qc.invalidateQueries({ queryKey: inspectionKeys.all });
    } catch (e) {
      Modal.error({ title: (e as Error).message });
    }
  };
  return (
    <RecordView query={q} notFound={t('检查记录不存在或不在您的管辖范围内', 'No such inspection in your scope')}>
      {(d) => {
        const r = d.inspection;
        const hazards = new Map(d.hazards.map((h) => [h.id, h]));
        return (
          <Space direction="vertical" style={{ width: '100%' }}>
            <PageCard
              title={`${r.code} ${r.title}`}
              tags={
                <>
                  <KindTag kind={r.kind} />
                  <StateTag state={r.state} />
                </>
              }
              extra={
                <Space wrap>
                  <Button icon={<DownloadOutlined />} onClick={() => void download(`/api/inspections/${r.id}/record.docx`, '现场检查记录.docx')}>
                    {t('现场检查记录', 'Record')}
                  </Button>
                  {r.kind === 'enforcement' && r.itemsFailed > 0 && r.rectifyDeadline && (
                    <Button icon={<DownloadOutlined />} onClick={() => void download(`/api/inspections/${r.id}/order.docx`, '责令限期整改指令书.docx')}>
                      {t('责令限期整改指令书', 'Rectification order')}
                    </Button>
                  )}
                  {r.enterpriseId && (
                    <Button icon={<QrcodeOutlined />} onClick={() => setQr(true)}>
                      {t('扫码入企二维码', 'QR code')}
                    </Button>
                  )}
                  {r.kind === 'enforcement' && r.jurisdictionCode.length >= 9 && <RequestHelpButton on="inspection" id={r.id} label={`${r.code} ${r.title}`} />}
                  {(['return', 'cancel'] as const)
                    .filter((a) => d.actions.includes(a))
                    .map((a) => (
                      <Button key={a} danger={a === 'cancel'} onClick={() => setReasonFor(a)}>
                        {ACTION_LABELS[a as InspectionAction].zh}
                      </Button>
                    ))}
                </Space>
              }
            >
              <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
                <Descriptions.Item label={t('被检查单位', 'Enterprise')}>{r.enterpriseName ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('园区', 'Park')}>{r.parkName ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('镇街', 'Town')}>
                  <PlaceName code={r.townCode} />
                </Descriptions.Item>
                <Descriptions.Item label={t('执法人员', 'Officers')}>
                  {r.officers.length ? (
                    <Space wrap size={[4, 4]}>
                      {r.officers.map((o) => (
                        <Tag key={o.userId} color={o.confirmedAt ? 'green' : 'default'} style={{ whiteSpace: 'normal' }}>
                          {o.name}（{o.licenceNumber}）{o.confirmedAt ? t('已确认', 'confirmed') : ''}
                        </Tag>
                      ))}
                    </Space>
                  ) : (
                    (r.createdByName ?? '—')
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={t('现场负责人 / 带队负责人', 'Representative / leader')}>
                  {r.representativeName ?? r.leaderName ?? '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('开始 / 完成', 'Started / completed')}>
                  {fmtMinute(r.startedAt) || '—'} / {fmtMinute(r.completedAt) || '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('位置', 'Location')}>
                  {r.lon !== null && r.lat !== null ? `${r.lon.toFixed(5)}, ${r.lat.toFixed(5)}` : '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('整改期限', 'Deadline')}>{r.rectifyDeadline ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('检查情况', 'Summary')}>{r.summary ?? '—'}</Descriptions.Item>
                {r.signatureFileId && (
                  <Descriptions.Item label={t('企业签字', 'Signature')}>
                    <Space>
                      <Image height={48} src={`/api/files/${r.signatureFileId}`} alt={t('签名', 'Signature')} />
                      {r.signerName} {fmtMinute(r.signedAt)}
                    </Space>
                  </Descriptions.Item>
                )}
              </Descriptions>
            </PageCard>
            {r.kind === 'enforcement' && <JointTeamCard inspectionId={r.id} town={r.townCode} />}
            <Card size="small" title={t('检查项', 'Items')}>
              <PlainTable
                rowKey="id"
                pagination={false}
                dataSource={d.items}
                columns={[
                  { title: '#', dataIndex: 'seq', width: 48 },
                  {
                    title: t('检查内容', 'Item'),
                    dataIndex: 'content',
                    render: (v, it) => (
                      <>
                        {v}
                        {it.major && <Tag color="red">{t('重大隐患判定项', 'Major')}</Tag>}
                        {it.basis && <div style={{ fontSize: 12, color: '#888' }}>{it.basis}</div>}
                      </>
                    ),
                  },
                  { title: t('结果', 'Result'), dataIndex: 'result', width: 90, render: (v) => <ResultTag result={v} /> },
                  { title: t('现场情况', 'Note'), dataIndex: 'note', render: (v) => v ?? '' },
                  {
                    title: t('照片', 'Photos'),
                    dataIndex: 'photoIds',
                    render: (ids: string[]) => (
                      <Image.PreviewGroup>
                        {ids.map((p) => (
                          <Image key={p} width={56} height={56} style={{ objectFit: 'cover' }} src={`/api/files/${p}`} alt={t('检查照片', 'Photo')} />
                        ))}
                      </Image.PreviewGroup>
                    ),
                  },
                  {
                    title: t('隐患', 'Hazard'),
                    dataIndex: 'hazardId',
                    width: 140,
                    render: (h: string | null) => {
                      const x = h ? hazards.get(h) : undefined;
                      return x ? <Link to={`/hazards/${x.id}`}>{x.code}</Link> : h ? t('已转隐患', 'Hazard') : '';
                    },
                  },
                ]}
              />
            </Card>
            <Card size="small" title={t('处理过程', 'Timeline')}>
              <Timeline
                items={d.timeline.map((e) => ({
                  children: (
                    <>
                      <Typography.Text type="secondary">{fmtMinute(e.at)}</Typography.Text> {e.actorName}{' '}
                      {ACTION_LABELS[e.action as InspectionAction]?.zh ?? (e.action === 'create' ? t('登记', 'Created') : e.action)}
                      {e.note ? `：${e.note}` : ''}
                    </>
                  ),
                }))}
              />
            </Card>
            <Modal
              open={!!reasonFor}
              title={reasonFor ? ACTION_LABELS[reasonFor].zh : ''}
              onOk={() => reasonFor && void step(reasonFor)}
              onCancel={() => setReasonFor(undefined)}
            >
              <Input.TextArea aria-label={t('原因', 'Reason')} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
            </Modal>
            <Modal open={qr} footer={null} onCancel={() => setQr(false)} title={t('扫码入企', 'Scan to inspect')}>
              <Space direction="vertical" align="center" style={{ width: '100%' }}>
                <img src={`/api/inspections/enterprises/${r.enterpriseId}/qr.png`} alt={t('扫码入企二维码', 'QR code')} width={240} height={240} />
                <Typography.Text type="secondary">
                  {t('张贴在企业门口，检查人员扫码即打开该企业的现场检查页面', 'Post it at the gate: scanning opens the field page for this enterprise')}
                </Typography.Text>
              </Space>
            </Modal>
          </Space>
        );
      }}
    </RecordView>
  );
}
