-- A hazard's timeline moves to the platform history (0005) under aggregate 'hazard' (the machine's name);
-- the columns are the same. Order kept.
insert into history (aggregate, aggregate_id, action, from_state, to_state, actor_id, actor_name, note, data, at)
select 'hazard', hazard_id::text, action, from_state, to_state, actor_id, actor_name, note, data, at
from hazard_events
order by at, id;
drop table hazard_events;
