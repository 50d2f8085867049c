import { cellText, firstSheet, gridSheet, headerTexts, newWorkbook, xlsxBytes } from '../../platform/excel.ts';
import { validate as isUuid, v7 as uuidv7 } from 'uuid';
import { CHANNEL_LABELS, CHANNELS, type Channel, PERSON_ROLE_LABELS, PERSON_ROLES, type PersonRole, personRoleByLabel } from '../../../shared/warnings.ts';
import { assertInScope, coversJurisdiction, requirePermission, requireJurisdiction, requireVisible } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { badRequest, type FieldIssue, fieldError, notFound } from '../../platform/errors.ts';
import { personDto, personListDto } from './warnings.presenters.ts';
import type { PersonDto } from '../../../shared/warnings.dto.ts';
import { pageOf } from '../../platform/pagination.ts';
import {
  insertPerson,
  type PersonRow,
  personById,
  personByPhoneRole,
  personInScopeByPhone,
  personLink,
  personPage,
  placeCodes,
  setSuperior,
  updatePersonRow,
} from './persons.repo.ts';

export type { PersonRow };
const personNotFound = () => notFound('责任人', 'Responsible person');
const PHONE = /^1\d{10}$/;

export interface PersonInput {
  name: string;
  role: PersonRole;
  jurisdictionCode: string;
  unitName?: string | null;
  grid?: string | null;
  phone?: string | null;
  phone2?: string | null;
  email?: string | null;
  channels?: Channel[];
  superiorId?: string | null;
  userId?: string | null;
  households?: number | null;
  lon?: number | null;
  lat?: number | null;
  active?: boolean;
}

export async function listPersons(ctx: Ctx, q: { code?: string; role?: string; q?: string; page: number; pageSize: number }) {
  requirePermission(ctx, 'warning:read');
  const { count, items } = await personPage(ctx, q);
  return pageOf(count, items.map(personListDto), q);
}

export async function getPerson(ctx: Ctx, id: string): Promise<PersonDto> {
  return personDto(await findPerson(ctx, id));
}

async function findPerson(ctx: Ctx, id: string): Promise<PersonRow> {
  requirePermission(ctx, 'warning:read');
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw personNotFound();
  const p = await personById(ctx, id);
  assertInScope(ctx, p, personNotFound);
  return p;
}

async function check(ctx: Ctx, input: PersonInput, selfId: string | null, prefix = 'body') {
  await requireJurisdiction(ctx, input.jurisdictionCode, `${prefix}.jurisdictionCode`);
  if (input.phone && !PHONE.test(input.phone)) throw fieldError(`${prefix}.phone`, '应为11位手机号', 'must be an 11-digit mobile number');
  if (input.superiorId) {
    if (input.superiorId === selfId) throw fieldError(`${prefix}.superiorId`, '不能是本人', 'cannot be the person themself');
    // The superior is visible to the writer, or sits in the person's own or a higher jurisdiction: the
    // escalation chain runs upwards, to people (the district's) a town cannot otherwise list. Anything else
    // — nonexistent or another town's — gets the same answer and an audited denial.
    const first = isUuid(input.superiorId) ? await personLink(ctx, input.superiorId) : undefined;
    if (!first || !input.jurisdictionCode.startsWith(first.jurisdiction_code))
      await requireVisible(ctx, 'responsible_persons', input.superiorId, `${prefix}.superiorId`);
    // Walk up the chain: it must not lead back to this person.
    let cur: string | null = input.superiorId;
    for (let depth = 0; cur && depth < 20; depth++) {
      const s: { id: string; superior_id: string | null } | undefined = await personLink(ctx, cur);
      if (!s) break;
      if (selfId && s.superior_id === selfId) throw fieldError(`${prefix}.superiorId`, '上下级关系不能成环', 'would make a cycle');
      cur = s.superior_id;
    }
  }
  if (input.userId) await requireVisible(ctx, 'users', input.userId, `${prefix}.userId`);
}

const toRow = (input: PersonInput) => ({
  name: input.name.trim(),
  role: input.role,
  jurisdiction_code: input.jurisdictionCode,
  unit_name: input.unitName ?? null,
  grid: input.grid ?? null,
  phone: input.phone ?? null,
  phone2: input.phone2 ?? null,
  email: input.email ?? null,
  channels: input.channels ?? [],
  superior_id: input.superiorId ?? null,
  user_id: input.userId ?? null,
  households: input.households ?? null,
  lon: input.lon ?? null,
  lat: input.lat ?? null,
  active: input.active ?? true,
});

export async function createPerson(ctx: Ctx, input: PersonInput): Promise<PersonDto> {
  requirePermission(ctx, 'warning:write');
  return withTx(ctx, async (c) => {
    await check(c, input, null);
    const id = uuidv7();
    const saved = await insertPerson(c, { id, ...toRow(input), created_by: c.actor.id, updated_by: c.actor.id });
    await audit(c.db, c, { action: 'warning.person.create', resourceType: 'responsible_person', resourceId: id, after: saved });
    return personDto(saved);
  });
}

export async function updatePerson(ctx: Ctx, id: string, input: PersonInput): Promise<PersonDto> {
  requirePermission(ctx, 'warning:write');
  const before = await findPerson(ctx, id);
  return withTx(ctx, async (c) => {
    await check(c, input, id);
    const saved = await updatePersonRow(c, id, { ...toRow(input), updated_by: c.actor.id, updated_at: c.deps.clock.now() });
    await audit(c.db, c, { action: 'warning.person.update', resourceType: 'responsible_person', resourceId: id, before, after: saved });
    return personDto(saved);
  });
}

// ── .xlsx import / template ─────────────────────────────────────────────────────────────────────────
export const IMPORT_COLUMNS = ['姓名', '角色', '所属区划代码', '单位/职务', '网格', '手机', '备用电话', '邮箱', '叫应渠道', '上级手机', '包保户数'] as const;

export async function importTemplate(ctx: Ctx): Promise<Buffer> {
  requirePermission(ctx, 'warning:read');
  const wb = await newWorkbook();
  gridSheet(
    wb,
    '责任人',
    IMPORT_COLUMNS.map((header) => ({ header, width: 16 })),
    [
      ['张建国', '防汛责任人', '330203009', '石碶街道办事处副主任', '', '13900000001', '', '', '站内,短信,语音电话', '', ''],
      ['李海波', '山洪预警员', '330203009003', '东方社区', '第1网格', '13900000002', '', '', '短信,语音电话', '13900000001', ''],
      ['王秀英', '包保干部', '330203009003', '东方社区', '第1网格', '13900000003', '', '', '', '13900000001', '12'],
    ],
  );
  const n = Math.max(PERSON_ROLES.length, CHANNELS.length);
  gridSheet(
    wb,
    '角色与渠道',
    ['角色', '渠道'],
    Array.from({ length: n }, (_, i) => [PERSON_ROLES[i] ? PERSON_ROLE_LABELS[PERSON_ROLES[i]].zh : '', CHANNELS[i] ? CHANNEL_LABELS[CHANNELS[i]].zh : '']),
  );
  return xlsxBytes(wb);
}

const channelByLabel = (s: string) => CHANNELS.find((c) => CHANNEL_LABELS[c].zh === s || c === s);

/** Import persons from the template layout. All rows or none: any bad row → 400 listing every issue. */
export async function importPersons(ctx: Ctx, content: Buffer) {
  requirePermission(ctx, 'warning:write');
  const ws = await firstSheet(content, 'body.contentBase64');
  const header = headerTexts(ws);
  const col = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, header.indexOf(c) + 1])) as Record<(typeof IMPORT_COLUMNS)[number], number>;
  for (const c of ['姓名', '角色', '所属区划代码'] as const) if (!col[c]) throw fieldError('body.contentBase64', `缺少"${c}"列`, `column "${c}" missing`);

  const issues: FieldIssue[] = [];
  const rows: { rowNo: number; input: PersonInput; superiorPhone: string }[] = [];
  const codes = await placeCodes(ctx);
  ws.eachRow((row, rowNo) => {
    if (rowNo === 1) return;
    const get = (c: (typeof IMPORT_COLUMNS)[number]) => (col[c] ? cellText(row.getCell(col[c]).value) : '');
    const err = (c: string, zh: string, en: string) => issues.push({ field: `rows.${rowNo}.${c}`, message: zh, messageEn: en });
    const name = get('姓名');
    if (!name && !get('手机')) return; // blank line
    if (!name || name.length > 50) err('姓名', '为必填项（不超过50字）', 'is required (≤ 50 characters)');
    const role = personRoleByLabel(get('角色'));
    if (!role) err('角色', '不是已知角色', 'is not a known role');
    const code = get('所属区划代码');
    if (!codes.has(code)) err('所属区划代码', '不是有效的区划代码', 'is not a division code');
    else if (!coversJurisdiction(ctx.actor, code)) err('所属区划代码', '不在您的辖区内', 'is outside your jurisdiction');
    const phone = get('手机');
    if (phone && !PHONE.test(phone)) err('手机', '应为11位手机号', 'must be an 11-digit mobile number');
    const channelsText = get('叫应渠道');
    const channels = channelsText
      ? channelsText
          .split(/[,，、\s]+/)
          .filter(Boolean)
          .map(channelByLabel)
      : [];
    if (channels.some((c) => !c)) err('叫应渠道', `渠道应为 ${CHANNELS.map((c) => CHANNEL_LABELS[c].zh).join('/')}`, 'has an unknown channel');
    const householdsText = get('包保户数');
    const households = householdsText ? Number(householdsText) : null;
    if (households !== null && (!Number.isInteger(households) || households < 0)) err('包保户数', '应为非负整数', 'must be a non-negative integer');
    const superiorPhone = get('上级手机');
    if (superiorPhone && !PHONE.test(superiorPhone)) err('上级手机', '应为11位手机号', 'must be an 11-digit mobile number');
    rows.push({
      rowNo,
      superiorPhone,
      input: {
        name,
        role: role as PersonRole,
        jurisdictionCode: code,
        unitName: get('单位/职务') || null,
        grid: get('网格') || null,
        phone: phone || null,
        phone2: get('备用电话') || null,
        email: get('邮箱') || null,
        channels: channels as Channel[],
        households,
      },
    });
  });
  if (rows.length === 0 && issues.length === 0) throw fieldError('body.contentBase64', '没有可导入的行', 'has no rows to import');
  if (issues.length)
    throw badRequest('IMPORT_ROWS_INVALID', `有 ${issues.length} 处错误，未导入任何数据`, `${issues.length} problems; nothing imported`, issues);

  return withTx(ctx, async (c) => {
    const now = c.deps.clock.now();
    let created = 0;
    let updated = 0;
    const idByPhone = new Map<string, string>();
    for (const r of rows) {
      const existing = r.input.phone ? await personByPhoneRole(c, r.input.phone, r.input.role, r.input.jurisdictionCode) : undefined;
      const id = existing?.id ?? uuidv7();
      const values = { ...toRow(r.input), superior_id: null, updated_by: c.actor.id, updated_at: now };
      if (existing) {
        const { superior_id: _keep, ...rest } = values;
        await updatePersonRow(c, id, rest);
        updated++;
      } else {
        await insertPerson(c, { id, ...values, created_by: c.actor.id });
        created++;
      }
      if (r.input.phone && !idByPhone.has(r.input.phone)) idByPhone.set(r.input.phone, id);
      (r as { id?: string }).id = id;
    }
    // Superiors by phone: someone in this file, or already in the registry within scope.
    const superiorIssues: FieldIssue[] = [];
    for (const r of rows) {
      if (!r.superiorPhone) continue;
      let sup = idByPhone.get(r.superiorPhone);
      if (!sup) sup = await personInScopeByPhone(c, r.superiorPhone);
      const self = (r as { id?: string }).id as string;
      if (!sup || sup === self) {
        superiorIssues.push({ field: `rows.${r.rowNo}.上级手机`, message: '找不到此手机号的责任人', messageEn: 'no responsible person has this phone' });
        continue;
      }
      await setSuperior(c, self, sup);
    }
    if (superiorIssues.length)
      throw badRequest(
        'IMPORT_ROWS_INVALID',
        `有 ${superiorIssues.length} 处错误，未导入任何数据`,
        `${superiorIssues.length} problems; nothing imported`,
        superiorIssues,
      );
    await audit(c.db, c, { action: 'warning.person.import', resourceType: 'responsible_person', after: { created, updated, rows: rows.length } });
    return { created, updated };
  });
}
