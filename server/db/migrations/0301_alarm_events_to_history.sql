-- An alarm's timeline moves to the platform history (0005) under aggregate 'monitoring.alarm' (the machine's
-- name); detail becomes data. The old rows kept no states (from_state/to_state stay null). Copied in id order, so each record's
-- timeline reads in the order it did.
insert into history (aggregate, aggregate_id, action, actor_id, actor_name, data, at)
select 'monitoring.alarm', alarm_id::text, action, actor_id, actor_name, detail, at
from monitoring_alarm_events
order by id;
drop table monitoring_alarm_events;
