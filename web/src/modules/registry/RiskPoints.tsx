// 风险点 (双重预防): four-colour counts, the list, the form with a live LEC calculator, detail with review.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Row, Select, Space, Statistic, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  ACCIDENT_TYPES,
  type CONTROL_TIER_LABELS,
  CONTROL_TIER_NAMES,
  CONTROL_TIERS,
  DEFAULT_TIER,
  LEC_LABELS,
  LEC_VALUES,
  lecGrade,
  lecScore,
  RISK_GRADE_LABELS,
  RISK_GRADES,
} from '../../../../shared/registry.ts';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { today } from '../../app/format';
import { t } from '../../app/i18n';
import { AddButton, Field, SaveForm, required, TextItems } from '../../components/FormParts';
import { type FilterSpec, linkColumn, ListPage, useUrlFilters } from '../../components/ListPage';
import { PageCard, RecordView } from '../../components/PageCard';
import { usePlaces } from '../../components/places';
import type { LecPolicy, Reminder, RiskPoint } from '../../../../shared/registry.dto.ts';
import { registryKeys } from './api';
import { HistoryList } from './EnterpriseDetail';
import { EnterprisePicker, GradeTag } from './shared';
import { labelOf, labelOptions } from '../../components/LabelTag';

export function useLecPolicy() {
  return useQuery({
    queryKey: ['registry', 'policy', 'lec'],
    queryFn: () => api.get<LecPolicy>('/api/registry/policies/lec'),
    staleTime: 60_000,
  });
}

/** Create (or edit) a risk point; D = L × E × C and its colour update as the factors change. */
export function RiskPointForm({ enterpriseId, point, onDone }: { enterpriseId?: string; point?: RiskPoint; onDone: (p: RiskPoint) => void }) {
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const policy = useLecPolicy();
  const [l, e, c] = [Form.useWatch('lecL', form), Form.useWatch('lecE', form), Form.useWatch('lecC', form)];
  const thresholds = policy.data?.current.thresholds;
  const d = l && e && c ? lecScore(l, e, c) : undefined;
  const grade = d !== undefined && thresholds ? lecGrade(d, thresholds) : undefined;
  const save = async (v: Record<string, unknown>) => {
    const body = {
      ...v,
      lastReviewedOn: v.lastReviewedOn ? dayjs(v.lastReviewedOn as dayjs.Dayjs).format('YYYY-MM-DD') : null,
      hazardSource: v.hazardSource || null,
      controlMeasures: v.controlMeasures || null,
      ownerPhone: v.ownerPhone || null,
      controlTier: v.controlTier || undefined,
    };
    const saved = await (point
      ? api.put<RiskPoint>(`/api/registry/risk-points/${point.id}`, { ...body, version: point.version })
      : api.post<RiskPoint>('/api/registry/risk-points', body));
    qc.invalidateQueries({ queryKey: ['registry'] });
    onDone(saved);
  };
  const lecOptions = (k: 'L' | 'E' | 'C') => LEC_VALUES[k].map((v) => ({ value: v, label: `${v} — ${LEC_LABELS[k][v]}` }));
  return (
    <SaveForm
      form={form}
      initialValues={
        point ? { ...point, lastReviewedOn: point.lastReviewedOn ? dayjs(point.lastReviewedOn) : undefined } : { enterpriseId, reviewCycleDays: 90 }
      }
      onSubmit={save}
    >
      {!point && (
        <Field name="enterpriseId" label={t('所属企业', 'Enterprise')} rules={[required(true)]} hidden={!!enterpriseId}>
          <EnterprisePicker />
        </Field>
      )}
      <TextItems
        span={8}
        rules={[required()]}
        fields={[
          ['name', t('风险点名称', 'Name'), 100],
          ['area', t('区域/部位', 'Area'), 100],
        ]}
      />
      <Field span={8} name="accidentType" label={t('事故类型（GB 6441）', 'Accident type')} rules={[required(true)]}>
        <Select showSearch options={ACCIDENT_TYPES.map((t) => ({ value: t, label: t }))} />
      </Field>
      <Field span={24} name="hazardSource" label={t('危险源', 'Hazard source')}>
        <Input maxLength={200} />
      </Field>
      <Field span={7} name="lecL" label={t('L 事故发生的可能性', 'L likelihood')} rules={[required(true)]}>
        <Select options={lecOptions('L')} />
      </Field>
      <Field span={7} name="lecE" label={t('E 暴露于危险环境的频繁程度', 'E exposure')} rules={[required(true)]}>
        <Select options={lecOptions('E')} />
      </Field>
      <Field span={7} name="lecC" label={t('C 发生事故可能造成的后果', 'C consequence')} rules={[required(true)]}>
        <Select options={lecOptions('C')} />
      </Field>
      <Col xs={24} md={3}>
        <div data-testid="lec-result" style={{ paddingTop: 26 }}>
          {d !== undefined ? (
            <Space direction="vertical" size={0}>
              <Typography.Text strong>D = {d}</Typography.Text>
              <GradeTag grade={grade} />
            </Space>
          ) : (
            <Typography.Text type="secondary">D = L×E×C</Typography.Text>
          )}
        </div>
      </Col>
      {thresholds && (
        <Col span={24}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(
              `分级阈值（第 ${policy.data?.current.version} 版）：D > ${thresholds.red} 重大；${thresholds.orange}–${thresholds.red} 较大；${thresholds.yellow}–${thresholds.orange} 一般；< ${thresholds.yellow} 低`,
              `Bands (version ${policy.data?.current.version}): D > ${thresholds.red} red; ${thresholds.orange}–${thresholds.red} orange; ${thresholds.yellow}–${thresholds.orange} yellow; < ${thresholds.yellow} blue`,
            )}
          </Typography.Text>
        </Col>
      )}
      <Field span={24} name="controlMeasures" label={t('管控措施', 'Control measures')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Field>
      <Field
        span={6}
        name="controlTier"
        label={t('管控层级', 'Control tier')}
        extra={
          grade ? t(`默认：${labelOf(CONTROL_TIER_NAMES, DEFAULT_TIER[grade])}`, `Default: ${labelOf(CONTROL_TIER_NAMES, DEFAULT_TIER[grade])}`) : undefined
        }
      >
        <Select allowClear options={labelOptions(CONTROL_TIERS, CONTROL_TIER_NAMES)} />
      </Field>
      <Field span={6} name="ownerName" label={t('责任人', 'Owner')} rules={[required()]}>
        <Input maxLength={40} />
      </Field>
      <Field span={6} name="ownerPhone" label={t('责任人电话', 'Owner phone')}>
        <Input maxLength={20} />
      </Field>
      <Field span={3} name="reviewCycleDays" label={t('复核周期（天）', 'Review cycle (days)')} rules={[required()]}>
        <InputNumber min={1} max={1095} style={{ width: '100%' }} />
      </Field>
      <Field span={3} name="lastReviewedOn" label={t('上次复核', 'Last review')}>
        <DatePicker style={{ width: '100%' }} />
      </Field>
    </SaveForm>
  );
}

export function RiskPointList() {
  const { townOptions } = usePlaces();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const filters: FilterSpec[] = [
    { kind: 'search', key: 'q', placeholder: t('风险点/区域/危险源', 'Name, area, source') },
    { kind: 'select', key: 'town', placeholder: t('镇街', 'Town'), options: townOptions, width: 130 },
    { kind: 'select', key: 'grade', placeholder: t('风险等级', 'Grade'), options: labelOptions(RISK_GRADES, RISK_GRADE_LABELS), width: 120 },
    { kind: 'select', key: 'controlTier', placeholder: t('管控层级', 'Tier'), options: labelOptions(CONTROL_TIERS, CONTROL_TIER_NAMES), width: 120 },
    {
      kind: 'select',
      key: 'reviewDue',
      placeholder: t('到期待复核', 'Review due'),
      options: [{ value: 'true', label: t('仅看待复核', 'Due only') }],
      width: 130,
    },
  ];
  const { set } = useUrlFilters(filters);
  const newPoint = (
    <AddButton show={can('registry:write')} onClick={() => setOpen(true)}>
      {t('新增风险点', 'New risk point')}
    </AddButton>
  );
  const stats = useQuery({
    queryKey: ['registry', 'risk-stats'],
    queryFn: () => api.get<Record<string, { count: number; reviewDue: number }>>('/api/registry/risk-points/stats'),
  });
  const reminders = useQuery({ queryKey: ['registry', 'reminders'], queryFn: () => api.get<Reminder[]>('/api/registry/risk-points/reminders') });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Row gutter={[12, 12]}>
        {RISK_GRADES.map((g) => (
          <Col xs={12} md={6} key={g}>
            <Card size="small" style={{ borderTop: `4px solid ${RISK_GRADE_LABELS[g].color}`, cursor: 'pointer' }} onClick={() => set({ grade: g })}>
              <Statistic title={labelOf(RISK_GRADE_LABELS, g)} value={stats.data?.[g]?.count ?? 0} suffix={t('处', '')} />
              <Typography.Text type={stats.data?.[g]?.reviewDue ? 'danger' : 'secondary'}>
                {t(`待复核 ${stats.data?.[g]?.reviewDue ?? 0}`, `${stats.data?.[g]?.reviewDue ?? 0} due`)}
              </Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      {reminders.data && reminders.data.length > 0 && (
        <Alert
          type="warning"
          showIcon
          message={t(`${reminders.data.length} 个风险点已到复核期`, `${reminders.data.length} reviews due`)}
          description={reminders.data.slice(0, 5).map((r) => (
            <div key={r.id}>
              <Link to={`/registry/risk-points/${r.riskPointId}`}>
                {r.enterpriseName} · {r.riskPointName}
              </Link>{' '}
              {t(`应于 ${r.dueOn} 复核`, `due ${r.dueOn}`)}
            </div>
          ))}
        />
      )}
      <ListPage<RiskPoint>
        title={t('风险点清单', 'Risk points')}
        exportTo={{ url: '/api/registry/risk-points/export', fileName: '风险点清单.xlsx' }}
        extra={newPoint}
        filters={filters}
        url="/api/registry/risk-points"
        queryKey={registryKeys.riskPoints}
        total={(n) => t(`共 ${n} 处`, `${n} risk points`)}
        empty={{
          text: t('还没有风险点：为企业辨识并登记风险点', 'No risk points yet: identify and record them per enterprise'),
          action: can('registry:write') && <Button onClick={() => setOpen(true)}>{t('新增第一个风险点', 'Add the first one')}</Button>,
        }}
        columns={[
          linkColumn(t('风险点', 'Name'), 'name', (r) => `/registry/risk-points/${r.id}`),
          { title: t('企业', 'Enterprise'), dataIndex: 'enterpriseName', render: (v, r) => <Link to={`/registry/enterprises/${r.enterpriseId}`}>{v}</Link> },
          { title: t('事故类型', 'Accident'), dataIndex: 'accidentType', width: 110 },
          { title: 'D', dataIndex: 'lecD', width: 70, sortKey: 'lecD' },
          { title: t('等级', 'Grade'), dataIndex: 'grade', width: 100, sortKey: 'grade', render: (g) => <GradeTag grade={g} /> },
          {
            title: t('管控层级', 'Tier'),
            dataIndex: 'controlTier',
            width: 90,
            render: (c: keyof typeof CONTROL_TIER_LABELS) => labelOf(CONTROL_TIER_NAMES, c),
          },
          { title: t('责任人', 'Owner'), dataIndex: 'ownerName', width: 90 },
          {
            title: t('下次复核', 'Next review'),
            dataIndex: 'nextReviewOn',
            width: 110,
            sortKey: 'nextReviewOn',
            render: (d: string) => (d <= today() ? <Tag color="red">{d}</Tag> : d),
          },
        ]}
      />
      <Modal open={open} title={t('新增风险点', 'New risk point')} footer={null} onCancel={() => setOpen(false)} width={820} destroyOnHidden>
        <RiskPointForm
          onDone={() => {
            setOpen(false);
            message.success(t('已登记', 'Created'));
          }}
        />
      </Modal>
    </Space>
  );
}

export function RiskPointDetail() {
  const { id } = useParams() as { id: string };
  const { can } = useAuth();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  const q = useQuery({ queryKey: ['registry', 'risk-point', id], queryFn: () => api.get<RiskPoint>(`/api/registry/risk-points/${id}`) });
  const review = useMutation({
    mutationFn: () => api.post<RiskPoint>(`/api/registry/risk-points/${id}/review`, {}),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['registry'] });
      message.success(t('已记录复核', 'Review recorded'));
    },
    onError: (e) => message.error((e as Error).message),
  });
  return (
    <RecordView query={q} notFound={t('风险点不存在或不在您的辖区内', 'Not found')}>
      {(p) => (
        <Space direction="vertical" style={{ width: '100%' }}>
          <PageCard
            title={p.name}
            tags={<GradeTag grade={p.grade} />}
            extra={
              can('registry:write') && (
                <>
                  <Button onClick={() => review.mutate()} loading={review.isPending} disabled={p.status === 'retired'}>
                    {t('记录本期复核', 'Record review')}
                  </Button>
                  <Button onClick={() => setEditing(true)}>{t('修改', 'Edit')}</Button>
                </>
              )
            }
          >
            <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }}>
              <Descriptions.Item label={t('企业', 'Enterprise')}>
                <Link to={`/registry/enterprises/${p.enterpriseId}`}>{p.enterpriseName}</Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('区域/部位', 'Area')}>{p.area}</Descriptions.Item>
              <Descriptions.Item label={t('危险源', 'Source')}>{p.hazardSource ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('事故类型', 'Accident type')}>{p.accidentType}</Descriptions.Item>
              <Descriptions.Item label="LEC">
                {p.lecL} × {p.lecE} × {p.lecC} = <b>{p.lecD}</b>（{t(`阈值第 ${p.policyVersion} 版`, `policy v${p.policyVersion}`)}）
              </Descriptions.Item>
              <Descriptions.Item label={t('管控层级', 'Tier')}>{labelOf(CONTROL_TIER_NAMES, p.controlTier)}</Descriptions.Item>
              <Descriptions.Item label={t('管控措施', 'Measures')} span="filled">
                {p.controlMeasures ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('责任人', 'Owner')}>
                {p.ownerName} {p.ownerPhone ?? ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('复核周期', 'Cycle')}>{t(`${p.reviewCycleDays} 天`, `${p.reviewCycleDays} days`)}</Descriptions.Item>
              <Descriptions.Item label={t('复核', 'Review')}>
                {t('上次', 'last')} {p.lastReviewedOn ?? '—'} · {t('下次', 'next')} {p.nextReviewOn}
              </Descriptions.Item>
            </Descriptions>
          </PageCard>
          <Card title={t('变更历史', 'History')}>
            <HistoryList url={`/api/registry/risk-points/${id}/history`} />
          </Card>
          <Modal open={editing} title={t('修改风险点', 'Edit risk point')} footer={null} onCancel={() => setEditing(false)} width={820} destroyOnHidden>
            <RiskPointForm point={p} onDone={() => setEditing(false)} />
          </Modal>
        </Space>
      )}
    </RecordView>
  );
}
