/*
  An execution started under a user's claims runs what the connector row says, never what the
  client sent (SPEC §7 "The API is the only way in"): the definition snapshot is copied from the
  connector inside the database, and the connector must be an active one of the same workspace.
  Runner-only columns (run_id, runner, claimed_at, attempts, output, step_results, error,
  timestamps) and every status change but a user's cancel belong to service_role, which the
  worker also uses to record a dispatch. `authenticated` keeps: insert of the request's own
  fields, and update of status (the guard below admits only queued/running -> cancelled).
*/
revoke insert, update on table connectors.connector_executions from authenticated;
grant insert (id, workspace_id, connector_id, input, idempotency_key, contact_id)
  on table connectors.connector_executions to authenticated;
grant update (status, updated_at) on table connectors.connector_executions to authenticated;

/*
  Fill-ins for every writer, plus the snapshot rule for API users. The connector is read as the
  caller (RLS), so a connector of another workspace, a disabled or a missing one all look alike.
*/
create or replace function connectors.prepare_connector_execution()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  source_definition jsonb;
  source_status text;
begin
  if tg_op = 'INSERT' and current_user in ('authenticated', 'anon') then
    select c.definition, c.status into source_definition, source_status
    from connectors.connectors c
    where c.workspace_id = new.workspace_id and c.id = new.connector_id;
    if source_status is distinct from 'active' then
      raise exception 'an execution must name an active connector of its workspace'
        using errcode = '42501';
    end if;
    new.definition := source_definition;
  elsif tg_op = 'INSERT' and new.definition is null and new.connector_id is not null then
    select c.definition into new.definition
    from connectors.connectors c
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
