-- A hazard found in an inspection keeps its source (the inspection and its item); one hazard per item.
alter table hazards add column inspection_id uuid;
alter table hazards add column inspection_item_id uuid;
create unique index hazards_inspection_item on hazards (inspection_item_id) where inspection_item_id is not null;
