-- Honest delivery states. A recipient's `delivery` is the furthest any of its messages got:
--   outbox    recorded in the outbox only (outbox mode: nothing left the machine)
--   inapp     pushed as an in-app message
--   gateway   handed to a live gateway (SMS, voice, robot, mail server accepted it)
--   delivered the gateway's receipt says it reached the phone
-- (null: nothing yet). An attempt keeps its gateway receipt; an outbox row says whether its link was
-- relative (no ANLAN_PUBLIC_URL configured), i.e. useless on a phone.
alter table warning_recipients add column delivery text check (delivery in ('outbox', 'inapp', 'gateway', 'delivered'));
alter table delivery_attempts add column delivered_at timestamptz;
alter table delivery_attempts add column receipt text;
alter table warning_outbox add column link_relative boolean not null default false;
update warning_recipients r set delivery = case
    when exists (select 1 from delivery_attempts a where a.recipient_id = r.id and a.state = 'sent' and a.mode = 'live') then 'gateway'
    when exists (select 1 from delivery_attempts a where a.recipient_id = r.id and a.state = 'sent' and a.mode = 'inapp') then 'inapp'
    when exists (select 1 from delivery_attempts a where a.recipient_id = r.id and a.state = 'sent' and a.mode = 'outbox') then 'outbox'
  end
  where r.reached_at is not null;
create index delivery_attempts_provider on delivery_attempts (provider_id) where provider_id is not null;
