// CAP in and out: importing a registered sender's CAP 1.2 document (pushed or pulled from a feed), and
// publishing our own messages as CAP documents and an Atom feed.
import { XMLBuilder } from 'fast-xml-parser';
import type { FastifyRequest } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import type { ImportResult } from '../../../shared/warnings.dto.ts';
import { EVENT_TYPES, eventTypeByName, LEVEL_LABELS, type WarningState } from '../../../shared/warnings.ts';
import { writeAudit } from '../../platform/audit.ts';
import { type Ctx, type Deps, systemCtx, withTx } from '../../platform/context.ts';
import { publish } from '../../platform/events.ts';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.ts';
import { buildCap, type CapAlert, capExpired, capTime, levelOfSeverity, parseCap, parseReference, severityOfLevel } from './cap.ts';
import { DISTRICT, startCallResponse } from './call-response.service.ts';
import { endWarning } from './warnings.service.ts';
import { ATTEMPTS_WRITTEN, WARNINGS_CHANGED } from './delivery.ts';
import { getSettings } from './policy.ts';
import { auditRefusal, type CapSender, pushingSender, senderActor } from './senders.ts';
import { touchSender } from './persons.repo.ts';
import { townsOfArea } from './targeting.ts';
import { insertWarning, publishedFeed, publishedWarning, type WarningRow, warningByIdentifier, warningsByIdentifiers } from './warnings.repo.ts';
import type { WarningArea } from './warnings.tables.ts';

const warningNotFound = () => notFound('预警', 'Warning');
function flattenArea(cap: CapAlert): { area: WarningArea; areaDesc: string } {
  const areas = cap.info?.areas ?? [];
  const area: WarningArea = {
    polygons: areas.flatMap((a) => a.polygons),
    circles: areas.flatMap((a) => a.circles),
    // Only codes inside this district can reach anyone here.
    geocodes: [...new Set(areas.flatMap((a) => a.geocodes))].filter((g) => g.startsWith(DISTRICT) || DISTRICT.startsWith(g)),
  };
  return { area, areaDesc: areas.map((a) => a.areaDesc).join('、') || '—' };
}

/** The registered sender's division codes that an alert's area may reach: the listed geocodes clipped to them. */
function clipToSender(area: WarningArea, listed: boolean, allowed: string[]): string[] {
  if (!listed) return allowed; // geometry only: it narrows within everything the sender may cover
  const out = new Set<string>();
  for (const g of area.geocodes) {
    if (allowed.some((a) => g.startsWith(a))) out.add(g);
    else for (const a of allowed) if (a.startsWith(g)) out.add(a);
  }
  return [...out].sort();
}

/** The narrowest jurisdiction holding all of a sender's codes: one town, or the district. */
const senderJurisdiction = (codes: string[]) => {
  const town = codes[0].slice(0, 9);
  return codes.every((c) => c.length >= 9 && c.startsWith(town)) ? town : DISTRICT;
};

const refused = (zh: string, en: string) => new AppError('CAP_REFUSED', 403, zh, en);

/**
 * Import one CAP document from a registered sender, in the caller's transaction. The document's <sender>
 * must be the registered one; Update/Cancel may only reference this sender's own earlier messages, by the
 * exact (sender, identifier, sent) triple; the area is clipped to the sender's codes; the sender's policy
 * says whether it is released or waits for approval. An alert that has already expired is kept as
 * 'expired' and reaches nobody; a released one whose onset is ahead starts call-response at onset.
 */
export async function importCapTx(ctx: Ctx, xml: string, by: { sender: CapSender; ip?: string | null; feedName?: string }): Promise<ImportResult> {
  const cap = parseCap(xml);
  const { sender } = by;
  const base = { identifier: cap.identifier, msgType: cap.msgType };
  if (cap.sender !== sender.sender) {
    throw refused(`文档的发送方（${cap.sender}）与登记的发送方（${sender.sender}）不符`, `The document's sender is not the registered sender ${sender.sender}`);
  }
  if (cap.status !== 'Actual') return { ...base, result: 'ignored' };
  const dup = await warningByIdentifier(ctx, cap.identifier);
  if (dup && dup.sender !== cap.sender) throw conflict('IDENTIFIER_TAKEN', '该预警标识符已被其他发送方使用', 'This identifier belongs to another sender');
  if (dup) return { ...base, result: 'duplicate', id: dup.id };
  const now = ctx.deps.clock.now();

  const refs = cap.references.map(parseReference);
  const known = await warningsByIdentifiers(
    ctx,
    refs.map((r) => r.identifier),
  );
  const referenced: WarningRow[] = [];
  refs.forEach((r, i) => {
    const w = known.find((k) => k.identifier === r.identifier);
    if (!w) return;
    if (w.sender !== r.sender || !r.sent || !w.sent_at || r.sent.getTime() !== (w.sent_at as Date).getTime()) {
      throw fieldError(
        `alert.references[${i}]`,
        '与本平台记录的预警（发送方、标识符、发送时间）不符',
        'does not match the sender, identifier and sent time on record',
      );
    }
    if (w.sender !== sender.sender) throw refused('只能更新或解除本发送方自己发布的预警', "Only the sender's own alerts can be updated or cancelled");
    referenced.push(w);
  });
  if (cap.msgType === 'Cancel' && referenced.length === 0) {
    throw fieldError('alert.references', '引用的预警在本平台不存在，无法解除', 'references no warning known here; nothing to cancel');
  }
  const first = referenced[0];
  const info = cap.info;
  const level = (info && levelOfSeverity(info.severity)) ?? first?.level ?? 'blue';
  const type = info ? eventTypeByName(info.event) : undefined;
  const flat = info ? flattenArea(cap) : undefined;
  const listed = info ? info.areas.some((a) => a.geocodes.length > 0) : first.area.geocodes.length > 0;
  const docArea = flat?.area ?? first.area;
  const area: WarningArea = { ...docArea, geocodes: clipToSender(docArea, listed, sender.area_codes) };
  const jurisdictionCode = senderJurisdiction(sender.area_codes);
  const towns = await townsOfArea(ctx.db, area, jurisdictionCode);
  if (cap.msgType !== 'Cancel' && (area.geocodes.length === 0 || towns.length === 0)) {
    throw fieldError('alert.info.area', '预警区域不在该发送方可发布的范围内', 'is outside the area this sender may warn');
  }
  const expired = cap.msgType !== 'Cancel' && capExpired(cap, now);
  const status: WarningState = cap.msgType === 'Cancel' ? 'cancelled' : expired ? 'expired' : sender.release === 'release' ? 'released' : 'pending_approval';
  const id = uuidv7();
  const saved = await insertWarning(ctx, {
    id,
    identifier: cap.identifier,
    sender: cap.sender,
    source: 'external',
    msg_type: cap.msgType,
    refs: cap.references,
    supersedes_id: first?.id ?? null,
    status,
    event_type: type?.code ?? first?.event_type ?? 'rainstorm',
    event_name: info?.event ?? first?.event_name ?? '',
    level,
    urgency: info?.urgency ?? 'Unknown',
    certainty: info?.certainty ?? 'Unknown',
    headline: info?.headline ?? `解除${first?.headline ?? ''}`,
    description: info?.description ?? cap.note ?? '',
    instruction: info?.instruction ?? null,
    sender_name: info?.senderName ?? by.feedName ?? sender.name,
    sent_at: cap.sent,
    onset: info?.onset ?? null,
    expires: info?.expires ?? null,
    area: JSON.stringify(area),
    area_desc: flat?.areaDesc ?? first?.area_desc ?? '—',
    jurisdiction_code: jurisdictionCode,
    town_codes: towns,
    cap_xml: xml,
    released_at: status === 'released' || status === 'cancelled' ? now : null,
    ended_at: status === 'cancelled' || status === 'expired' ? now : null,
  });
  // A Cancel ends what it references at once; an Update when it is released (now, or on approval).
  const ended: string[] = [];
  // One still waiting for approval ends too: the sender has withdrawn or replaced it, so it is never released.
  if (cap.msgType === 'Cancel' || (cap.msgType === 'Update' && status !== 'pending_approval')) {
    const by = { id, identifier: cap.identifier, from: { name: sender.name, sender: sender.sender } };
    for (const r of referenced) {
      const end = cap.msgType === 'Cancel' ? await endWarning(ctx, r.id, 'cap_cancel', { by }) : await endWarning(ctx, r.id, 'supersede', { by });
      if (end) ended.push(r.id);
    }
  }
  const recipients = status === 'released' ? await startCallResponse(ctx, saved, now) : 0;
  await touchSender(ctx, sender.id, now);
  await writeAudit(ctx.db, {
    at: now,
    actor: senderActor(sender),
    ip: by.ip ?? null,
    action: 'warning.import',
    resourceType: 'warning',
    resourceId: id,
    after: { identifier: cap.identifier, msgType: cap.msgType, level, status, towns, ended, recipients, via: by.feedName ? `feed:${by.feedName}` : 'push' },
  });
  return { ...base, result: 'imported', id, status, recipients, ended };
}

/** POST /api/warnings/cap: the caller must hold a registered sender's credential, the body be a CAP document. */
export async function pushCap(deps: Deps, req: FastifyRequest, body: unknown, ip: string | null): Promise<ImportResult> {
  const sender = await pushingSender(deps, req, ip);
  if (typeof body !== 'string' || !body.trim()) throw fieldError('body', '应为 CAP 1.2 XML 文档', 'must be a CAP 1.2 XML document');
  return importCap(deps, sender, body, ip);
}

/** A pushed document (POST /api/warnings/cap) from an authenticated sender; refusals are audited. */
async function importCap(deps: Deps, sender: CapSender, xml: string, ip: string | null): Promise<ImportResult> {
  const sys = systemCtx(deps);
  try {
    return await withTx(sys, async (c) => {
      const out = await importCapTx(c, xml, { sender, ip });
      if (out.result === 'imported') {
        publish(c, ATTEMPTS_WRITTEN, {});
        if (out.id) publish(c, WARNINGS_CHANGED, { warningId: out.id });
      }
      return out;
    });
  } catch (e) {
    if (e instanceof AppError && e.status === 403) await withTx(sys, (c) => auditRefusal(c, sender, deps.clock.now(), ip, e));
    throw e;
  }
}

/** The CAP 1.2 model of one of our messages. */
function toCap(w: WarningRow): CapAlert {
  return {
    identifier: w.identifier,
    sender: w.sender,
    sent: (w.sent_at ?? w.created_at) as Date,
    status: 'Actual',
    msgType: w.msg_type,
    scope: 'Public',
    references: w.refs,
    info: {
      language: 'zh-CN',
      category: EVENT_TYPES.find((e) => e.code === w.event_type)?.capCategory ?? 'Met',
      event: w.event_name,
      urgency: w.urgency,
      severity: severityOfLevel(w.level),
      certainty: w.certainty,
      onset: (w.onset as Date | null) ?? undefined,
      expires: (w.expires as Date | null) ?? undefined,
      senderName: w.sender_name ?? undefined,
      headline: w.headline,
      description: w.description,
      instruction: w.instruction ?? undefined,
      areas: [{ areaDesc: w.area_desc, polygons: w.area.polygons, circles: w.area.circles, geocodes: w.area.geocodes }],
    },
  };
}

export async function publicCap(deps: Deps, id: string): Promise<string> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw warningNotFound();
  const w = await publishedWarning(systemCtx(deps), id);
  if (!w?.sent_at) throw warningNotFound();
  return buildCap(toCap(w));
}

const atom = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true });

/** The Atom document of publishedFeed, its links under `base` (the address the caller reached us at). */
export async function publicAtom(deps: Deps, base: string): Promise<string> {
  const rows = await publishedFeed(systemCtx(deps));
  const settings = await getSettings(deps.db);
  return atom.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    feed: {
      '@_xmlns': 'http://www.w3.org/2005/Atom',
      title: `${settings.signature} 预警信息`,
      id: `urn:anlan:warnings:${settings.capSender}`,
      updated: capTime(rows[0]?.sent_at ?? deps.clock.now()),
      link: { '@_rel': 'self', '@_href': `${base}/api/public/warnings.atom` },
      author: { name: settings.signature },
      entry: rows.map((w) => ({
        id: `urn:oid:cap:${w.identifier}`,
        // A Cancel's headline already says 解除…; the others lead with their level.
        title: w.msg_type === 'Cancel' ? w.headline : `${LEVEL_LABELS[w.level].zh}：${w.headline}`,
        updated: capTime(w.sent_at as Date),
        link: { '@_rel': 'alternate', '@_type': 'application/cap+xml', '@_href': `${base}/api/public/warnings/${w.id}/cap.xml` },
        category: { '@_term': w.level, '@_label': LEVEL_LABELS[w.level].zh },
        summary: w.description,
      })),
    },
  });
}
