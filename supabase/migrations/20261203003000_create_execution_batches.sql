/*
  A batch (README "Batches"): up to 1000 executions of one connector started by one request.
  The row holds what the request was (connector, size, Idempotency-Key and a digest of its items)
  and whether it was cancelled; its counts and finish time are read from its executions, so no
  counter has to be kept in step. A member may create a batch exactly where they may start an
  execution (an active connector of their workspace) and may cancel one; nobody deletes one.
  Executions point at their batch within their own workspace through the composite key.
*/
create table connectors.execution_batches (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references connectors.workspaces (id) on delete cascade,
  connector_id uuid,
  total integer not null check (total between 1 and 1000),
  idempotency_key text check (char_length(idempotency_key) between 1 and 255),
  request_hash text not null check (request_hash ~ '^[0-9a-f]{64}$'),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  cancelled_at timestamptz,
  cancelled_by uuid references auth.users (id) on delete set null,
  unique (workspace_id, id),
  foreign key (workspace_id, connector_id)
    references connectors.connectors (workspace_id, id) on delete set null (connector_id)
);

-- Idempotency-Key: one batch per (workspace, user, key), like a single start.
create unique index execution_batches_idempotency_key_idx
  on connectors.execution_batches (workspace_id, created_by, idempotency_key)
  where idempotency_key is not null;
-- Serves the connector foreign key's on delete set null.
create index execution_batches_connector_id_idx
  on connectors.execution_batches (workspace_id, connector_id)
  where connector_id is not null;

alter table connectors.connector_executions
  add constraint connector_executions_batch_id_fkey
    foreign key (workspace_id, batch_id)
    references connectors.execution_batches (workspace_id, id);

alter table connectors.execution_batches enable row level security;

revoke all on table connectors.execution_batches from public, anon, authenticated;
grant select on table connectors.execution_batches to authenticated;
grant insert (id, workspace_id, connector_id, total, idempotency_key, request_hash)
  on table connectors.execution_batches to authenticated;
grant update (cancelled_at) on table connectors.execution_batches to authenticated;
grant all on table connectors.execution_batches to service_role;

create policy "Members can read their workspace's batches"
  on connectors.execution_batches for select
  to authenticated
  using (workspace_id in (select connectors.user_workspace_ids()));

create policy "Members can start batches of their workspace's active connectors"
  on connectors.execution_batches for insert
  to authenticated
  with check (
    workspace_id in (select connectors.user_workspace_ids())
    and created_by = (select auth.uid())
    and exists (
      select 1 from connectors.connectors c
      where c.workspace_id = execution_batches.workspace_id
        and c.id = execution_batches.connector_id and c.status = 'active')
  );

create policy "Members can cancel their workspace's batches"
  on connectors.execution_batches for update
  to authenticated
  using (workspace_id in (select connectors.user_workspace_ids()))
  with check (workspace_id in (select connectors.user_workspace_ids()));

/*
  A member's update can only cancel: cancelled_at is set once, to the database's clock, with the
  caller as cancelled_by; it never goes back.
*/
create function connectors.guard_execution_batches()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user not in ('authenticated', 'anon') then
    return new;
  end if;
  if old.cancelled_at is not null then
    new.cancelled_at := old.cancelled_at;
    new.cancelled_by := old.cancelled_by;
  elsif new.cancelled_at is not null then
    new.cancelled_at := now();
    new.cancelled_by := (select auth.uid());
  end if;
  return new;
end;
$$;

revoke execute on function connectors.guard_execution_batches()
  from public, anon, authenticated, service_role;

create trigger guard_execution_batches
  before update on connectors.execution_batches
  for each row execute function connectors.guard_execution_batches();

/*
  The audit log sees a batch once (`batch.create`, `batch.cancel`) besides the per-item
  `execution.start` / `execution.cancel` rows its executions write. Security definer to write
  audit_log, which the caller may not; it reads only the row it was handed.
*/
create function connectors.audit_execution_batch()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if (select auth.uid()) is null or pg_trigger_depth() > 1 then
    return null;
  end if;
  if tg_op = 'INSERT' then
    perform connectors.write_audit(
      new.workspace_id, 'batch.create', 'batch', new.id::text,
      jsonb_strip_nulls(jsonb_build_object(
        'connectorId', new.connector_id, 'total', new.total,
        'idempotencyKey', new.idempotency_key)));
  elsif old.cancelled_at is null and new.cancelled_at is not null then
    perform connectors.write_audit(
      new.workspace_id, 'batch.cancel', 'batch', new.id::text,
      jsonb_build_object('connectorId', new.connector_id, 'total', new.total));
  end if;
  return null;
end;
$$;

revoke execute on function connectors.audit_execution_batch()
  from public, anon, authenticated, service_role;

create trigger audit_change
  after insert or update of cancelled_at on connectors.execution_batches
  for each row execute function connectors.audit_execution_batch();
