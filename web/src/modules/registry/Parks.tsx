// 园区: standardization rate against the 80% goal, the park list, a park with its landlord and tenants.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Progress, Row, Select, Space, Statistic, Switch, Tabs, Tag } from 'antd';
import dayjs from 'dayjs';
import ReactECharts from 'echarts-for-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { PARK_KIND_NAMES, PARK_KINDS, type TENANT_RELATION_LABELS, TENANT_RELATION_NAMES, TENANT_RELATIONS } from '../../../../shared/registry.ts';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { today } from '../../app/format';
import { t } from '../../app/i18n';
import { AddButton, DateFields, Field, FieldRow, SaveForm, FormModal, PlainTable, required } from '../../components/FormParts';
import { linkColumn, ListPage, yesNoOptions } from '../../components/ListPage';
import { PageCard, RecordView } from '../../components/PageCard';
import { usePlaces } from '../../components/places';
import type { Park, ParkDetail as ParkDetailData, ParkListItem, ParkStats, Tenant } from '../../../../shared/registry.dto.ts';
import { registryKeys } from './api';
import { HistoryList, InsuranceTab } from './EnterpriseDetail';
import { EnterprisePicker, GradeTag, yesNo } from './shared';
import { labelOf, labelOptions } from '../../components/LabelTag';
import { axisGrid } from '../../components/charts';

function ParkOverview() {
  const s = useQuery({ queryKey: ['registry', 'park-stats'], queryFn: () => api.get<ParkStats>('/api/registry/parks/stats') }).data;
  if (!s) return null;
  const pct = Math.round(s.standardizationRate * 1000) / 10;
  const bar = {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
    grid: axisGrid({ top: 20, right: 30 }),
    xAxis: { type: 'category', data: s.byTown.map((t) => t.name), axisLabel: { rotate: 45, fontSize: 11 } },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        type: 'bar',
        data: s.byTown.map((t) => ({ value: Math.round(t.rate * 1000) / 10, itemStyle: { color: t.rate >= s.goal ? '#389e0d' : '#d48806' } })),
        markLine: {
          symbol: 'none',
          data: [{ yAxis: s.goal * 100, name: '目标' }],
          lineStyle: { color: '#cf1322', type: 'dashed' },
          label: { formatter: `目标 ${s.goal * 100}%` },
        },
      },
    ],
  };
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} lg={8}>
        <Card size="small" title={t('全区园区规范化达标率', 'Park standardization rate')}>
          <Space align="center" size="large" wrap>
            <Progress
              type="dashboard"
              percent={pct}
              success={{ percent: 0 }}
              strokeColor={s.standardizationRate >= s.goal ? '#389e0d' : '#d48806'}
              format={() => `${pct}%`}
            />
            <Space direction="vertical">
              <Statistic title={t('园区', 'Parks')} value={s.total} suffix={t(`个（达标 ${s.standardized}）`, `(${s.standardized} standardized)`)} />
              <span>{t(`目标 ${s.goal * 100}%，还差 ${Math.max(0, Math.ceil(s.goal * s.total) - s.standardized)} 个`, `Goal ${s.goal * 100}%`)}</span>
              <span>
                {t('已投保', 'Insured')} {s.insured} · {t('安全管理协议签订', 'Agreements')} {s.agreementsSigned}/{s.tenants}
              </span>
            </Space>
          </Space>
        </Card>
      </Col>
      <Col xs={24} lg={16}>
        <Card size="small" title={t('各镇街达标率', 'By town')}>
          <ReactECharts option={bar} style={{ height: 180 }} />
        </Card>
      </Col>
    </Row>
  );
}

export function ParkForm({ park, onDone }: { park?: Park; onDone: (p: Park) => void }) {
  const [form] = Form.useForm();
  const { towns } = usePlaces();
  const qc = useQueryClient();
  const townCode = Form.useWatch('townCode', form);
  const save = async (v: Record<string, unknown>) => {
    const body = {
      ...v,
      standardizedAt: v.standardizedAt ? dayjs(v.standardizedAt as dayjs.Dayjs).format('YYYY-MM-DD') : null,
      villageCode: v.villageCode ?? null,
      address: v.address || null,
      lon: v.lon ?? null,
      lat: v.lat ?? null,
    };
    const saved = await (park
      ? api.put<Park>(`/api/registry/parks/${park.id}`, { ...body, landlordId: park.landlordId, version: park.version })
      : api.post<Park>('/api/registry/parks', body));
    qc.invalidateQueries({ queryKey: ['registry'] });
    onDone(saved);
  };
  return (
    <SaveForm
      form={form}
      initialValues={
        park
          ? { ...park, standardizedAt: park.standardizedAt ? dayjs(park.standardizedAt) : undefined }
          : { kind: 'micro', safetyStaffCount: 0, standardized: false, insured: false }
      }
      onSubmit={save}
    >
      <Field span={16} name="name" label={t('园区名称', 'Name')} rules={[required()]}>
        <Input maxLength={100} />
      </Field>
      <Field span={8} name="kind" label={t('类型', 'Kind')}>
        <Select options={labelOptions(PARK_KINDS, PARK_KIND_NAMES)} />
      </Field>
      <Field span={8} name="townCode" label={t('镇街', 'Town')} rules={[required(true)]}>
        <Select options={towns.map((t) => ({ value: t.code, label: t.name }))} onChange={() => form.setFieldValue('villageCode', undefined)} />
      </Field>
      <Field span={8} name="villageCode" label={t('村（社区）', 'Village')}>
        <Select allowClear options={(towns.find((t) => t.code === townCode)?.children ?? []).map((v) => ({ value: v.code, label: v.name }))} />
      </Field>
      <Field span={8} name="safetyStaffCount" label={t('专职安全管理人员', 'Safety staff')}>
        <InputNumber min={0} style={{ width: '100%' }} />
      </Field>
      <Field span={12} name="address" label={t('地址', 'Address')}>
        <Input maxLength={200} />
      </Field>
      <Field span={6} name="lon" label={t('经度', 'Longitude')}>
        <InputNumber style={{ width: '100%' }} step={0.0001} />
      </Field>
      <Field span={6} name="lat" label={t('纬度', 'Latitude')}>
        <InputNumber style={{ width: '100%' }} step={0.0001} />
      </Field>
      {!park && (
        <Field span={24} name="landlordId" label={t('出租方（业主）企业', 'Landlord')}>
          <EnterprisePicker withCode />
        </Field>
      )}
      <Field span={6} name="standardized" label={t('规范化达标', 'Standardized')} valuePropName="checked">
        <Switch />
      </Field>
      <Field span={10} name="standardizedAt" label={t('达标日期', 'Date')}>
        <DatePicker />
      </Field>
      <Field span={8} name="insured" label={t('已投保（保险+服务）', 'Insured')} valuePropName="checked">
        <Switch />
      </Field>
    </SaveForm>
  );
}

export function ParkList() {
  const { name, townOptions } = usePlaces();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const newPark = (
    <AddButton show={can('registry:write')} onClick={() => setOpen(true)}>
      {t('登记园区', 'New park')}
    </AddButton>
  );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <ParkOverview />
      <ListPage<ParkListItem>
        title={t('园区名录', 'Parks')}
        exportTo={{ url: '/api/registry/parks/export', fileName: '园区名录.xlsx' }}
        extra={newPark}
        filters={[
          { kind: 'search', key: 'q', placeholder: t('园区名称', 'Park name') },
          { kind: 'select', key: 'town', placeholder: t('镇街', 'Town'), options: townOptions, width: 130 },
          { kind: 'select', key: 'kind', placeholder: t('类型', 'Kind'), options: labelOptions(PARK_KINDS, PARK_KIND_NAMES), width: 120 },
          { kind: 'select', key: 'standardized', placeholder: t('规范化达标', 'Standardized'), options: yesNoOptions(), width: 120 },
          { kind: 'select', key: 'insured', placeholder: t('已投保', 'Insured'), options: yesNoOptions(), width: 100 },
        ]}
        url="/api/registry/parks"
        queryKey={registryKeys.parks}
        total={(n) => t(`共 ${n} 个园区`, `${n} parks`)}
        empty={{
          text: t('还没有登记园区：逐个登记，或通过“Excel 导入”批量添加', 'No parks registered yet: add them one by one or import a spreadsheet'),
          action: can('registry:write') && <Button onClick={() => setOpen(true)}>{t('登记第一个园区', 'Register the first one')}</Button>,
        }}
        columns={[
          linkColumn(t('园区', 'Park'), 'name', (r) => `/registry/parks/${r.id}`, { sortKey: 'name' }),
          { title: t('类型', 'Kind'), dataIndex: 'kind', width: 90, render: (k: Park['kind']) => labelOf(PARK_KIND_NAMES, k) },
          { title: t('镇街', 'Town'), dataIndex: 'townCode', width: 100, render: (c) => <span title={c}>{name(c)}</span> },
          { title: t('出租方', 'Landlord'), dataIndex: 'landlordName', ellipsis: true },
          { title: t('在园企业', 'Tenants'), dataIndex: 'tenantCount', width: 90, sortKey: 'tenants' },
          { title: t('协议签订', 'Agreements'), width: 100, render: (_, r) => `${r.agreementsSigned ?? 0}/${r.tenantCount ?? 0}` },
          { title: t('专职安全员', 'Safety staff'), dataIndex: 'safetyStaffCount', width: 100 },
          {
            title: t('规范化', 'Standardized'),
            dataIndex: 'standardized',
            width: 90,
            render: (v) => (v ? <Tag color="green">{t('达标', 'Yes')}</Tag> : <Tag>{t('未达标', 'No')}</Tag>),
          },
          { title: t('投保', 'Insured'), dataIndex: 'insured', width: 70, render: yesNo },
        ]}
      />
      <Modal open={open} title={t('登记园区', 'New park')} footer={null} onCancel={() => setOpen(false)} width={760} destroyOnHidden>
        <ParkForm onDone={(p) => navigate(`/registry/parks/${p.id}`)} />
      </Modal>
    </Space>
  );
}

const isoDate = (v: unknown) => (v ? dayjs(v as dayjs.Dayjs).format('YYYY-MM-DD') : null);
const dayOf = (v: string | null | undefined) => (v ? dayjs(v) : undefined);

const tenantDates = () =>
  [
    ['agreementSignedAt', t('签订日期', 'Signed on')],
    ['agreementExpiresAt', t('到期日期', 'Expires on')],
    ['movedInAt', t('入驻日期', 'Moved in')],
    ['movedOutAt', t('迁出日期', 'Moved out')],
  ] as const;

function TenantModal({ parkId, tenant, onClose }: { parkId: string; tenant?: Tenant; onClose: () => void }) {
  const qc = useQueryClient();
  return (
    <FormModal<Record<string, unknown>>
      title={tenant ? t(`租户：${tenant.name}`, 'Tenant') : t('添加租户', 'Add tenant')}
      onClose={onClose}
      onSubmit={async (v) => {
        await api.put(`/api/registry/parks/${parkId}/tenants/${tenant?.enterpriseId ?? v.enterpriseId}`, {
          relation: v.relation,
          agreementSigned: !!v.agreementSigned,
          agreementSignedAt: isoDate(v.agreementSignedAt),
          agreementExpiresAt: isoDate(v.agreementExpiresAt),
          movedInAt: isoDate(v.movedInAt),
          movedOutAt: isoDate(v.movedOutAt),
        });
        qc.invalidateQueries({ queryKey: ['registry'] });
      }}
      initialValues={
        tenant
          ? {
              ...tenant,
              agreementSignedAt: dayOf(tenant.agreementSignedAt),
              agreementExpiresAt: dayOf(tenant.agreementExpiresAt),
              movedInAt: dayOf(tenant.movedInAt),
              movedOutAt: dayOf(tenant.movedOutAt),
            }
          : { relation: 'multi_tenant', agreementSigned: false }
      }
    >
      <FieldRow>
        {!tenant && (
          <Field name="enterpriseId" label={t('承租企业', 'Tenant')} rules={[required(true)]}>
            <EnterprisePicker withCode />
          </Field>
        )}
        <Field span={16} name="relation" label={t('租赁关系', 'Relation')}>
          <Select options={labelOptions(TENANT_RELATIONS, TENANT_RELATION_NAMES)} />
        </Field>
        <Field span={8} name="agreementSigned" label={t('已签订安全管理协议', 'Agreement signed')} valuePropName="checked">
          <Switch />
        </Field>
        <DateFields fields={tenantDates()} />
      </FieldRow>
    </FormModal>
  );
}

export function ParkDetail() {
  const { id } = useParams() as { id: string };
  const { can } = useAuth();
  const { name } = usePlaces();
  const [tenant, setTenant] = useState<Tenant | 'new'>();
  const [editing, setEditing] = useState(false);
  const q = useQuery({ queryKey: ['registry', 'park', id], queryFn: () => api.get<ParkDetailData>(`/api/registry/parks/${id}`) });
  return (
    <RecordView query={q} notFound={t('园区不存在或不在您的辖区内', 'Not found')}>
      {(p) => {
        const current = p.tenants.filter((t) => !t.movedOutAt);
        return (
          <PageCard
            title={p.name}
            tags={
              <>
                <Tag>{labelOf(PARK_KIND_NAMES, p.kind)}</Tag>
                {p.standardized ? <Tag color="green">{t('规范化达标', 'Standardized')}</Tag> : <Tag color="orange">{t('未达标', 'Not standardized')}</Tag>}
              </>
            }
            extra={
              can('registry:write') && (
                <>
                  <Button onClick={() => setEditing(true)}>{t('修改', 'Edit')}</Button>
                  <AddButton onClick={() => setTenant('new')}>{t('添加租户', 'Add tenant')}</AddButton>
                </>
              )
            }
          >
            <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }} style={{ marginBottom: 16 }}>
              <Descriptions.Item label={t('出租方（业主）', 'Landlord')}>
                {p.landlordId ? <Link to={`/registry/enterprises/${p.landlordId}`}>{p.landlordName}</Link> : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('所在地', 'Location')}>
                {name(p.townCode)} {p.villageCode ? name(p.villageCode) : ''} {p.address ?? ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('专职安全管理人员', 'Safety staff')}>{p.safetyStaffCount}</Descriptions.Item>
              <Descriptions.Item label={t('在园企业', 'Tenants')}>{current.length}</Descriptions.Item>
              <Descriptions.Item label={t('安全管理协议', 'Agreements')}>
                {current.filter((t) => t.agreementSigned).length}/{current.length}
              </Descriptions.Item>
              <Descriptions.Item label={t('达标日期 / 投保', 'Standardized / insured')}>
                {p.standardizedAt ?? '—'} / {yesNo(p.insured)}
              </Descriptions.Item>
            </Descriptions>
            <Tabs
              items={[
                {
                  key: 'tenants',
                  label: t('入驻企业', 'Tenants'),
                  children: (
                    <Space direction="vertical" style={{ width: '100%' }}>
                      <Link to={`/registry/enterprises?parkId=${id}`}>{t('在企业名录中查看（可导出）', 'Open in the enterprise list')}</Link>
                      <PlainTable
                        rowKey="enterpriseId"
                        dataSource={p.tenants}
                        empty={t('还没有入驻企业：点“添加租户”登记', 'No tenants yet: use “Add tenant”')}
                        columns={[
                          {
                            title: t('企业', 'Enterprise'),
                            dataIndex: 'name',
                            render: (v, r) => <Link to={`/registry/enterprises/${r.enterpriseId}`}>{v}</Link>,
                          },
                          { title: t('风险等级', 'Grade'), dataIndex: 'riskGrade', render: (g) => <GradeTag grade={g} /> },
                          {
                            title: t('关系', 'Relation'),
                            dataIndex: 'relation',
                            render: (r: keyof typeof TENANT_RELATION_LABELS) => labelOf(TENANT_RELATION_NAMES, r),
                          },
                          {
                            title: t('安全管理协议', 'Agreement'),
                            render: (_, r) =>
                              r.agreementSigned ? (
                                <Tag color={r.agreementExpiresAt && r.agreementExpiresAt < today() ? 'orange' : 'green'}>
                                  {r.agreementSignedAt} ~ {r.agreementExpiresAt ?? ''}
                                </Tag>
                              ) : (
                                <Tag color="red">{t('未签订', 'Not signed')}</Tag>
                              ),
                          },
                          { title: t('入驻', 'In'), dataIndex: 'movedInAt' },
                          { title: t('迁出', 'Out'), dataIndex: 'movedOutAt' },
                          {
                            title: '',
                            width: 70,
                            render: (_, r) =>
                              can('registry:write') && (
                                <Button size="small" type="link" onClick={() => setTenant(r)}>
                                  {t('编辑', 'Edit')}
                                </Button>
                              ),
                          },
                        ]}
                      />
                    </Space>
                  ),
                },
                { key: 'insurance', label: t('保险', 'Insurance'), children: <InsuranceTab target={{ parkId: id }} /> },
                { key: 'history', label: t('变更历史', 'History'), children: <HistoryList url={`/api/registry/parks/${id}/history`} /> },
              ]}
            />
            {tenant && <TenantModal parkId={id} tenant={tenant === 'new' ? undefined : tenant} onClose={() => setTenant(undefined)} />}
            <Modal open={editing} title={t('修改园区', 'Edit park')} footer={null} onCancel={() => setEditing(false)} width={760} destroyOnHidden>
              <ParkForm park={p} onDone={() => setEditing(false)} />
            </Modal>
          </PageCard>
        );
      }}
    </RecordView>
  );
}
