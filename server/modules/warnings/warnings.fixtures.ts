// Test fixtures: a small responsible-person tree in two towns, and service contexts for two people.
import { v7 as uuidv7 } from 'uuid';
import type { Channel, PersonRole } from '../../../shared/warnings.ts';
import { type Ctx, type Deps, systemCtx } from '../../platform/context.ts';

export const TOWN_A = '330203009'; // 石碶街道
export const TOWN_B = '330203100'; // 高桥镇

export interface PersonSpec {
  name: string;
  role: PersonRole;
  code: string;
  phone?: string | null;
  superior?: string;
  channels?: Channel[];
  lon?: number;
  lat?: number;
  userId?: string;
}

let phoneSeq = 0;
export async function addPersons(deps: Deps, specs: PersonSpec[]): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const s of specs) {
    const id = uuidv7();
    ids[s.name] = id;
    await deps.db
      .insertInto('responsible_persons')
      .values({
        id,
        name: s.name,
        role: s.role,
        jurisdiction_code: s.code,
        phone:
          s.phone === undefined
            ? `1000${String(++phoneSeq + process.pid * 100)
                .slice(-7)
                .padStart(7, '0')}`
            : s.phone,
        channels: s.channels ?? ['sms', 'voice'],
        superior_id: s.superior ? ids[s.superior] : null,
        user_id: s.userId ?? null,
        lon: s.lon ?? null,
        lat: s.lat ?? null,
      })
      .execute();
  }
  return ids;
}

/** Two villages of each town, from the real org tree. */
export async function villagesOf(deps: Deps, town: string): Promise<string[]> {
  const rows = await deps.db.selectFrom('org_units').select('code').where('parent_code', '=', town).orderBy('code').limit(2).execute();
  return rows.map((r) => r.code);
}

/** A district-wide system context with its own actor id (so drafter ≠ approver can be shown). */
export function actorCtx(deps: Deps, id: string, over: Partial<Ctx['actor']> = {}): Ctx {
  const base = systemCtx(deps);
  return { ...base, actor: { ...base.actor, id, username: `u-${id.slice(-4)}`, ...over } };
}
export const DRAFTER = '00000000-0000-7000-8000-00000000d001';
export const APPROVER = '00000000-0000-7000-8000-00000000a001';

export const inHours = (deps: Deps, h: number) => new Date(deps.clock.now().getTime() + h * 3_600_000).toISOString();

/** A CAP 1.2 document from the city weather bureau, with parts replaceable for invalid cases. */
export const capDoc = (
  o: { id?: string; msgType?: string; refs?: string; severity?: string; area?: string; sent?: string; extra?: string } = {},
) => `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${o.id ?? '33020041600000_20260601080000_1'}</identifier>
  <sender>qxj@nbqx.gov.cn</sender>
  <sent>${o.sent ?? '2026-06-01T08:00:00+08:00'}</sent>
  <status>Actual</status>
  <msgType>${o.msgType ?? 'Alert'}</msgType>
  <scope>Public</scope>
  ${o.refs ? `<references>${o.refs}</references>` : ''}
  ${o.extra ?? ''}
  <info>
    <language>zh-CN</language>
    <category>Met</category>
    <event>暴雨</event>
    <urgency>Immediate</urgency>
    <severity>${o.severity ?? 'Severe'}</severity>
    <certainty>Likely</certainty>
    <onset>2026-06-01T08:00:00+08:00</onset>
    <expires>2026-06-01T20:00:00+08:00</expires>
    <senderName>宁波市气象台</senderName>
    <headline>宁波市气象台发布暴雨橙色预警</headline>
    <description>预计未来6小时海曙西部山区累计雨量将达80毫米以上。</description>
    <instruction>做好山洪和地质灾害防御。</instruction>
    ${
      o.area ??
      `<area>
      <areaDesc>章水镇、鄞江镇</areaDesc>
      <polygon>29.70,121.20 29.70,121.40 29.90,121.40 29.90,121.20 29.70,121.20</polygon>
      <circle>29.78,121.35 5</circle>
      <geocode><valueName>GB/T 2260</valueName><value>330203106</value></geocode>
    </area>`
    }
  </info>
</alert>`;
