// CAP 1.2 (OASIS Common Alerting Protocol; China's GB/T 35965.1 profile) ↔ our model. Parsing checks
// what the platform relies on and names the offending element; producing writes a document this parser
// reads back to the same model (the round trip the tests check).
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { LEVEL_TO_SEVERITY, SEVERITY_TO_LEVEL, type WarningLevel } from '../../../shared/warnings.ts';
import { type FieldIssue, ValidationError } from '../../platform/errors.ts';

export const CAP_NS = 'urn:oasis:names:tc:emergency:cap:1.2';
const MSG_TYPES = ['Alert', 'Update', 'Cancel'] as const;
const STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
const SCOPES = ['Public', 'Restricted', 'Private'] as const;
const URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
const CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;
const CATEGORIES = ['Geo', 'Met', 'Safety', 'Security', 'Rescue', 'Fire', 'Health', 'Env', 'Transport', 'Infra', 'CBRNE', 'Other'] as const;
/** GB/T 2260 geocodes carry this valueName in Chinese CAP feeds. */
export const GEOCODE_NAME = 'GB/T 2260';

export interface CapArea {
  areaDesc: string;
  /** Rings of [lon, lat] (CAP writes "lat,lon"; we keep GeoJSON order inside). */
  polygons: [number, number][][];
  circles: { lon: number; lat: number; radiusKm: number }[];
  geocodes: string[];
}

export interface CapAlert {
  identifier: string;
  sender: string;
  sent: Date;
  status: (typeof STATUSES)[number];
  msgType: (typeof MSG_TYPES)[number];
  scope: (typeof SCOPES)[number];
  /** "sender,identifier,sent" triples. */
  references: string[];
  note?: string;
  /** <expires> of every <info> block (undefined where one has none), for "is the whole alert over?". */
  infoExpires?: (Date | undefined)[];
  info?: {
    language: string;
    category: string;
    event: string;
    urgency: string;
    severity: string;
    certainty: string;
    onset?: Date;
    expires?: Date;
    senderName?: string;
    headline: string;
    description: string;
    instruction?: string;
    areas: CapArea[];
  };
}

export const levelOfSeverity = (s: string): WarningLevel | undefined => SEVERITY_TO_LEVEL[s];
export const severityOfLevel = (l: WarningLevel) => LEVEL_TO_SEVERITY[l];

// CAP dateTime: "2026-06-01T08:00:00+08:00" ("Z" is not allowed by the spec; "-00:00" means UTC).
const CAP_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2})$/;

export function capTime(d: Date): string {
  const cn = new Date(d.getTime() + 8 * 3_600_000);
  return `${cn.toISOString().slice(0, 19)}+08:00`;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ['info', 'area', 'polygon', 'circle', 'geocode', 'category', 'eventCode', 'parameter'].includes(name),
});

type Node = Record<string, unknown>;

class Collector {
  issues: FieldIssue[] = [];
  add(field: string, zh: string, en: string) {
    this.issues.push({ field, message: zh, messageEn: en });
  }
}

function str(node: Node | undefined, key: string): string | undefined {
  const v = node?.[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') return undefined;
  const s = String(v).trim();
  return s === '' ? undefined : s;
}

function required(c: Collector, node: Node | undefined, key: string, path: string): string {
  const v = str(node, key);
  if (v === undefined) c.add(`${path}.${key}`, '为必填项', 'is required');
  return v ?? '';
}

function oneOf<T extends string>(c: Collector, node: Node | undefined, key: string, path: string, allowed: readonly T[]): T {
  const v = required(c, node, key, path);
  if (v && !(allowed as readonly string[]).includes(v)) c.add(`${path}.${key}`, `取值应为 ${allowed.join('/')}`, `must be one of ${allowed.join(', ')}`);
  return v as T;
}

function time(c: Collector, v: string | undefined, field: string): Date | undefined {
  if (v === undefined) return undefined;
  const d = new Date(v);
  if (!CAP_TIME.test(v) || Number.isNaN(d.getTime())) {
    c.add(field, '时间格式应为 YYYY-MM-DDThh:mm:ss+08:00', 'must be a CAP dateTime like 2026-06-01T08:00:00+08:00');
    return undefined;
  }
  return d;
}

function parsePoint(s: string): [number, number] | undefined {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(s);
  if (!m) return undefined;
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180) return undefined;
  return [lon, lat];
}

function parseArea(c: Collector, a: Node, path: string): CapArea {
  const areaDesc = required(c, a, 'areaDesc', path);
  const polygons: [number, number][][] = [];
  ((a.polygon as unknown[]) ?? []).forEach((p, i) => {
    const pts = String(p).trim().split(/\s+/).map(parsePoint);
    const ring = pts.filter((x): x is [number, number] => !!x);
    const closed = ring.length >= 4 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1];
    if (ring.length !== pts.length || !closed)
      c.add(`${path}.polygon[${i}]`, '应为至少4个"纬度,经度"点且首尾相同', 'must be ≥ 4 "lat,lon" points with the first equal to the last');
    else polygons.push(ring);
  });
  const circles: CapArea['circles'] = [];
  ((a.circle as unknown[]) ?? []).forEach((p, i) => {
    const [pt, r] = String(p).trim().split(/\s+/);
    const point = pt ? parsePoint(pt) : undefined;
    const radiusKm = Number(r);
    if (!point || !Number.isFinite(radiusKm) || radiusKm <= 0) c.add(`${path}.circle[${i}]`, '应为"纬度,经度 半径(公里)"', 'must be "lat,lon radiusKm"');
    else circles.push({ lon: point[0], lat: point[1], radiusKm });
  });
  const geocodes: string[] = [];
  ((a.geocode as Node[]) ?? []).forEach((g, i) => {
    const value = str(g, 'value');
    if (!value || !/^\d{6}(\d{3}(\d{3})?)?$/.test(value))
      c.add(`${path}.geocode[${i}].value`, '应为6/9/12位行政区划代码', 'must be a 6, 9 or 12 digit division code');
    else geocodes.push(value);
  });
  return { areaDesc, polygons, circles, geocodes };
}

/** Parse a CAP 1.2 document. Throws ValidationError (400) naming the offending element. */
export function parseCap(xml: string): CapAlert {
  let doc: Node;
  try {
    doc = parser.parse(xml, true) as Node;
  } catch (e) {
    throw new ValidationError([
      { field: 'alert', message: `不是有效的 XML：${(e as Error).message}`, messageEn: `is not well-formed XML: ${(e as Error).message}` },
    ]);
  }
  const alert = doc.alert as Node | undefined;
  if (!alert || typeof alert !== 'object')
    throw new ValidationError([{ field: 'alert', message: '缺少 CAP <alert> 根元素', messageEn: 'CAP <alert> root element missing' }]);
  const c = new Collector();
  const identifier = required(c, alert, 'identifier', 'alert');
  if (identifier && /[\s,<&]/.test(identifier)) c.add('alert.identifier', '不能包含空格、逗号、< 或 &', 'must not contain spaces, commas, < or &');
  const sender = required(c, alert, 'sender', 'alert');
  const sent = time(c, required(c, alert, 'sent', 'alert') || undefined, 'alert.sent');
  const status = oneOf(c, alert, 'status', 'alert', STATUSES);
  const msgType = oneOf(c, alert, 'msgType', 'alert', MSG_TYPES);
  const scope = oneOf(c, alert, 'scope', 'alert', SCOPES);
  const refsText = str(alert, 'references');
  const references = refsText ? refsText.split(/\s+/) : [];
  references.forEach((r, i) => {
    if (r.split(',').length !== 3) c.add(`alert.references[${i}]`, '应为"发送者,标识符,发送时间"', 'must be "sender,identifier,sent"');
  });
  if ((msgType === 'Update' || msgType === 'Cancel') && references.length === 0)
    c.add('alert.references', '更新或解除消息必须引用原预警', 'is required for Update and Cancel messages');

  const infos = (alert.info as Node[] | undefined) ?? [];
  const chosen = infos.find((i) => /^zh/i.test(str(i, 'language') ?? '')) ?? infos[0];
  let info: CapAlert['info'];
  if (!chosen && msgType !== 'Cancel') c.add('alert.info', '为必填项', 'is required');
  if (chosen) {
    const p = `alert.info[${infos.indexOf(chosen)}]`;
    const cats = ((chosen.category as unknown[]) ?? []).map(String);
    if (cats.length === 0) c.add(`${p}.category`, '为必填项', 'is required');
    else if (!cats.every((x) => (CATEGORIES as readonly string[]).includes(x))) c.add(`${p}.category`, '不是 CAP 类别', 'is not a CAP category');
    const severity = required(c, chosen, 'severity', p);
    if (severity && !levelOfSeverity(severity)) c.add(`${p}.severity`, '应为 Extreme/Severe/Moderate/Minor', 'must be Extreme, Severe, Moderate or Minor');
    const onset = time(c, str(chosen, 'onset'), `${p}.onset`);
    const expires = time(c, str(chosen, 'expires'), `${p}.expires`);
    if (onset && expires && expires <= onset) c.add(`${p}.expires`, '应晚于生效时间', 'must be after onset');
    const areas = ((chosen.area as Node[]) ?? []).map((a, i) => parseArea(c, a, `${p}.area[${i}]`));
    if (areas.length === 0 && msgType !== 'Cancel') c.add(`${p}.area`, '为必填项', 'is required');
    info = {
      language: str(chosen, 'language') ?? 'en-US',
      category: cats[0] ?? '',
      event: required(c, chosen, 'event', p),
      urgency: oneOf(c, chosen, 'urgency', p, URGENCIES),
      severity,
      certainty: oneOf(c, chosen, 'certainty', p, CERTAINTIES),
      onset,
      expires,
      senderName: str(chosen, 'senderName'),
      headline: str(chosen, 'headline') ?? str(chosen, 'event') ?? '',
      description: str(chosen, 'description') ?? '',
      instruction: str(chosen, 'instruction'),
      areas,
    };
  }
  const infoExpires = infos.map((i, n) => (i === chosen ? info?.expires : time(c, str(i, 'expires'), `alert.info[${n}].expires`)));
  if (c.issues.length) throw new ValidationError(c.issues);
  return { identifier, sender, sent: sent as Date, status, msgType, scope, references, note: str(alert, 'note'), infoExpires, info };
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true });

const latLon = ([lon, lat]: [number, number]) => `${lat},${lon}`;

/** Produce the CAP 1.2 XML document for an alert. */
export function buildCap(a: CapAlert): string {
  const info = a.info && {
    language: a.info.language,
    category: a.info.category,
    event: a.info.event,
    urgency: a.info.urgency,
    severity: a.info.severity,
    certainty: a.info.certainty,
    onset: a.info.onset && capTime(a.info.onset),
    expires: a.info.expires && capTime(a.info.expires),
    senderName: a.info.senderName,
    headline: a.info.headline,
    description: a.info.description,
    instruction: a.info.instruction,
    area: a.info.areas.map((ar) => ({
      areaDesc: ar.areaDesc,
      polygon: ar.polygons.map((ring) => ring.map(latLon).join(' ')),
      circle: ar.circles.map((ci) => `${ci.lat},${ci.lon} ${ci.radiusKm}`),
      geocode: ar.geocodes.map((g) => ({ valueName: GEOCODE_NAME, value: g })),
    })),
  };
  const body = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    alert: {
      '@_xmlns': CAP_NS,
      identifier: a.identifier,
      sender: a.sender,
      sent: capTime(a.sent),
      status: a.status,
      msgType: a.msgType,
      scope: a.scope,
      note: a.note,
      references: a.references.length ? a.references.join(' ') : undefined,
      info,
    },
  };
  return builder.build(body) as string;
}

/** Has every <info> of the alert expired by `now`? (An alert without any <info>/<expires> never does.) */
export function capExpired(a: CapAlert, now: Date): boolean {
  const all = a.infoExpires ?? [];
  return all.length > 0 && all.every((e) => !!e && e <= now);
}

/** A reference triple "sender,identifier,sent" split; `sent` is undefined when it is not a CAP dateTime. */
export function parseReference(r: string): { sender: string; identifier: string; sent: Date | undefined } {
  const [sender = '', identifier = '', sentText = ''] = r.split(',');
  const sent = CAP_TIME.test(sentText) ? new Date(sentText) : undefined;
  return { sender, identifier, sent: sent && !Number.isNaN(sent.getTime()) ? sent : undefined };
}

/** The CAP reference triple for an alert. */
export const capReference = (a: { sender: string; identifier: string; sent: Date }) => `${a.sender},${a.identifier},${capTime(a.sent)}`;

/**
 * GB/T 35965.1 identifier: ZZZZZZ (GB/T 2260 area) + DDDUUUXX (issuing organisation, 8 chars) + '_' +
 * YYYYMMDDhhmmss (China time) + '_' + sequence number of the message within that second.
 */
export function gbIdentifier(areaCode: string, orgCode: string, at: Date, seq: number): string {
  const t = capTime(at).slice(0, 19).replace(/\D/g, '');
  return `${areaCode.slice(0, 6)}${orgCode.padStart(8, '0').slice(0, 8)}_${t}_${seq}`;
}
export const GB_IDENTIFIER = /^\d{6}[0-9A-Z]{8}_\d{14}_\d+$/;
