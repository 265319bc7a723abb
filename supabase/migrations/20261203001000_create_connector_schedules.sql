/*
  A connector that runs itself on a cron (README "Schedules"): at most one schedule per
  connector. The members who may edit a connector may set, replace and remove its schedule; the
  minute sweeper (service_role) takes the due rows, starts each slot's execution and moves
  next_run_at on, so last_run_at and last_execution_id are written by the service only.
  Composite keys: a schedule can only name its own workspace's connector, contact and execution.
  next_run_at defaults to now(): a row inserted without it gets its next slot from the first
  sweep, which fires only a slot that lies between that time and the sweep.
*/
create table connectors.connector_schedules (
  connector_id uuid primary key,
  workspace_id uuid not null references connectors.workspaces (id) on delete cascade,
  cron text not null check (char_length(cron) between 1 and 200),
  timezone text not null default 'UTC' check (char_length(timezone) between 1 and 100),
  input jsonb not null default '{}'::jsonb check (jsonb_typeof(input) = 'object'),
  contact_id uuid,
  enabled boolean not null default true,
  next_run_at timestamptz not null default now(),
  last_run_at timestamptz,
  last_execution_id uuid,
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (workspace_id, connector_id)
    references connectors.connectors (workspace_id, id) on delete cascade,
  foreign key (workspace_id, contact_id)
    references connectors.contacts (workspace_id, id) on delete set null (contact_id),
  foreign key (workspace_id, last_execution_id)
    references connectors.connector_executions (workspace_id, id)
    on delete set null (last_execution_id)
);

-- The sweeper's question: which enabled schedules are due.
create index connector_schedules_due_idx
  on connectors.connector_schedules (next_run_at)
  where enabled;
-- The policies' workspace_id filter.
create index connector_schedules_workspace_id_idx
  on connectors.connector_schedules (workspace_id);
-- The foreign keys' on delete set null.
create index connector_schedules_contact_id_idx
  on connectors.connector_schedules (workspace_id, contact_id)
  where contact_id is not null;
create index connector_schedules_last_execution_id_idx
  on connectors.connector_schedules (workspace_id, last_execution_id)
  where last_execution_id is not null;
create index connector_schedules_created_by_idx
  on connectors.connector_schedules (created_by)
  where created_by is not null;

-- The sweeper's bookkeeping is not an edit: only what a user sets bumps updated_at.
create trigger set_updated_at
  before update of cron, timezone, input, contact_id, enabled
  on connectors.connector_schedules
  for each row execute function connectors.set_updated_at();

alter table connectors.connector_schedules enable row level security;

revoke all on table connectors.connector_schedules from anon, authenticated;
grant select on table connectors.connector_schedules to authenticated;
grant insert (connector_id, workspace_id, cron, timezone, input, contact_id, enabled, next_run_at)
  on table connectors.connector_schedules to authenticated;
grant update (cron, timezone, input, contact_id, enabled, next_run_at, updated_at)
  on table connectors.connector_schedules to authenticated;
grant delete on table connectors.connector_schedules to authenticated;
grant all on table connectors.connector_schedules to service_role;

create policy "Members can read their workspace's schedules"
  on connectors.connector_schedules for select
  to authenticated
  using (workspace_id in (select connectors.user_workspace_ids()));

create policy "Members can create schedules in their workspace"
  on connectors.connector_schedules for insert
  to authenticated
  with check (workspace_id in (select connectors.user_workspace_ids()));

create policy "Members can edit their workspace's schedules"
  on connectors.connector_schedules for update
  to authenticated
  using (workspace_id in (select connectors.user_workspace_ids()))
  with check (workspace_id in (select connectors.user_workspace_ids()));

create policy "Members can remove their workspace's schedules"
  on connectors.connector_schedules for delete
  to authenticated
  using (workspace_id in (select connectors.user_workspace_ids()));

/*
  Schedule changes made under a user's claims go into the workspace's audit log (who set which
  cron, replaced or removed it). The sweeper's writes (no user) and a removal cascaded from a
  deleted connector (logged as that) are not. Never the input: it may carry personal data.
*/
create function connectors.audit_schedule_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  subject connectors.connector_schedules;
begin
  if (select auth.uid()) is null or pg_trigger_depth() > 1 then
    return null;
  end if;
  subject := case when tg_op = 'DELETE' then old else new end;
  perform connectors.write_audit(
    subject.workspace_id,
    case tg_op when 'INSERT' then 'schedule.create' when 'UPDATE' then 'schedule.replace'
               else 'schedule.delete' end,
    'schedule', subject.connector_id::text,
    jsonb_strip_nulls(jsonb_build_object(
      'connectorId', subject.connector_id, 'cron', subject.cron, 'timezone', subject.timezone,
      'enabled', subject.enabled, 'contactId', subject.contact_id)));
  return null;
end;
$$;

revoke execute on function connectors.audit_schedule_change() from public, anon, authenticated;

create trigger audit_change
  after insert or update of cron, timezone, input, contact_id, enabled or delete
  on connectors.connector_schedules
  for each row execute function connectors.audit_schedule_change();
