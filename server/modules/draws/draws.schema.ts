// TypeBox schemas of the draws routes (bodies reject unknown fields).
import { Type } from 'typebox';
import { DRAW_STATES, ENTERPRISE_SCALES, MAX_ENTITIES } from '../../../shared/draws.ts';
import { CATEGORY_KEYS, RISK_GRADES, STANDARDIZATION_LEVELS, SUPERVISING_LEVELS } from '../../../shared/registry.ts';
import { IsoDate, JurisdictionCode, Text, Uuid } from '../../../shared/schema.ts';

const closed = { additionalProperties: false } as const;
const lit = <const T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Enum([...values]));
const list = <T extends ReturnType<typeof lit> | typeof JurisdictionCode>(item: T, max = 40) => Type.Optional(Type.Array(item, { maxItems: max }));

export const IdParams = Type.Object({ id: Uuid });
export const CodeParams = Type.Object({ code: Type.String({ pattern: '^SJ-\\d{4}-\\d{3,6}$' }) });

export const DrawFilterBody = Type.Object(
  {
    towns: list(JurisdictionCode),
    industries: Type.Optional(Type.Array(Type.String({ pattern: '^\\d{2,4}$' }), { maxItems: 40 })),
    categories: list(lit(CATEGORY_KEYS)),
    scales: list(lit(ENTERPRISE_SCALES)),
    keyUnit: Type.Optional(Type.Boolean()),
    parkId: Type.Optional(Uuid),
    riskGrades: list(lit(RISK_GRADES)),
    standardizationLevels: list(lit(STANDARDIZATION_LEVELS)),
    supervisingLevel: Type.Optional(lit(SUPERVISING_LEVELS)),
  },
  closed,
);

export const DrawParamsBody = Type.Object(
  {
    entityCount: Type.Integer({ minimum: 1, maximum: MAX_ENTITIES }),
    inspectorsPerEntity: Type.Integer({ minimum: 2, maximum: 5 }),
    crossArea: Type.Boolean(),
    recusalWindowDays: Type.Integer({ minimum: 0, maximum: 1095 }),
    dueDate: IsoDate,
  },
  closed,
);

export const PreviewBody = Type.Object(
  { unitCode: JurisdictionCode, inspectorUnit: Type.Optional(JurisdictionCode), filter: DrawFilterBody, params: DrawParamsBody },
  closed,
);
export const CreateDrawBody = Type.Object(
  { title: Text(100, 2), unitCode: JurisdictionCode, inspectorUnit: Type.Optional(JurisdictionCode), filter: DrawFilterBody, params: DrawParamsBody },
  closed,
);

const Hex64 = Type.String({ pattern: '^[0-9a-f]{64}$' });
export const CommitBody = Type.Object({ witnessName: Text(50, 2), witnessHash: Hex64 }, closed);
export const DrawBody = Type.Object({ witnessSecret: Text(200, 8) }, closed);
export const RedrawBody = Type.Object({ reason: Text(500, 4), witnessName: Text(50, 2), witnessHash: Hex64 }, closed);
export const ReasonBody = Type.Object({ reason: Text(500, 2) }, closed);

export const DrawsQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 64 })),
    state: Type.Optional(Type.Array(lit(DRAW_STATES), { maxItems: 4 })),
    unit: Type.Optional(JurisdictionCode),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  closed,
);

export const ConflictsQuery = Type.Object(
  {
    userId: Type.Optional(Uuid),
    enterpriseId: Type.Optional(Uuid),
    active: Type.Optional(Type.Boolean()),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  closed,
);
export const ConflictBody = Type.Object({ userId: Uuid, enterpriseId: Uuid, reason: Text(200, 2) }, closed);
export const RoundQuery = Type.Object({ round: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }, closed);
