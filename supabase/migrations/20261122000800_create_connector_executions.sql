/*
  One run of a connector (SPEC §6). The API inserts it 'queued' as the user,
  with a snapshot of the connector's definition so later edits never change
  it; the runner (service_role) claims it (running), stores redacted
  step_results as steps finish and ends it succeeded/failed; a user may only
  cancel it. History survives the connector's deletion (connector_id becomes
  null). idempotency_key dedupes retried POSTs per user and workspace.
*/
create table public.connector_executions (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  connector_id uuid,
  definition jsonb not null check (jsonb_typeof(definition) = 'object'),
  status text not null default 'queued'
    check (status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  input jsonb not null default '{}'::jsonb,
  output jsonb,
  step_results jsonb not null default '[]'::jsonb check (jsonb_typeof(step_results) = 'array'),
  error jsonb,
  attempts integer not null default 0 check (attempts >= 0),
  runner text,
  run_id text,
  claimed_at timestamptz,
  idempotency_key text check (char_length(idempotency_key) between 1 and 255),
  contact_id uuid,
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  queued_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  duration_ms integer check (duration_ms >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, id),
  -- Composite keys: an execution can only point at its own workspace's connector and contact.
  foreign key (workspace_id, connector_id)
    references public.connectors (workspace_id, id) on delete set null (connector_id),
  foreign key (workspace_id, contact_id)
    references public.contacts (workspace_id, id) on delete set null (contact_id)
);

-- Idempotency-Key: one execution per (workspace, user, key).
create unique index connector_executions_idempotency_key_idx
  on public.connector_executions (workspace_id, created_by, idempotency_key)
  where idempotency_key is not null;
-- History of a connector, newest first (also serves the connector foreign key).
create index connector_executions_connector_id_created_at_idx
  on public.connector_executions (connector_id, created_at desc, id desc);
-- Recent executions of a workspace (also serves the policies' workspace_id filter).
create index connector_executions_workspace_id_created_at_idx
  on public.connector_executions (workspace_id, created_at desc, id desc);
-- The sweeper: queued rows never dispatched, running rows with stale claims.
create index connector_executions_sweeper_idx
  on public.connector_executions (status, run_id)
  where status in ('queued', 'running');
-- Serves the contact foreign key's on delete set null.
create index connector_executions_contact_id_idx
  on public.connector_executions (workspace_id, contact_id)
  where contact_id is not null;

create trigger set_updated_at
  before update on public.connector_executions
  for each row execute function public.set_updated_at();

alter table public.connector_executions enable row level security;

revoke all on table public.connector_executions from anon, authenticated;
grant select on table public.connector_executions to authenticated;
grant insert (
  id, workspace_id, connector_id, definition, input, idempotency_key, contact_id, runner
) on table public.connector_executions to authenticated;
-- status only to cancel; runner/run_id to record the dispatch (see the guard below).
grant update (status, runner, run_id, updated_at) on table public.connector_executions
  to authenticated;
grant all on table public.connector_executions to service_role;

create policy "Members can read their workspace's executions"
  on public.connector_executions for select
  to authenticated
  using (workspace_id in (select public.user_workspace_ids()));

create policy "Members can run their workspace's connectors"
  on public.connector_executions for insert
  to authenticated
  with check (workspace_id in (select public.user_workspace_ids()));

create policy "Members can cancel their workspace's executions"
  on public.connector_executions for update
  to authenticated
  using (workspace_id in (select public.user_workspace_ids()))
  with check (workspace_id in (select public.user_workspace_ids()));

-- No delete policy: execution history is kept (it goes with its workspace).

/*
  Fill-ins for every writer: the definition snapshot defaults to the
  connector's current definition (read as the caller, so under RLS), and an
  execution reaching a terminal status gets finished_at (and duration_ms when
  it had started) unless the writer set them.
*/
create function public.prepare_connector_execution()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' and new.definition is null and new.connector_id is not null then
    select c.definition into new.definition
    from public.connectors c
    where c.workspace_id = new.workspace_id and c.id = new.connector_id;
  end if;

  if new.status in ('succeeded', 'failed', 'cancelled')
    and (tg_op = 'INSERT' or old.status is distinct from new.status) then
    new.finished_at := coalesce(new.finished_at, now());
    if new.duration_ms is null and new.started_at is not null then
      new.duration_ms := greatest(
        0, floor(extract(epoch from (new.finished_at - new.started_at)) * 1000)
      )::integer;
    end if;
  end if;
  return new;
end;
$$;

revoke execute on function public.prepare_connector_execution() from public, anon, authenticated;

create trigger prepare_connector_execution
  before insert or update on public.connector_executions
  for each row execute function public.prepare_connector_execution();

/*
  What an API user may do to an execution after inserting it: cancel it while
  it is queued or running, and record the dispatch (runner, run_id) once.
  Everything else belongs to the runner (service_role). The column grants
  already keep `authenticated` away from output, step_results, attempts, etc.
*/
create function public.guard_connector_executions()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user not in ('authenticated', 'anon') then
    return new;
  end if;

  if new.status is distinct from old.status
    and not (old.status in ('queued', 'running') and new.status = 'cancelled') then
    raise exception 'an execution can only be cancelled while queued or running'
      using errcode = '42501';
  end if;

  if old.run_id is not null
    and (new.run_id is distinct from old.run_id or new.runner is distinct from old.runner) then
    raise exception 'a dispatched execution keeps its run' using errcode = '42501';
  end if;

  if new.workspace_id is distinct from old.workspace_id
    or new.connector_id is distinct from old.connector_id then
    raise exception 'an execution cannot be moved' using errcode = '42501';
  end if;
  return new;
end;
$$;

revoke execute on function public.guard_connector_executions() from public, anon, authenticated;

create trigger guard_connector_executions
  before update on public.connector_executions
  for each row execute function public.guard_connector_executions();
