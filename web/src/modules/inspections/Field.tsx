// 现场检查 on a phone: scan the enterprise's QR code (or search it), fill the checklist item by item
// (pass / fail / not applicable, a note, photos, "转为隐患"), both officers confirm, the enterprise signs on
// the screen. Everything goes through the offline queue first (./offline.ts): with no network the page keeps
// working, and it sends what is queued when the network comes back — the badge says honestly what is waiting.
import { CameraOutlined, CheckCircleOutlined, CloudSyncOutlined, WarningOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Checkbox, Empty, Form, Input, List, Radio, Select, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  type InspectionKind,
  INSPECTION_KINDS,
  KIND_TEMPLATES,
  type ItemResult,
  PARK_KINDS,
  RESULT_LABELS,
  SELF_KINDS,
} from '../../../../shared/inspections.ts';
import { api, toQuery } from '../../app/api';
import { useAuth } from '../../app/auth';
import { today } from '../../app/format';
import { t } from '../../app/i18n';
import {
  discard,
  enqueue,
  getDraft,
  type LocalInspection,
  type LocalItem,
  listDrafts,
  newKey,
  onQueueChange,
  retry,
  type SyncState,
  saveDraft,
  sync,
  syncState,
} from './offline';
import { MyDrawTasksCard } from '../draws/MyTasks';
import { kindLabel } from './shared';
import { SignatureBox } from './Signature';

interface Option {
  value: string;
  label: string;
}

/** Re-read the queue and the drafts whenever either changes. */
function useQueue() {
  const [state, setState] = useState<SyncState>({ queued: 0, failed: [], sent: 0, syncing: false });
  const [drafts, setDrafts] = useState<LocalInspection[]>([]);
  useEffect(() => {
    const load = () => {
      void syncState().then(setState);
      void listDrafts().then(setDrafts);
    };
    load();
    void sync();
    const stop = onQueueChange(load);
    return () => {
      stop();
    };
  }, []);
  return { state, drafts };
}

function useOnline() {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

function SyncBadge({ state, online }: { state: SyncState; online: boolean }) {
  return (
    <Card size="small" data-testid="sync-state">
      <Space wrap>
        <Tag color={online ? 'green' : 'default'}>{online ? t('在线', 'Online') : t('离线', 'Offline')}</Tag>
        <span data-testid="sync-queued" data-count={state.queued}>
          <CloudSyncOutlined /> {t('待同步', 'Queued')} <Badge count={state.queued} showZero color={state.queued ? 'orange' : 'green'} />
        </span>
        <span data-testid="sync-sent">
          {t('已发送', 'Sent')} {state.sent}
        </span>
        {state.failed.length > 0 && (
          <span data-testid="sync-failed" style={{ color: '#cf1322' }}>
            {t('失败', 'Failed')} {state.failed.length}
          </span>
        )}
        {state.syncing && <Tag color="processing">{t('同步中…', 'Syncing…')}</Tag>}
        {online && state.queued > 0 && !state.syncing && (
          <Button size="small" onClick={() => void sync()}>
            {t('立即同步', 'Sync now')}
          </Button>
        )}
      </Space>
      {state.lastError && state.queued > 0 && (
        <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0' }}>
          {t('暂未发送：', 'Not sent yet: ')}
          {state.lastError}
        </Typography.Paragraph>
      )}
      {state.failed.map((op) => (
        <Alert
          key={op.key}
          type="error"
          style={{ marginTop: 8 }}
          message={`${t('服务器拒绝', 'Refused')}（${op.kind}）：${op.error ?? ''}`}
          action={
            <Space direction="vertical">
              <Button size="small" onClick={() => void retry(op.key)}>
                {t('重试', 'Retry')}
              </Button>
              <Button size="small" danger onClick={() => void discard(op.key)}>
                {t('放弃', 'Discard')}
              </Button>
            </Space>
          }
        />
      ))}
    </Card>
  );
}

/** Start a new inspection: the enterprise (from the QR code's link, or searched), the kind, the officers. */
function NewInspection({ onStarted }: { onStarted: (id: string) => void }) {
  const [params] = useSearchParams();
  const { me } = useAuth();
  const confined = !!me?.roles.some((r) => r === 'park_operator' || r === 'enterprise_user');
  const kinds = INSPECTION_KINDS.filter((k) => !confined || SELF_KINDS.includes(k));
  const [kind, setKind] = useState<InspectionKind>(confined ? 'all_staff' : 'enforcement');
  const [q, setQ] = useState('');
  const preset = params.get('enterprise');
  // A drawn task names its enterprise too: one in another town (交叉检查) is not readable from the registry here.
  const [place, setPlace] = useState<Option | undefined>(() => {
    const name = params.get('enterpriseName');
    return preset && name ? { value: preset, label: name } : undefined;
  });
  // Opened from a 双随机 task (the draw's page): the drawn officers, and the record carries the task.
  const drawTask = params.get('drawTask');
  const [officers, setOfficers] = useState<string[]>(() => params.get('officers')?.split(',').filter(Boolean) ?? []);
  const [representative, setRepresentative] = useState('');
  const [checklist, setChecklist] = useState<string>();
  const [error, setError] = useState<string>();
  const isPark = PARK_KINDS.includes(kind);

  const presetQuery = useQuery({
    queryKey: ['inspections', 'enterprise', preset],
    enabled: !!preset,
    queryFn: () => api.get<{ id: string; name: string; principalName: string | null }>(`/api/registry/enterprises/${preset}`),
  });
  useEffect(() => {
    const e = presetQuery.data;
    if (e && !isPark) {
      setPlace({ value: e.id, label: e.name });
      if (e.principalName) setRepresentative(e.principalName);
    }
  }, [presetQuery.data, isPark]);

  const search = useQuery({
    queryKey: ['inspections', 'places', isPark, q],
    queryFn: async () => {
      const r = await api.get<{ items: { id: string; name: string }[] }>(`/api/registry/${isPark ? 'parks' : 'enterprises'}${toQuery({ q, pageSize: 20 })}`);
      return r.items.map((x) => ({ value: x.id, label: x.name }));
    },
  });
  const officerList = useQuery({
    queryKey: ['inspections', 'officers'],
    enabled: kind === 'enforcement',
    queryFn: () => api.get<{ items: { userId: string; name: string; licenceNumber: string }[] }>('/api/enforcement/officers'),
  });

  // Published checklists (监管清单): a version's items, frozen, replace the kind's default items.
  const checklists = useQuery({
    queryKey: ['inspections', 'checklists'],
    queryFn: async () =>
      (await api.get<{ items: { name: string; currentVersionId: string | null }[] }>('/api/supervision/checklists?pageSize=100')).items.filter(
        (c) => c.currentVersionId,
      ),
  });
  const checklistItems = useQuery({
    queryKey: ['inspections', 'checklist-items', checklist],
    enabled: !!checklist,
    queryFn: () =>
      api.get<{ items: { sort: number; content: string; basis: string | null; method: string | null; major: boolean }[] }>(
        `/api/supervision/checklists/versions/${checklist}/rows`,
      ),
  });

  const start = async () => {
    setError(undefined);
    if (!place) return setError(isPark ? t('请选择园区', 'Choose a park') : t('请选择企业', 'Choose an enterprise'));
    if (kind === 'enforcement' && officers.length < 2) return setError(t('执法检查须有两名以上持证执法人员', 'At least two licensed officers'));
    if (checklist && !checklistItems.data) return setError(t('检查表尚未载入，请联网后重试', 'The checklist is not loaded yet'));
    const id = newKey();
    const fromChecklist = checklist
      ? [...(checklistItems.data?.items ?? [])]
          .sort((a, b) => a.sort - b.sort)
          .map((i) => ({ content: i.content, basis: i.basis ?? undefined, method: i.method ?? undefined, major: i.major }))
      : undefined;
    const template = fromChecklist ?? KIND_TEMPLATES[kind];
    const names = officers.map((o) => officerList.data?.items.find((x) => x.userId === o)?.name ?? o);
    const draft: LocalInspection = {
      id,
      kind,
      enterpriseId: isPark ? null : place.value,
      parkId: isPark ? place.value : null,
      placeName: place.label,
      officerIds: kind === 'enforcement' ? officers : [],
      officerNames: kind === 'enforcement' ? names : [],
      items: template.map((it, i) => ({ ...it, seq: i + 1, result: null, note: '', photos: 0, toHazard: false })),
      confirmed: [],
      stage: 'filling',
      createdAt: Date.now(),
    };
    await saveDraft(draft);
    await enqueue({
      key: id,
      inspectionId: id,
      kind: 'create',
      body: {
        id,
        kind,
        ...(isPark ? { parkId: place.value } : { enterpriseId: place.value }),
        ...(kind === 'enforcement' ? { officerIds: officers } : {}),
        ...(drawTask && kind === 'enforcement' ? { drawTaskId: drawTask } : {}),
        ...(representative && kind === 'enforcement' ? { representativeName: representative } : {}),
        ...(checklist
          ? { checklistVersionId: checklist }
          : { freeItems: template.map((it) => ({ content: it.content, basis: it.basis, method: it.method, major: it.major })) }),
      },
    });
    const where = await locate();
    await enqueue({ inspectionId: id, kind: 'start', body: where ?? {} });
    onStarted(id);
  };

  return (
    <Card title={t('开始现场检查', 'Start an inspection')} size="small">
      <Form layout="vertical">
        <Form.Item label={t('检查类型', 'Kind')}>
          <Select
            id="field-kind"
            value={kind}
            onChange={(k) => {
              setKind(k);
              setPlace(undefined);
            }}
            options={kinds.map((k) => ({ value: k, label: kindLabel(k) }))}
          />
        </Form.Item>
        <Form.Item label={isPark ? t('园区', 'Park') : t('被检查单位（扫码或搜索）', 'Enterprise (scan or search)')}>
          <Select
            id="field-place"
            showSearch
            filterOption={false}
            onSearch={setQ}
            value={place?.value}
            onChange={(v, o) => setPlace({ value: v, label: (o as Option).label })}
            options={[...(place && !search.data?.some((x) => x.value === place.value) ? [place] : []), ...(search.data ?? [])]}
            placeholder={t('输入名称搜索', 'Type to search')}
            notFoundContent={search.isFetching ? t('搜索中…', 'Searching…') : t('无匹配单位', 'Nothing found')}
          />
        </Form.Item>
        <Form.Item label={t('检查表（不选则用默认检查项）', 'Checklist (default items when empty)')}>
          <Select
            id="field-checklist"
            allowClear
            value={checklist}
            onChange={setChecklist}
            options={(checklists.data ?? []).map((c) => ({ value: c.currentVersionId as string, label: c.name }))}
            placeholder={t('默认检查项', 'Default items')}
          />
        </Form.Item>
        {kind === 'enforcement' && (
          <>
            <Form.Item label={t('执法人员（不少于两人，持有效执法证）', 'Officers (at least two, licensed)')}>
              <Select
                id="field-officers"
                mode="multiple"
                value={officers}
                onChange={setOfficers}
                options={(officerList.data?.items ?? []).map((o) => ({ value: o.userId, label: `${o.name}（${o.licenceNumber}）` }))}
              />
            </Form.Item>
            <Form.Item label={t('被检查单位现场负责人', 'Enterprise representative')}>
              <Input id="field-representative" value={representative} onChange={(e) => setRepresentative(e.target.value)} />
            </Form.Item>
          </>
        )}
        {error && <Alert type="error" message={error} style={{ marginBottom: 12 }} />}
        <Button type="primary" block onClick={() => void start()}>
          {t('开始检查', 'Start')}
        </Button>
      </Form>
    </Card>
  );
}

/** Where the phone is, if it can tell within a few seconds (inside the district only: the server checks it). */
function locate(): Promise<{ lon: number; lat: number } | undefined> {
  if (!navigator.geolocation) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 4000);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        clearTimeout(timer);
        const { longitude: lon, latitude: lat } = p.coords;
        resolve(lon > 121.2 && lon < 121.7 && lat > 29.6 && lat < 30.0 ? { lon, lat } : undefined);
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
      { timeout: 3500, maximumAge: 60_000 },
    );
  });
}

function ItemCard({ item, onAnswer, onPhoto, locked }: { item: LocalItem; onAnswer: (i: LocalItem) => void; onPhoto: (f: File) => void; locked: boolean }) {
  const [note, setNote] = useState(item.note);
  const [toHazard, setToHazard] = useState(item.toHazard);
  const answer = (result: ItemResult) => onAnswer({ ...item, result, note, toHazard: result === 'fail' && toHazard });
  return (
    <Card size="small" data-testid={`item-${item.seq}`} style={{ marginBottom: 8 }}>
      <Typography.Text strong>
        {item.seq}. {item.content}
      </Typography.Text>
      {item.major && (
        <Tag color="red" style={{ marginLeft: 6 }}>
          {t('重大隐患判定项', 'Major')}
        </Tag>
      )}
      {item.basis && <div style={{ fontSize: 12, color: '#888' }}>{item.basis}</div>}
      <Radio.Group
        style={{ marginTop: 8 }}
        disabled={locked}
        value={item.result}
        optionType="button"
        buttonStyle="solid"
        onChange={(e) => {
          const r = e.target.value as ItemResult;
          if (r === 'fail') onAnswer({ ...item, result: null, note, toHazard });
          else answer(r);
        }}
        options={(['pass', 'fail', 'na'] as const).map((r) => ({ value: r, label: RESULT_LABELS[r].zh }))}
      />
      {(item.result === 'fail' || (item.result === null && note !== item.note) || item.result === null) && !locked && (
        <div style={{ marginTop: 8 }}>
          <Input.TextArea
            aria-label={t('现场情况', 'Finding')}
            data-testid={`note-${item.seq}`}
            rows={2}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder={t('不符合项请写明现场情况', 'Describe the finding')}
          />
          <Checkbox checked={toHazard} onChange={(e) => setToHazard(e.target.checked)} style={{ marginTop: 4 }}>
            {t('转为隐患，纳入隐患闭环', 'Raise a hazard')}
          </Checkbox>
          <Button size="small" danger style={{ marginTop: 4, display: 'block' }} disabled={!note.trim()} onClick={() => answer('fail')}>
            {t('记录不符合', 'Record as failed')}
          </Button>
        </div>
      )}
      {item.result === 'fail' && (
        <div style={{ marginTop: 4 }}>
          <Tag color="red">{t('不符合', 'Failed')}</Tag>
          {item.note}
          {item.toHazard && (
            <Tag color="volcano" data-testid={`hazard-${item.seq}`}>
              {item.hazardCode ? `${t('已转隐患', 'Hazard')} ${item.hazardCode}` : t('转隐患（待同步）', 'Hazard (queued)')}
            </Tag>
          )}
        </div>
      )}
      <Space style={{ marginTop: 8 }}>
        <label>
          <Button size="small" icon={<CameraOutlined />} disabled={locked} onClick={(e) => (e.currentTarget.nextElementSibling as HTMLInputElement)?.click()}>
            {t('拍照', 'Photo')}
          </Button>
          <input
            type="file"
            accept="image/*"
            capture="environment"
            data-testid={`photo-${item.seq}`}
            aria-label={t('照片', 'Photo')}
            style={{ display: 'none' }}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) onPhoto(f);
              e.target.value = '';
            }}
          />
        </label>
        <span data-testid={`photos-${item.seq}`}>
          {t('照片', 'Photos')} {item.photos}
        </span>
      </Space>
    </Card>
  );
}

function Checklist({ id, onClose }: { id: string; onClose: () => void }) {
  const { me } = useAuth();
  const [d, setD] = useState<LocalInspection>();
  const [licence, setLicence] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState('');
  const [deadline, setDeadline] = useState('');
  const [signer, setSigner] = useState('');
  const [png, setPng] = useState<string>();
  const [error, setError] = useState<string>();
  const load = useCallback(() => void getDraft(id).then(setD), [id]);
  useEffect(() => {
    load();
    return onQueueChange(load) as () => void;
  }, [load]);
  const onSign = useCallback((v: string | undefined) => setPng(v), []);
  if (!d) return <Empty />;
  const self = SELF_KINDS.includes(d.kind);
  const update = async (patch: Partial<LocalInspection>) => {
    const next = { ...d, ...patch };
    await saveDraft(next);
    setD(next);
  };
  const answered = d.items.every((i) => i.result);
  const failed = d.items.some((i) => i.result === 'fail');
  const locked = d.stage !== 'filling';

  const onAnswer = async (item: LocalItem) => {
    await update({ items: d.items.map((i) => (i.seq === item.seq ? item : i)) });
    if (item.result)
      await enqueue({
        inspectionId: id,
        kind: 'answer',
        body: { seq: item.seq, result: item.result, ...(item.note ? { note: item.note } : {}), ...(item.toHazard ? { toHazard: true } : {}) },
      });
  };
  const onPhoto = async (seq: number, f: File) => {
    await update({ items: d.items.map((i) => (i.seq === seq ? { ...i, photos: i.photos + 1 } : i)) });
    await enqueue({ inspectionId: id, kind: 'photo', body: { seq }, blob: f, fileName: f.name });
  };
  const confirm = async (officerId: string) => {
    const own = officerId === me?.id;
    if (!own && !licence[officerId]?.trim()) return setError(t('请输入该执法人员的执法证号', 'Enter the officer’s licence number'));
    setError(undefined);
    await update({ confirmed: [...d.confirmed, officerId] });
    await enqueue({ inspectionId: id, kind: 'confirm', body: own ? {} : { licenceNumber: licence[officerId].trim() } });
  };
  const submit = async () => {
    setError(undefined);
    if (!answered) return setError(t('还有检查项未填写', 'Some items are not answered'));
    if (!self && d.confirmed.length < d.officerIds.length) return setError(t('两名执法人员均须确认', 'Both officers must confirm'));
    if (!self && failed && !deadline) return setError(t('有不符合项时须指定整改期限', 'Set a rectification deadline'));
    await update({ stage: 'submitted' });
    await enqueue({ inspectionId: id, kind: 'submit', body: { ...(summary ? { summary } : {}), ...(deadline ? { rectifyDeadline: deadline } : {}) } });
  };
  const sign = async () => {
    if (!png || !signer.trim()) return setError(t('请签字并填写签字人姓名', 'Sign and enter the signer’s name'));
    setError(undefined);
    await update({ stage: 'signed' });
    await enqueue({ inspectionId: id, kind: 'sign', body: { signerName: signer.trim(), image: png } });
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small">
        <Space direction="vertical" size={2}>
          <Typography.Text strong data-testid="field-place-name">
            {d.placeName}
          </Typography.Text>
          <span>
            {kindLabel(d.kind)} {d.code && <Tag data-testid="field-code">{d.code}</Tag>}
            {d.serverState === 'completed' && (
              <Tag color="green" icon={<CheckCircleOutlined />}>
                {t('已完成', 'Completed')}
              </Tag>
            )}
          </span>
          {d.officerNames.length > 0 && (
            <span>
              {t('执法人员：', 'Officers: ')}
              {d.officerNames.join('、')}
            </span>
          )}
        </Space>
      </Card>
      {d.items.map((it) => (
        <ItemCard key={it.seq} item={it} locked={locked} onAnswer={(i) => void onAnswer(i)} onPhoto={(f) => void onPhoto(it.seq, f)} />
      ))}
      {!self && !locked && (
        <Card size="small" title={t('执法人员确认', 'Officers confirm')}>
          <List
            dataSource={d.officerIds.map((o, i) => ({ id: o, name: d.officerNames[i] }))}
            renderItem={(o) => (
              <List.Item>
                <Space wrap>
                  <span>{o.name}</span>
                  {d.confirmed.includes(o.id) ? (
                    <Tag color="green">{t('已确认', 'Confirmed')}</Tag>
                  ) : o.id === me?.id ? (
                    <Button size="small" onClick={() => void confirm(o.id)}>
                      {t('本人确认', 'Confirm')}
                    </Button>
                  ) : (
                    <>
                      <Input
                        size="small"
                        style={{ width: 150 }}
                        aria-label={t('执法证号', 'Licence number')}
                        placeholder={t('执法证号', 'Licence no.')}
                        value={licence[o.id] ?? ''}
                        onChange={(e) => setLicence({ ...licence, [o.id]: e.target.value })}
                      />
                      <Button size="small" onClick={() => void confirm(o.id)}>
                        {t('确认', 'Confirm')}
                      </Button>
                    </>
                  )}
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
      {!locked && (
        <Card size="small" title={t('提交检查结果', 'Submit')}>
          <Form layout="vertical">
            <Form.Item label={t('检查情况', 'Summary')}>
              <Input.TextArea id="field-summary" rows={2} value={summary} onChange={(e) => setSummary(e.target.value)} />
            </Form.Item>
            {!self && failed && (
              <Form.Item label={t('整改期限', 'Rectification deadline')}>
                <Input id="field-deadline" type="date" min={today()} value={deadline} onChange={(e) => setDeadline(e.target.value)} />
              </Form.Item>
            )}
            <Button type="primary" block onClick={() => void submit()}>
              {self ? t('提交并完成', 'Submit and complete') : t('提交，请企业签字', 'Submit for signature')}
            </Button>
          </Form>
        </Card>
      )}
      {!self && d.stage === 'submitted' && (
        <Card size="small" title={t('被检查单位签字', 'Enterprise signs')}>
          <Form layout="vertical">
            <Form.Item label={t('签字人（现场负责人）', 'Signer (representative)')}>
              <Input id="field-signer" value={signer} onChange={(e) => setSigner(e.target.value)} />
            </Form.Item>
            <SignatureBox onChange={onSign} />
            <Button type="primary" block style={{ marginTop: 8 }} onClick={() => void sign()}>
              {t('确认签字', 'Sign')}
            </Button>
          </Form>
        </Card>
      )}
      {error && <Alert type="error" message={error} />}
      {d.stage !== 'filling' && (d.stage === 'signed' || self) && (
        <Alert
          type={d.serverState === 'completed' ? 'success' : 'info'}
          icon={d.serverState === 'completed' ? <CheckCircleOutlined /> : <WarningOutlined />}
          showIcon
          message={
            d.serverState === 'completed'
              ? t('检查已完成并同步', 'Completed and synced')
              : t('已保存在本机，联网后自动同步', 'Saved on this phone; syncs when online')
          }
        />
      )}
      <Space>
        <Button onClick={onClose}>{t('返回', 'Back')}</Button>
        {d.code && <Link to={`/inspections/${d.id}`}>{t('查看检查记录', 'Open the record')}</Link>}
      </Space>
    </Space>
  );
}

export function Field() {
  const online = useOnline();
  const { state, drafts } = useQueue();
  const [params, setParams] = useSearchParams();
  const active = params.get('draft');
  const open = (id: string | undefined) => {
    const next = new URLSearchParams(params);
    if (id) next.set('draft', id);
    else next.delete('draft');
    // The preset of the form (a registry link or a 双随机 task) is used up once a record is open: back from it,
    // the form is blank again instead of offering the started task a second time.
    for (const k of ['enterprise', 'enterpriseName', 'drawTask', 'officers']) next.delete(k);
    setParams(next);
  };
  const unfinished = useMemo(() => drafts.filter((d) => d.serverState !== 'completed' && d.serverState !== 'cancelled'), [drafts]);
  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 640 }}>
      <SyncBadge state={state} online={online} />
      {active ? (
        <Checklist id={active} onClose={() => open(undefined)} />
      ) : (
        <>
          <MyDrawTasksCard />
          {/* Keyed by the task: choosing another of my tasks on this page starts the form afresh on it. */}
          <NewInspection key={params.get('drawTask') ?? ''} onStarted={open} />
          {unfinished.length > 0 && (
            <Card size="small" title={t('本机未完成的检查', 'Unfinished on this phone')}>
              <List
                dataSource={unfinished}
                renderItem={(d) => (
                  <List.Item
                    actions={[
                      <Button key="open" size="small" onClick={() => open(d.id)}>
                        {t('继续', 'Continue')}
                      </Button>,
                    ]}
                  >
                    {d.placeName} · {kindLabel(d.kind)}
                  </List.Item>
                )}
              />
            </Card>
          )}
        </>
      )}
    </Space>
  );
}
