// Warnings test fixtures: service contexts for two people, times, a CAP document (records: server/test/factories.ts).
import { type Ctx, type Deps, systemCtx } from '../../platform/context.ts';

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
