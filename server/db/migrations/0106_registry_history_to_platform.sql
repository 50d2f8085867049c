-- The registry's versions move to the platform history (0005): aggregate = the entity type, and what only the
-- registry reads (version, changed fields, before/after of the whole record) goes into data. Copied in
-- id order, so each record's versions read in the order they did.
insert into history (aggregate, aggregate_id, action, actor_id, actor_name, data, at)
select entity_type, entity_id, action, by_user, by_name,
       jsonb_build_object('version', version, 'changed', to_jsonb(changed), 'before', before, 'after', after), at
from registry_history
order by id;
drop table registry_history;
