// HTTP for the enforcement platform records: 行政执法证 (licences and the officers they make) and the working-day
// calendar with its override rows. Paths under /api/enforcement/ (token resource 'enforcement').
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { CalendarDays, LICENCE_STATES, LicenceCreated, LicencePage, Officers, OverrideSet, WorkdayOverrides } from '../../../shared/enforcement.dto.ts';
import { IsoDate, JurisdictionCode, Text, Uuid } from '../../../shared/schema.ts';
import type { Deps } from '../context.ts';
import { routeTable } from '../routes.ts';
import { calendarDays, deleteOverride, listOverrides, setOverride } from './calendar.ts';
import { createLicence, listLicences, listOfficers, revokeLicence } from './licences.ts';

const strict = { additionalProperties: false } as const;
const Id = Type.Object({ id: Uuid });
const DayParam = Type.Object({ day: IsoDate });

const LicenceQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 64 })),
    unit: Type.Optional(JurisdictionCode),
    state: Type.Optional(Type.Union(LICENCE_STATES.map((s) => Type.Literal(s)))),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  strict,
);
const LicenceCreate = Type.Object(
  { userId: Uuid, number: Text(32), issuer: Text(64), unitCode: JurisdictionCode, validFrom: IsoDate, validUntil: IsoDate },
  strict,
);
const Revoke = Type.Object({ reason: Text(200) }, strict);
const OfficerQuery = Type.Object({ day: Type.Optional(IsoDate), unit: Type.Optional(JurisdictionCode) }, strict);
const Range = Type.Object({ from: IsoDate, to: IsoDate }, strict);
const Override = Type.Object({ working: Type.Boolean(), note: Text(200) }, strict);

export async function enforcementRoutes(app: FastifyInstance, deps: Deps) {
  const api = routeTable(app, deps, ['enforcement']);
  api.get('/api/enforcement/licences', '执法证列表 Enforcement licences', { querystring: LicenceQuery, response: LicencePage }, (c, req) =>
    listLicences(c, req.query),
  );
  api.post('/api/enforcement/licences', '登记执法证 Record a licence', { body: LicenceCreate, response: LicenceCreated, status: 201 }, (c, req) =>
    createLicence(c, req.body),
  );
  api.post('/api/enforcement/licences/:id/revoke', '注销执法证 Revoke a licence', { params: Id, body: Revoke, response: LicenceCreated }, (c, req) =>
    revokeLicence(c, req.params.id, req.body.reason),
  );
  api.get('/api/enforcement/officers', '持证执法人员 Officers with a valid licence', { querystring: OfficerQuery, response: Officers }, (c, req) =>
    listOfficers(c, req.query),
  );

  api.get('/api/enforcement/calendar', '工作日历 Working-day calendar', { querystring: Range, response: CalendarDays }, (c, req) =>
    calendarDays(c, req.query.from, req.query.to),
  );
  api.get('/api/enforcement/calendar/overrides', '工作日调整 Calendar overrides', { response: WorkdayOverrides }, (c) => listOverrides(c));
  api.put('/api/enforcement/calendar/overrides/:day', '设置工作日调整 Set an override', { params: DayParam, body: Override, response: OverrideSet }, (c, req) =>
    setOverride(c, req.params.day, req.body),
  );
  api.noContent('DELETE', '/api/enforcement/calendar/overrides/:day', '删除工作日调整 Remove an override', { params: DayParam }, (c, req) =>
    deleteOverride(c, req.params.day),
  );
}
