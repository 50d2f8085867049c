-- Photos with the measures report (files in the platform file store, under the recipient's jurisdiction).
alter table warning_recipients add column measures_photo_ids uuid[] not null default '{}';
