/*
  A replay that reuses the original's definition snapshot (README "Replay",
  `?definition=snapshot`). An insert under a user's claims always copies the connector's
  current definition (migration 20261201002000), so this function is the one way a member gets
  an older snapshot into a new row: it copies it from an execution of a workspace the caller
  belongs to — never from the client — and only while that execution's connector is still an
  active one of the workspace (a claim would cancel the replay otherwise). The new row is the
  caller's: created_by, the audit row and the Idempotency-Key scope are theirs. Returns the new
  id, or null when the caller's key is already taken (the API then answers that execution).
*/
create function connectors.replay_execution_snapshot(original uuid, key text default null)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  source connectors.connector_executions%rowtype;
  new_id uuid;
begin
  if (select auth.uid()) is null then
    raise exception 'replaying needs a user' using errcode = '42501';
  end if;
  select * into source from connectors.connector_executions e where e.id = original;
  if not found or not connectors.is_workspace_member(source.workspace_id) then
    raise exception 'no such execution in a workspace of the caller' using errcode = '42501';
  end if;
  if not exists (
    select 1 from connectors.connectors c
    where c.workspace_id = source.workspace_id and c.id = source.connector_id
      and c.status = 'active') then
    raise exception 'an execution must name an active connector of its workspace'
      using errcode = '42501';
  end if;
  insert into connectors.connector_executions
    (workspace_id, connector_id, definition, input, contact_id, idempotency_key, trigger,
     replay_of, created_by)
  values
    (source.workspace_id, source.connector_id, source.definition, source.input,
     source.contact_id, key, 'replay', source.id, (select auth.uid()))
  on conflict (workspace_id, created_by, idempotency_key) where idempotency_key is not null
  do nothing
  returning id into new_id;
  return new_id;
end;
$$;

revoke execute on function connectors.replay_execution_snapshot(uuid, text) from public, anon;
grant execute on function connectors.replay_execution_snapshot(uuid, text)
  to authenticated, service_role;
