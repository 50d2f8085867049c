// One enterprise: 基本信息, 变更历史, 风险点, 园区/租户, 保险.
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, DatePicker, Descriptions, Empty, Input, InputNumber, Modal, Select, Space, Tabs, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  categoryLabel,
  type CONTROL_TIER_LABELS,
  CONTROL_TIER_NAMES,
  ENTERPRISE_STATUS_NAMES,
  INSURANCE_KIND_NAMES,
  INSURANCE_KINDS,
  PARK_KIND_NAMES,
  STANDARDIZATION_NAMES,
  SUPERVISING_LEVEL_NAMES,
  type TENANT_RELATION_LABELS,
  TENANT_RELATION_NAMES,
} from '../../../../shared/registry.ts';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { RiskPointForm } from './RiskPoints';
import type { Enterprise, EnterpriseParks, HistoryEntry, InsurancePolicy, PageOf, RiskPoint } from '../../../../shared/registry.dto.ts';
import { GradeTag, yesNo } from './shared';
import { usePlaces } from '../../components/places';
import { today } from '../../app/format';
import { Field, FieldRow, FormModal, PlainTable, required, TextItems } from '../../components/FormParts';
import { PageCard, RecordView } from '../../components/PageCard';
import { t } from '../../app/i18n';
import { labelOf, labelOptions } from '../../components/LabelTag';
import { EnterpriseRelated } from './Related';
import { PositionMap } from './PositionMap';

export const FIELD_LABELS: Record<string, string> = {
  creditCode: '统一社会信用代码',
  name: '名称',
  address: '地址',
  lon: '经度',
  lat: '纬度',
  jurisdictionCode: '所在地',
  townCode: '镇街',
  villageCode: '村（社区）',
  industryCode: '行业代码',
  industryName: '行业',
  categories: '特殊类别',
  headcount: '从业人数',
  principalName: '主要负责人',
  principalPhone: '负责人电话',
  safetyManagerName: '安全管理人员',
  safetyManagerPhone: '安全管理人员电话',
  riskGrade: '风险等级',
  standardizationLevel: '标准化等级',
  creditRating: '信用等级',
  dishonestFrom: '失信列入',
  dishonestUntil: '失信截止',
  keyUnit: '重点执法单位',
  supervisingLevel: '监管层级',
  supervisingDeptCode: '监管部门',
  iotDeviceCount: '物联设备数',
  status: '状态',
  standardized: '规范化达标',
  standardizedAt: '达标日期',
  insured: '已投保',
  safetyStaffCount: '专职安全员',
  landlordId: '出租方',
  lecL: 'L',
  lecE: 'E',
  lecC: 'C',
  lecD: 'D 值',
  grade: '风险等级',
  controlTier: '管控层级',
  nextReviewOn: '下次复核',
  lastReviewedOn: '上次复核',
};

const show = (v: unknown) =>
  v === null || v === undefined || v === '' ? '—' : Array.isArray(v) ? v.join('、') || '—' : typeof v === 'boolean' ? yesNo(v) : String(v);

export function HistoryList({ url }: { url: string }) {
  const h = useQuery({ queryKey: ['registry', 'history', url], queryFn: () => api.get<HistoryEntry[]>(url) });
  if (!h.data) return <Card loading bordered={false} />;
  const actions = { create: t('登记', 'Created'), update: t('修改', 'Updated'), import: t('导入', 'Imported') };
  return (
    <Timeline
      items={h.data.map((e) => ({
        key: e.version,
        children: (
          <div>
            <Typography.Text strong>
              v{e.version} {actions[e.action]}
            </Typography.Text>{' '}
            <Typography.Text type="secondary">
              {dayjs(e.at).format('YYYY-MM-DD HH:mm')} · {e.byName ?? ''}
            </Typography.Text>
            {e.before && e.changed.length > 0 && (
              <PlainTable
                style={{ marginTop: 4, maxWidth: 720 }}
                rowKey="field"
                dataSource={e.changed.map((f) => ({ field: f, before: e.before?.[f], after: e.after[f] }))}
                columns={[
                  { title: t('字段', 'Field'), dataIndex: 'field', width: 140, render: (f) => FIELD_LABELS[f] ?? f },
                  { title: t('修改前', 'Before'), dataIndex: 'before', render: show },
                  { title: t('修改后', 'After'), dataIndex: 'after', render: show },
                ]}
              />
            )}
          </div>
        ),
      }))}
    />
  );
}

/** A tab's list with an add button above it (for users who may write). */
function WithAdd({ label, onAdd, children }: { label: string; onAdd: () => void; children: ReactNode }) {
  const { can } = useAuth();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {can('registry:write') && (
        <Button icon={<PlusOutlined />} onClick={onAdd}>
          {label}
        </Button>
      )}
      {children}
    </Space>
  );
}

function RiskTab({ enterprise }: { enterprise: Enterprise }) {
  const [open, setOpen] = useState(false);
  const list = useQuery({
    queryKey: ['registry', 'risk-points', { enterpriseId: enterprise.id }],
    queryFn: () => api.get<PageOf<RiskPoint>>(`/api/registry/risk-points?enterpriseId=${enterprise.id}&pageSize=200`),
  });
  return (
    <WithAdd label={t('新增风险点', 'New risk point')} onAdd={() => setOpen(true)}>
      <PlainTable<RiskPoint>
        query={list}
        empty={t('还没有风险点：点“新增风险点”为该企业登记', 'No risk points yet: use “New risk point”')}
        columns={[
          { title: t('风险点', 'Risk point'), dataIndex: 'name', render: (v, r) => <Link to={`/registry/risk-points/${r.id}`}>{v}</Link> },
          { title: t('区域/部位', 'Area'), dataIndex: 'area' },
          { title: t('事故类型', 'Accident type'), dataIndex: 'accidentType' },
          { title: 'L×E×C', render: (_, r) => `${r.lecL}×${r.lecE}×${r.lecC} = ${r.lecD}` },
          { title: t('等级', 'Grade'), dataIndex: 'grade', render: (g) => <GradeTag grade={g} /> },
          { title: t('管控层级', 'Tier'), dataIndex: 'controlTier', render: (t: keyof typeof CONTROL_TIER_LABELS) => labelOf(CONTROL_TIER_NAMES, t) },
          { title: t('责任人', 'Owner'), dataIndex: 'ownerName' },
          {
            title: t('下次复核', 'Next review'),
            dataIndex: 'nextReviewOn',
            render: (d: string) => (d <= today() ? <Tag color="red">{d}</Tag> : d),
          },
        ]}
      />
      <Modal open={open} title={t('新增风险点', 'New risk point')} footer={null} onCancel={() => setOpen(false)} width={820} destroyOnHidden>
        <RiskPointForm enterpriseId={enterprise.id} onDone={() => setOpen(false)} />
      </Modal>
    </WithAdd>
  );
}

function ParksTab({ id }: { id: string }) {
  const q = useQuery({ queryKey: ['registry', 'enterprise-parks', id], queryFn: () => api.get<EnterpriseParks>(`/api/registry/enterprises/${id}/parks`) });
  if (!q.data) return <Card loading bordered={false} />;
  if (!q.data.asTenant.length && !q.data.asLandlord.length) return <Empty description={t('不在任何园区', 'Not in any park')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {q.data.asLandlord.length > 0 && (
        <Card size="small" title={t('作为出租方（业主）', 'As landlord')}>
          {q.data.asLandlord.map((p) => (
            <div key={p.parkId}>
              <Link to={`/registry/parks/${p.parkId}`}>{p.parkName}</Link> <Tag>{labelOf(PARK_KIND_NAMES, p.kind as 'micro')}</Tag>
            </div>
          ))}
        </Card>
      )}
      {q.data.asTenant.length > 0 && (
        <PlainTable
          rowKey="parkId"
          dataSource={q.data.asTenant}
          columns={[
            { title: t('入驻园区', 'Park'), dataIndex: 'parkName', render: (v, r) => <Link to={`/registry/parks/${r.parkId}`}>{v}</Link> },
            { title: t('租赁关系', 'Relation'), dataIndex: 'relation', render: (v: keyof typeof TENANT_RELATION_LABELS) => labelOf(TENANT_RELATION_NAMES, v) },
            {
              title: t('安全管理协议', 'Agreement'),
              dataIndex: 'agreementSigned',
              render: (v, r) =>
                v ? <Tag color="green">{t(`已签，至 ${r.agreementExpiresAt ?? '—'}`, 'Signed')}</Tag> : <Tag color="red">{t('未签', 'Not signed')}</Tag>,
            },
            { title: t('入驻日期', 'Moved in'), dataIndex: 'movedInAt' },
            { title: t('迁出日期', 'Moved out'), dataIndex: 'movedOutAt' },
          ]}
        />
      )}
    </Space>
  );
}

const yuan = (fen: number) => (fen / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 });

export function InsuranceTab({ target }: { target: { enterpriseId: string } | { parkId: string } }) {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const key = 'enterpriseId' in target ? `enterpriseId=${target.enterpriseId}` : `parkId=${target.parkId}`;
  const list = useQuery({ queryKey: ['registry', 'insurance', key], queryFn: () => api.get<InsurancePolicy[]>(`/api/registry/insurance?${key}`) });
  const date = (v: unknown) => dayjs(v as dayjs.Dayjs).format('YYYY-MM-DD');
  const fen = (v: unknown) => Math.round(Number(v ?? 0) * 100);
  return (
    <WithAdd label={t('登记保单', 'Add policy')} onAdd={() => setOpen(true)}>
      <PlainTable<InsurancePolicy>
        query={list}
        empty={t('还没有保单：点“登记保单”添加', 'No policies yet: use “Add policy”')}
        columns={[
          { title: t('险种', 'Kind'), dataIndex: 'kind', render: (k: InsurancePolicy['kind']) => labelOf(INSURANCE_KIND_NAMES, k) },
          { title: t('保险公司', 'Insurer'), dataIndex: 'insurer' },
          { title: t('保单号', 'Policy no.'), dataIndex: 'policyNo' },
          { title: t('保费（元）', 'Premium (CNY)'), dataIndex: 'premiumFen', render: yuan },
          { title: t('优惠', 'Discount'), dataIndex: 'discountPct', render: (v: number) => (v ? `${v}%` : '—') },
          { title: t('保额（元）', 'Cover (CNY)'), dataIndex: 'coverageFen', render: yuan },
          { title: t('保险期间', 'Period'), render: (_, r) => `${r.startsOn} ~ ${r.endsOn}` },
          { title: t('增值服务', 'Services'), dataIndex: 'services', ellipsis: true },
        ]}
      />
      <FormModal<Record<string, unknown>>
        open={open}
        title={t('登记保单', 'Add policy')}
        onClose={() => setOpen(false)}
        initialValues={{ kind: 'enterpriseId' in target ? 'safety_liability' : 'park_shield' }}
        onSubmit={async (v) => {
          await api.post('/api/registry/insurance', {
            ...target,
            kind: v.kind,
            insurer: v.insurer,
            policyNo: v.policyNo,
            premiumFen: fen(v.premiumYuan),
            coverageFen: fen(v.coverageYuan),
            discountPct: v.discountPct ?? 0,
            startsOn: date(v.startsOn),
            endsOn: date(v.endsOn),
            services: v.services || null,
          });
          qc.invalidateQueries({ queryKey: ['registry', 'insurance'] });
        }}
      >
        <FieldRow>
          <Field name="kind" label={t('险种', 'Kind')} rules={[required(true)]}>
            <Select options={labelOptions(INSURANCE_KINDS, INSURANCE_KIND_NAMES)} />
          </Field>
          <TextItems
            span={12}
            rules={[required()]}
            fields={[
              ['insurer', t('保险公司', 'Insurer'), 60],
              ['policyNo', t('保单号', 'Policy number'), 60],
            ]}
          />
          <Field span={8} name="premiumYuan" label={t('保费（元）', 'Premium (CNY)')}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Field>
          <Field span={8} name="discountPct" label={t('费率优惠（%）', 'Discount (%)')}>
            <InputNumber min={0} max={100} style={{ width: '100%' }} />
          </Field>
          <Field span={8} name="coverageYuan" label={t('保额（元）', 'Cover (CNY)')}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Field>
          <Field span={12} name="startsOn" label={t('起期', 'Starts')} rules={[required(true)]}>
            <DatePicker style={{ width: '100%' }} />
          </Field>
          <Field span={12} name="endsOn" label={t('止期', 'Ends')} rules={[required(true)]}>
            <DatePicker style={{ width: '100%' }} />
          </Field>
          <Field name="services" label={t('增值服务（风险减量管理等）', 'Value-added services')}>
            <Input.TextArea maxLength={500} rows={2} />
          </Field>
        </FieldRow>
      </FormModal>
    </WithAdd>
  );
}

export function EnterpriseDetail() {
  const { id } = useParams() as { id: string };
  const q = useQuery({ queryKey: ['registry', 'enterprise', id], queryFn: () => api.get<Enterprise>(`/api/registry/enterprises/${id}`) });
  return (
    <RecordView query={q} notFound={t('企业不存在或不在您的辖区内', 'Not found')}>
      {(e) => <EnterpriseView e={e} />}
    </RecordView>
  );
}

function EnterpriseView({ e }: { e: Enterprise }) {
  const { id } = e;
  const { can } = useAuth();
  const { name } = usePlaces();
  const listed = e.dishonestFrom && (!e.dishonestUntil || e.dishonestUntil >= today());
  return (
    <PageCard
      title={e.name}
      tags={
        <>
          <GradeTag grade={e.riskGrade} />
          {e.keyUnit && <Tag color="purple">{t('区级重点执法单位', 'Key unit')}</Tag>}
          {listed && <Tag color="red">{t('严重失信', 'Dishonest')}</Tag>}
        </>
      }
      extra={
        can('registry:write') && (
          <Link to={`/registry/enterprises/${id}/edit`}>
            <Button icon={<EditOutlined />}>{t('修改', 'Edit')}</Button>
          </Link>
        )
      }
    >
      <Tabs
        items={[
          {
            key: 'basic',
            label: t('基本信息', 'Details'),
            children: (
              <Space orientation="vertical" size={12} style={{ width: '100%' }}>
                <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }}>
                  <Descriptions.Item label={t('统一社会信用代码', 'Credit code')}>
                    <Typography.Text copyable>{e.creditCode}</Typography.Text>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('所在地', 'Location')}>
                    {name(e.townCode)} {e.villageCode ? name(e.villageCode) : ''}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('地址', 'Address')}>{e.address ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('坐标', 'Coordinates')}>{e.lon !== null ? `${e.lon}, ${e.lat}` : '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('行业', 'Industry')}>{e.industryCode ? `${e.industryCode} ${e.industryName ?? ''}` : '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('特殊类别', 'Categories')}>
                    {e.categories.map((c) => (
                      <Tag key={c}>{categoryLabel(c)}</Tag>
                    ))}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('从业人数', 'Headcount')}>{e.headcount ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('主要负责人', 'Principal')}>
                    {e.principalName ?? '—'} {e.principalPhone ?? ''}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('安全管理人员', 'Safety manager')}>
                    {e.safetyManagerName ?? '—'} {e.safetyManagerPhone ?? ''}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('安全生产标准化', 'Standardization')}>{labelOf(STANDARDIZATION_NAMES, e.standardizationLevel)}</Descriptions.Item>
                  <Descriptions.Item label={t('信用等级', 'Credit')}>{e.creditRating ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('严重失信', 'Dishonesty')}>
                    {e.dishonestFrom ? `${e.dishonestFrom} ~ ${e.dishonestUntil ?? ''}` : '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('监管', 'Supervision')}>
                    {labelOf(SUPERVISING_LEVEL_NAMES, e.supervisingLevel)} · {name(e.supervisingDeptCode)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('物联感知设备', 'IoT devices')}>{e.iotDeviceCount}</Descriptions.Item>
                  <Descriptions.Item label={t('状态', 'Status')}>
                    {labelOf(ENTERPRISE_STATUS_NAMES, e.status)} · v{e.version}
                  </Descriptions.Item>
                </Descriptions>
                <PositionMap lon={e.lon} lat={e.lat} name={e.name} />
              </Space>
            ),
          },
          { key: 'related', label: t('隐患·设备·告警', 'Hazards · devices · alarms'), children: <EnterpriseRelated id={id} /> },
          { key: 'history', label: t('变更历史', 'History'), children: <HistoryList url={`/api/registry/enterprises/${id}/history`} /> },
          { key: 'risk', label: t('风险点', 'Risk points'), children: <RiskTab enterprise={e} /> },
          { key: 'parks', label: t('园区/租户', 'Parks'), children: <ParksTab id={id} /> },
          { key: 'insurance', label: t('保险', 'Insurance'), children: <InsuranceTab target={{ enterpriseId: id }} /> },
        ]}
      />
    </PageCard>
  );
}
