/*
  Every execution records how it started (README "Executions"): `trigger` is api, schedule,
  webhook, batch or replay; `batch_id` names its batch, `replay_of` the execution it replays
  (same workspace only, through the composite key). A member's insert may say api, batch or
  replay: schedules and webhooks start executions as service_role, never as a user. Those rows
  have no created_by, so their idempotency keys (`schedule:<connector>:<slot>`, a delivery's
  key) get a unique index of their own: two sweepers or a repeated delivery insert one row.
*/
alter table connectors.connector_executions
  add column trigger text not null default 'api'
    check (trigger in ('api', 'schedule', 'webhook', 'batch', 'replay')),
  add column batch_id uuid,
  add column replay_of uuid,
  add constraint connector_executions_replay_of_fkey
    foreign key (workspace_id, replay_of)
    references connectors.connector_executions (workspace_id, id) on delete set null (replay_of),
  add constraint connector_executions_trigger_links_check
    check ((trigger = 'batch') = (batch_id is not null)
      and (trigger = 'replay') = (replay_of is not null));

create unique index connector_executions_system_key_idx
  on connectors.connector_executions (workspace_id, idempotency_key)
  where idempotency_key is not null and created_by is null;
create index connector_executions_batch_id_idx
  on connectors.connector_executions (batch_id)
  where batch_id is not null;
create index connector_executions_replay_of_idx
  on connectors.connector_executions (workspace_id, replay_of)
  where replay_of is not null;

grant select (trigger, batch_id, replay_of) on table connectors.connector_executions
  to authenticated;
grant insert (trigger, batch_id, replay_of) on table connectors.connector_executions
  to authenticated;

create or replace function connectors.guard_execution_trigger()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user in ('authenticated', 'anon') and new.trigger not in ('api', 'batch', 'replay') then
    raise exception 'only the service starts scheduled and webhook executions'
      using errcode = '42501';
  end if;
  return new;
end;
$$;
revoke execute on function connectors.guard_execution_trigger()
  from public, anon, authenticated, service_role;

create trigger guard_execution_trigger
  before insert on connectors.connector_executions
  for each row execute function connectors.guard_execution_trigger();
