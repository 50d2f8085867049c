// 分级分类监管清单: counts per level and town (chart), the rows with filters and sort, edits in a draft, and
// generation from the registry; the frequency policy that computes each row's annual cap.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, InputNumber, Row, Select, Space, Statistic, Switch, Table, Tag } from 'antd';
import ReactECharts from 'echarts-for-react';
import { useState } from 'react';
import { STANDARDIZATION_LEVELS, STANDARDIZATION_NAMES } from '../../../../shared/registry.ts';
import type { FrequencyPolicy } from '../../../../shared/supervision.ts';
import { CREDIT_CLASSES, CREDIT_NAMES, GRADE_LEVEL_NAMES, GRADE_LEVELS, SECTOR_NAMES, SECTORS } from '../../../../shared/supervision.ts';
import type { Grade, GradeStats, PolicyAnswer } from '../../../../shared/supervision.dto.ts';
import { api, toQuery } from '../../app/api';
import { useAuth } from '../../app/auth';
import { fmtDate } from '../../app/format';
import { pick, t } from '../../app/i18n';
import { axisGrid, pieSeries, topLegend } from '../../components/charts';
import { Field, FieldRow, required } from '../../components/FormParts';
import { LabelTag, labelOptions } from '../../components/LabelTag';
import { type FilterSpec, type ListColumn, selectFilter, useUrlFilters } from '../../components/ListPage';
import { PageCard, PageNote, useIsPhone } from '../../components/PageCard';
import { PlaceName, usePlaces } from '../../components/places';
import { useEnterpriseSearch } from '../registry/api';
import { supervisionKeys } from './api';
import { RowForm, type RowFormProps, useShownVersion, VersionRowsPage } from './Lists';

/** The same colour for a level in the bar and the ring. */
const LEVEL_COLOURS = { district: '#cf1322', town: '#1d5fb0' } as const;

function GradeCharts({ versionId }: { versionId: string }) {
  const { name } = usePlaces();
  const phone = useIsPhone();
  const s = useQuery({
    queryKey: supervisionKeys.stats(versionId),
    queryFn: () => api.get<GradeStats>(`/api/supervision/grades/stats${toQuery({ versionId })}`),
  }).data;
  if (!s) return null;
  const district = pick(GRADE_LEVEL_NAMES.district);
  const town = pick(GRADE_LEVEL_NAMES.town);
  const bar = {
    tooltip: { trigger: 'axis' },
    legend: topLegend([district, town]),
    grid: axisGrid({ legend: true }),
    xAxis: { type: 'category', data: s.byTown.map((x) => name(x.townCode)), axisLabel: { rotate: 40, fontSize: 11 } },
    yAxis: { type: 'value', name: t('企业数', 'Enterprises') },
    series: [
      { name: district, type: 'bar', stack: 'level', data: s.byTown.map((x) => x.district), itemStyle: { color: LEVEL_COLOURS.district } },
      { name: town, type: 'bar', stack: 'level', data: s.byTown.map((x) => x.town), itemStyle: { color: LEVEL_COLOURS.town } },
    ],
  };
  const pie = {
    tooltip: { trigger: 'item' },
    series: [
      pieSeries(
        s.byLevel.map((l) => ({ name: pick(GRADE_LEVEL_NAMES[l.level]), value: l.count, itemStyle: { color: LEVEL_COLOURS[l.level] } })),
        { donut: true },
      ),
    ],
  };
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="grade-charts">
      <Col xs={12} md={4}>
        <Statistic title={t('列入清单企业', 'Enterprises')} value={s.total} />
      </Col>
      <Col xs={12} md={4}>
        <Statistic title={t('区级重点执法单位', 'District key units')} value={s.keyUnits} />
      </Col>
      <Col xs={12} md={4}>
        <Statistic title={t('区级监管', 'District level')} value={s.byLevel.find((l) => l.level === 'district')?.count ?? 0} />
      </Col>
      <Col xs={12} md={4}>
        <Statistic title={t('年度检查上限合计（次）', 'Annual cap total')} value={s.annualCap} />
      </Col>
      <Col xs={24} md={16}>
        <ReactECharts option={bar} style={{ height: phone ? 240 : 280 }} />
      </Col>
      {/* On a phone the ring only repeats the counts above it, and would push the list a screen further down. */}
      {!phone && (
        <Col md={8}>
          <ReactECharts option={pie} style={{ height: 280 }} />
        </Col>
      )}
    </Row>
  );
}

function GradeForm(props: RowFormProps<Grade>) {
  const { row } = props;
  const [q, setQ] = useState('');
  const found = useEnterpriseSearch(q);
  return (
    <RowForm<Grade>
      {...props}
      kind="grades"
      title={row ? t(`调整：${row.enterpriseName ?? ''}`, 'Edit class') : t('加入企业', 'Add enterprise')}
      width={640}
      initialValues={{ level: 'town', keyUnit: false, sector: 'other', standardization: 'none', credit: 'unrated' }}
      body={(v, adding) => ({
        level: v.level,
        keyUnit: !!v.keyUnit,
        sector: v.sector,
        standardization: v.standardization,
        credit: v.credit,
        note: (v.note as string) || undefined,
        ...(adding ? { enterpriseId: v.enterpriseId } : {}),
      })}
    >
      <FieldRow>
        {!row && (
          <Field name="enterpriseId" label={t('企业', 'Enterprise')} rules={[required(true)]}>
            <Select
              showSearch={{ filterOption: false, onSearch: setQ }}
              placeholder={t('输入企业名称搜索', 'Search by name')}
              options={found.data?.items.map((e) => ({ value: e.id, label: `${e.name}（${e.creditCode}）` }))}
            />
          </Field>
        )}
        <Field span={12} name="level" label={t('监管层级', 'Level')} rules={[required(true)]}>
          <Select options={labelOptions(GRADE_LEVELS, GRADE_LEVEL_NAMES)} />
        </Field>
        <Field span={12} name="keyUnit" label={t('区级重点执法单位', 'Key unit')} valuePropName="checked">
          <Switch />
        </Field>
        <Field span={8} name="sector" label={t('行业类别', 'Sector')} rules={[required(true)]}>
          <Select options={labelOptions(SECTORS, SECTOR_NAMES)} />
        </Field>
        <Field span={8} name="standardization" label={t('标准化等级', 'Standardization')} rules={[required(true)]}>
          <Select options={labelOptions(STANDARDIZATION_LEVELS, STANDARDIZATION_NAMES)} />
        </Field>
        <Field span={8} name="credit" label={t('信用等级', 'Credit')} rules={[required(true)]}>
          <Select options={labelOptions(CREDIT_CLASSES, CREDIT_NAMES)} />
        </Field>
      </FieldRow>
      <p style={{ color: '#888' }}>{t('年度检查上限由检查频次政策自动计算。', 'The annual cap follows from the frequency policy.')}</p>
    </RowForm>
  );
}

export function GradesPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { townOptions } = usePlaces();
  const shown = useShownVersion('grades');
  const { version } = shown;
  const [busy, setBusy] = useState(false);
  const filters: FilterSpec[] = [
    selectFilter('town', t('镇（街道）', 'Town'), townOptions, { search: true }),
    selectFilter('level', t('监管层级', 'Level'), labelOptions(GRADE_LEVELS, GRADE_LEVEL_NAMES), { multiple: true }),
    selectFilter('sector', t('行业类别', 'Sector'), labelOptions(SECTORS, SECTOR_NAMES), { multiple: true }),
    selectFilter('standardization', t('标准化等级', 'Standardization'), labelOptions(STANDARDIZATION_LEVELS, STANDARDIZATION_NAMES), { multiple: true }),
    { kind: 'switch', key: 'keyUnit', label: t('只看重点执法单位', 'Key units only') },
  ];
  const state = useUrlFilters(filters);
  const columns: ListColumn<Grade>[] = [
    { title: t('企业', 'Enterprise'), dataIndex: 'enterpriseName', card: 'title', width: 240 },
    { title: t('信用代码', 'Credit code'), dataIndex: 'creditCode', width: 190 },
    {
      title: t('所在镇街', 'Town'),
      dataIndex: 'jurisdictionCode',
      sortKey: 'jurisdictionCode',
      width: 120,
      render: (c: string) => <PlaceName code={c.slice(0, 9)} />,
    },
    {
      title: t('监管层级', 'Level'),
      dataIndex: 'level',
      width: 140,
      render: (v: string, r) => (
        <Space size={4}>
          <LabelTag labels={GRADE_LEVEL_NAMES} value={v} />
          {r.keyUnit && <Tag color="magenta">{t('重点', 'Key')}</Tag>}
        </Space>
      ),
    },
    { title: t('行业类别', 'Sector'), dataIndex: 'sector', width: 150, render: (v: string) => <LabelTag labels={SECTOR_NAMES} value={v} /> },
    { title: t('标准化', 'Standardization'), dataIndex: 'standardization', width: 100, render: (v: string) => pick(STANDARDIZATION_NAMES[v as 'none']) },
    { title: t('信用', 'Credit'), dataIndex: 'credit', width: 110, render: (v: string) => pick(CREDIT_NAMES[v as 'A']) },
    { title: t('年度上限（次）', 'Annual cap'), dataIndex: 'annualCap', sortKey: 'annualCap', width: 120, align: 'right' },
    { title: t('检查频次', 'Due'), dataIndex: 'frequency', width: 170 },
  ];
  const generate = () => {
    if (!version) return;
    setBusy(true);
    api
      .post<{ rows: number; keyUnits: number }>(`/api/supervision/grades/versions/${version.id}/generate`)
      .then(async (r) => {
        message.success(t(`已生成 ${r.rows} 家企业，其中重点执法单位 ${r.keyUnits} 家`, `Generated ${r.rows} rows`));
        await qc.invalidateQueries({ queryKey: supervisionKeys.all });
      })
      .catch((e: Error) => message.error(e.message))
      .finally(() => setBusy(false));
  };
  return (
    <VersionRowsPage<Grade>
      kind="grades"
      title={t('分级分类监管清单', 'Graded supervision list')}
      shown={shown}
      exportQuery={toQuery(state.filters)}
      above={(id) => <GradeCharts versionId={id} />}
      filters={filters}
      columns={columns}
      empty={{
        draft: t('草稿为空：从监管名录生成，或导入 Excel', 'Empty: generate from the registry or import'),
        published: t('没有符合条件的企业', 'No matching rows'),
      }}
      addLabel={t('加入企业', 'Add enterprise')}
      draftButtons={(add) => (
        <Space wrap style={{ marginBottom: 12 }}>
          <Button type="primary" loading={busy} onClick={generate}>
            {t('从监管名录生成', 'Generate from registry')}
          </Button>
          <Button onClick={add}>{t('加入企业', 'Add enterprise')}</Button>
        </Space>
      )}
      noVersion={t('还没有任何版本：点“新建草稿版本”，再从监管名录生成。', 'No version yet: create a draft, then generate it from the registry.')}
      form={(p) => <GradeForm {...p} />}
    />
  );
}

/** 检查频次政策: the cap table by sector × standardization, the credit adjustment and the key-unit minimum. */
export function PolicyPage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: supervisionKeys.policy, queryFn: () => api.get<PolicyAnswer>('/api/supervision/policy') });
  const [draft, setDraft] = useState<FrequencyPolicy>();
  const [busy, setBusy] = useState(false);
  const editor = can('inspection:lists');
  const p = draft ?? (q.data?.policy as FrequencyPolicy | undefined);
  if (!p || !q.data) return <PageCard loading />;
  const set = (f: (x: FrequencyPolicy) => void) => {
    const next = structuredClone(p);
    f(next);
    setDraft(next);
  };
  const num = (value: number, onChange: (v: number) => void, min = 0, label = '') => (
    <InputNumber
      aria-label={label}
      size="small"
      min={min}
      max={365}
      value={value}
      disabled={!editor}
      onChange={(v) => onChange(Number(v ?? 0))}
      style={{ width: 72 }}
    />
  );
  const save = () => {
    setBusy(true);
    api
      .put('/api/supervision/policy', { policy: p, note: t('网页调整', 'Edited') })
      .then(async () => {
        setDraft(undefined);
        message.success(t('已保存为新版本；新的分级分类草稿按新政策计算', 'Saved as a new version'));
        await qc.invalidateQueries({ queryKey: supervisionKeys.all });
      })
      .catch((e: Error) => message.error(e.message))
      .finally(() => setBusy(false));
  };
  return (
    <PageCard
      title={t('检查频次政策', 'Frequency policy')}
      tags={<Tag>{q.data.version ? t(`第 ${q.data.version} 版`, `v${q.data.version}`) : t('默认', 'Default')}</Tag>}
      extra={
        editor && (
          <Button type="primary" disabled={!draft} loading={busy} onClick={save}>
            {t('保存为新版本', 'Save as new version')}
          </Button>
        )
      }
    >
      <PageNote>
        {t(
          '年度检查上限 = 行业类别 × 标准化等级的基数 + 信用调整；重点执法单位不低于下限；结果限定在最少与最多之间。',
          'Annual cap = base (sector × standardization) + credit adjustment; key units at least the minimum; clamped to min–max.',
        )}
      </PageNote>
      <Table
        size="small"
        pagination={false}
        rowKey="sector"
        scroll={{ x: 'max-content' }}
        dataSource={SECTORS.map((s) => ({ sector: s }))}
        columns={[
          { title: t('行业类别', 'Sector'), dataIndex: 'sector', render: (s: (typeof SECTORS)[number]) => pick(SECTOR_NAMES[s]) },
          ...STANDARDIZATION_LEVELS.map((l) => ({
            title: pick(STANDARDIZATION_NAMES[l]),
            key: l,
            render: (_: unknown, r: { sector: (typeof SECTORS)[number] }) =>
              num(p.caps[r.sector][l], (v) => set((x) => (x.caps[r.sector][l] = v)), 1, `${pick(SECTOR_NAMES[r.sector])} ${pick(STANDARDIZATION_NAMES[l])}`),
          })),
        ]}
      />
      <h4 style={{ marginTop: 16 }}>{t('信用调整（次/年，负数为减少）', 'Credit adjustment')}</h4>
      <Space wrap>
        {CREDIT_CLASSES.map((c) => (
          <span key={c}>
            {pick(CREDIT_NAMES[c])}{' '}
            <InputNumber
              aria-label={pick(CREDIT_NAMES[c])}
              size="small"
              min={-12}
              max={24}
              value={p.creditDelta[c]}
              disabled={!editor}
              onChange={(v) => set((x) => (x.creditDelta[c] = Number(v ?? 0)))}
              style={{ width: 64 }}
            />
          </span>
        ))}
      </Space>
      <FieldRow>
        <Col xs={24} md={8} style={{ marginTop: 16 }}>
          {t('重点执法单位不少于', 'Key units at least')}{' '}
          {num(p.keyUnitMin, (v) => set((x) => (x.keyUnitMin = v)), 0, t('重点执法单位下限', 'Key unit minimum'))} {t('次', 'times')}
        </Col>
        <Col xs={24} md={8} style={{ marginTop: 16 }}>
          {t('最少', 'Min')} {num(p.min, (v) => set((x) => (x.min = v)), 0, t('最少', 'Min'))} {t('最多', 'Max')}{' '}
          {num(p.max, (v) => set((x) => (x.max = v)), 1, t('最多', 'Max'))}
        </Col>
      </FieldRow>
      <h4 style={{ marginTop: 16 }}>{t('版本记录', 'Versions')}</h4>
      <ul>
        {q.data.versions.length === 0 && <li>{t('尚未调整：使用默认频次表（DOMAIN）', 'Default table in use')}</li>}
        {q.data.versions.map((v) => (
          <li key={v.version}>
            {t(`第 ${v.version} 版`, `v${v.version}`)} · {fmtDate(v.createdAt)} · {v.createdByName ?? '—'} {v.note && `· ${v.note}`}
          </li>
        ))}
      </ul>
    </PageCard>
  );
}
