-- A hazard's timeline moves to the platform history (0005) under aggregate 'hazard' (the machine's name);
-- the columns are the same. Copied in id order, so each record's
-- timeline reads in the order it did.
insert into history (aggregate, aggregate_id, action, from_state, to_state, actor_id, actor_name, note, data, at)
select 'hazard', hazard_id::text, action, from_state, to_state, actor_id, actor_name, note, data, at
from hazard_events
order by id;
drop table hazard_events;
