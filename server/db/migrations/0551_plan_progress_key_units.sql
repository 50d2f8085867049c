-- The plan view's "one town, key units" filter (due or never, by credit code): without it PostgreSQL read all of
-- the town's rows (8,568 of a 100,000-enterprise plan, 1,435 pages) to keep 81 — 53 ms warm, 130 ms cold under
-- load. Key units are about 1 % of a plan, so this partial index is small and the page is read from it in < 1 ms.
create index plan_progress_key_town on plan_progress (plan_id, town_code, credit_code) where key_unit;
