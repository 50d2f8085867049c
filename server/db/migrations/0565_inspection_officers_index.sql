-- 交叉检查: the inspections ledger also lists the records the caller is named on as an officer
-- (`officers @> '[{"userId": …}]'`), ORed with the jurisdiction prefix; this index lets that side be a bitmap
-- scan instead of reading every inspection.
create index inspections_officers on inspections using gin (officers jsonb_path_ops);
