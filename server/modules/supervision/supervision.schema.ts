// TypeBox schemas for the supervision routes (bodies reject unknown fields).
import { Type } from 'typebox';
import { Enum } from '../../../shared/dto.ts';
import { STANDARDIZATION_LEVELS } from '../../../shared/registry.ts';
import { IsoDate, Text, TownCode, Uuid } from '../../../shared/schema.ts';
import { CHECKLIST_TOPICS, CREDIT_CLASSES, GRADE_LEVELS, POWER_TYPES, SECTORS } from '../../../shared/supervision.ts';
import { FrequencyPolicySchema } from '../../../shared/supervision.dto.ts';

const closed = { additionalProperties: false } as const;
const Paging = { page: Type.Integer({ minimum: 1, default: 1 }), pageSize: Type.Integer({ minimum: 1, maximum: 500, default: 50 }) };

/** An org unit that may hold a power or do an item: the district, a town (9 digits) or a department (330203D01). */
export const UnitCode = Type.String({ pattern: '^\\d{6}(\\d{3}|D\\d{2})?$', description: 'district, town or department code' });

export const IdParams = Type.Object({ id: Uuid });

export const NewVersionBody = Type.Object({ note: Type.Optional(Text(500)), empty: Type.Optional(Type.Boolean()) }, closed);
export const PublishBody = Type.Object({ effectiveFrom: IsoDate, note: Type.Optional(Text(500)) }, closed);

export const PowerBody = Type.Object(
  { code: Text(40), unitCode: UnitCode, matter: Text(500, 2), powerType: Enum(POWER_TYPES), basis: Text(2000, 2), note: Type.Optional(Text(500)) },
  closed,
);
export const ItemBody = Type.Object(
  {
    code: Text(40),
    name: Text(300, 2),
    subject: Text(300, 2),
    basis: Text(2000, 2),
    method: Text(300, 2),
    frequency: Text(200, 1),
    unitCode: UnitCode,
  },
  closed,
);
export const GradeBody = Type.Object(
  {
    level: Enum(GRADE_LEVELS),
    keyUnit: Type.Boolean(),
    sector: Enum(SECTORS),
    standardization: Enum(STANDARDIZATION_LEVELS),
    credit: Enum(CREDIT_CLASSES),
    note: Type.Optional(Text(500)),
  },
  closed,
);
export const GradeCreateBody = Type.Object({ enterpriseId: Uuid, ...GradeBody.properties }, closed);
export const ChecklistItemBody = Type.Object(
  { content: Text(2000, 2), basis: Type.Optional(Text(2000)), method: Type.Optional(Text(300)), major: Type.Boolean() },
  closed,
);
export const FromCriteriaBody = Type.Object({ clauseIds: Type.Array(Uuid, { minItems: 1, maxItems: 200 }), method: Type.Optional(Text(300)) }, closed);
export const ReorderBody = Type.Object({ ids: Type.Array(Uuid, { minItems: 1, maxItems: 2000 }) }, closed);

export const PowerQuery = Type.Object({
  ...Paging,
  q: Type.Optional(Text(100)),
  powerType: Type.Optional(Type.Array(Enum(POWER_TYPES))),
  unitCode: Type.Optional(UnitCode),
});
export const ItemQuery = Type.Object({ ...Paging, q: Type.Optional(Text(100)), unitCode: Type.Optional(UnitCode) });
export const GRADE_SORTS = ['annualCap', '-annualCap', 'jurisdictionCode', '-jurisdictionCode'] as const;
export const GradeFilterQuery = Type.Object({
  town: Type.Optional(TownCode),
  level: Type.Optional(Type.Array(Enum(GRADE_LEVELS))),
  keyUnit: Type.Optional(Type.Boolean()),
  sector: Type.Optional(Type.Array(Enum(SECTORS))),
  standardization: Type.Optional(Type.Array(Enum(STANDARDIZATION_LEVELS))),
});
export const GradeQuery = Type.Object({ ...Paging, ...GradeFilterQuery.properties, sort: Type.Optional(Enum(GRADE_SORTS)) });
export const StatsQuery = Type.Object({ versionId: Type.Optional(Uuid) });

export const PolicyBody = Type.Object({ policy: FrequencyPolicySchema, note: Type.Optional(Text(500)) }, closed);

export const ChecklistQuery = Type.Object({ ...Paging, q: Type.Optional(Text(100)), topic: Type.Optional(Type.Array(Enum(CHECKLIST_TOPICS))) });
export const ChecklistBody = Type.Object(
  { name: Text(100, 2), topic: Enum(CHECKLIST_TOPICS), industry: Type.Optional(Text(100)), description: Type.Optional(Text(1000)) },
  closed,
);
