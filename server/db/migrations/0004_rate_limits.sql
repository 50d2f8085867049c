-- Rate limits and failed-attempt counters live in the database, not in process memory: a restart or a
-- second server process must not reset them. One row per counted subject (e.g. "login-ip:10.0.0.7").
create table rate_limits (
  key text primary key,
  count integer not null,
  -- The counter starts again from zero at this time (for a blocked subject: when the block ends).
  reset_at timestamptz not null
);
create index rate_limits_reset_at on rate_limits (reset_at);
