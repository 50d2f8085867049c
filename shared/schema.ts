// The schema primitives every module builds its request schemas from, so that a string, a date, an id
// or a coordinate is checked the same way on every route. Dates are real calendar dates in a sane range
// (the `date` and `date-time` formats are replaced with these checks in server/platform/validation.ts); coordinates lie in
// the district.
import { Type } from 'typebox';
import { HAISHU_BBOX } from './registry.ts';

/** Years a date in this platform may fall in: anything outside is a typing error, not a record. */
export const YEAR_MIN = 1900;
export const YEAR_MAX = 2100;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
// RFC 3339 date-time with a time zone (as before: `T`, `t` or a space between date and time).
const DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})[Tt ]([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(\.\d{1,9})?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** A YYYY-MM-DD that names a day that exists (no 30 February, no month 13), in YEAR_MIN–YEAR_MAX. */
export function isIsoDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < YEAR_MIN || y > YEAR_MAX || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** An RFC 3339 date-time with time zone whose date part passes isIsoDate. */
export function isIsoDateTime(s: string): boolean {
  const m = DATE_TIME_RE.exec(s);
  return m !== null && isIsoDate(m[1]) && !Number.isNaN(Date.parse(s));
}

/** A string of min..max characters (non-empty by default). NUL is refused for every string in ./validation.ts. */
export const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
export const Uuid = Type.String({ format: 'uuid' });
/** A calendar date, YYYY-MM-DD. */
export const IsoDate = Type.String({ format: 'date', description: `YYYY-MM-DD (${YEAR_MIN}–${YEAR_MAX})` });
/** An instant, RFC 3339 with time zone. */
export const DateTime = Type.String({ format: 'date-time', description: `RFC 3339 with time zone (${YEAR_MIN}–${YEAR_MAX})` });
/** A longitude / latitude inside the district (WGS-84, shared/registry.ts HAISHU_BBOX). */
export const Lon = Type.Number({ minimum: HAISHU_BBOX.minLon, maximum: HAISHU_BBOX.maxLon, description: 'WGS-84 longitude within the district' });
export const Lat = Type.Number({ minimum: HAISHU_BBOX.minLat, maximum: HAISHU_BBOX.maxLat, description: 'WGS-84 latitude within the district' });
/** A division code: the district (6 digits), a town (9) or a village (12). */
export const JurisdictionCode = Type.String({ pattern: '^\\d{6}(\\d{3}(\\d{3})?)?$' });
export const TownCode = Type.String({ pattern: '^\\d{9}$' });
export const VillageCode = Type.String({ pattern: '^\\d{12}$' });

/**
 * The paging fields of a list's querystring (spread them in): `page` from 1 to `maxPage`, `pageSize` from 1 to
 * `max`, `size` when not given.
 */
export const Paging = ({ size = 20, max = 200, maxPage = 100_000 }: { size?: number; max?: number; maxPage?: number } = {}) => ({
  page: Type.Integer({ minimum: 1, maximum: maxPage, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: max, default: size }),
});
