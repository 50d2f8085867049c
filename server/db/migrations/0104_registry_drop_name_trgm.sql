-- Name search goes through name_grams (0101/0103) for Chinese and Latin terms alike; the trigram index on
-- enterprises.name served no query any more and cost about a fifth of every bulk insert (measured with
-- bench/registry.ts: seed and Excel import).
drop index if exists enterprises_name_trgm;
