-- registry_grams as a plpgsql loop: the set-based SQL version cost ~0.35 ms per row on PGlite, which made
-- bulk inserts (seed, Excel import) six times slower. Same result (duplicates are harmless: GIN keeps keys once).
create or replace function registry_grams(t text) returns text[] language plpgsql immutable parallel safe as $$
declare
  s text := regexp_replace(lower(coalesce(t, '')), '\s+', '', 'g');
  n int := char_length(s);
  grams text[] := '{}';
begin
  for i in 1..n loop
    grams := grams || substr(s, i, 1);
    if i < n then grams := grams || substr(s, i, 2); end if;
  end loop;
  return grams;
end
$$;
