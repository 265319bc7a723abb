/*
  The claim (execution/claim.ts) in one call that also ends its transaction on the server.

  Before, the runner claimed in an explicit transaction: BEGIN, the role, the cancel gate, the
  pre-check, then the per-workspace advisory lock and the conditional UPDATE, then COMMIT — six
  round trips, with the workspace's lock held from the UPDATE until the client's COMMIT arrived.
  Under load the isolate that sent the UPDATE may take seconds to send that COMMIT, and every
  other claim of the workspace waited on the lock meanwhile, each holding a connection.

  Called as a single statement outside a transaction, this function is its own transaction: the
  lock is taken, the row updated, the transaction committed and the lock released without waiting
  for the client. Statements of a volatile plpgsql function each take a fresh snapshot, so the
  count after the lock sees every claim committed before it (a lock is released only after its
  transaction's commit is visible), exactly as the pipelined statements did.

  Outcomes: 'claimed' (the row's fields follow), 'busy' (claimable, but the workspace already has
  p_limit live claims; it stays queued), 'cancelled' (its connector was disabled or deleted since
  it was queued: cancelled with the reason, never run), 'none' (not claimable: claimed by a live
  run, finished, cancelled, or missing). p_limit null: no per-workspace limit.

  It acts for no user, like the runner's service_role transactions did, so it is security
  definer (search_path pinned) and only the API's login role and service_role may call it; the
  login role could already switch to service_role (20261201003000), so it gains nothing.
*/
create function connectors.claim_execution(
  p_execution_id uuid,
  p_run_id text,
  p_runner text,
  p_stale_seconds double precision,
  p_limit integer default null
)
returns table (
  outcome text,
  id uuid,
  workspace_id uuid,
  connector_id uuid,
  definition jsonb,
  input jsonb,
  contact_id uuid,
  attempts integer,
  started_at timestamptz,
  lease_id uuid,
  step_results jsonb,
  step_taint jsonb
)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  stale constant interval := make_interval(secs => p_stale_seconds);
  ws uuid;
  gate text;
  is_claimable boolean;
  live integer;
  claimed connectors.connector_executions;
begin
  if p_execution_id is null or p_run_id is null or p_runner is null
     or p_stale_seconds is null or p_stale_seconds <= 0 or p_limit < 1 then
    raise exception 'claim_execution: invalid arguments' using errcode = '22023';
  end if;

  select e.workspace_id,
         (select c.status from connectors.connectors c
          where c.workspace_id = e.workspace_id and c.id = e.connector_id),
         (e.status = 'queued'
          or (e.status = 'running'
              and (e.run_id = p_run_id or coalesce(e.heartbeat_at, e.claimed_at) < now() - stale)))
    into ws, gate, is_claimable
  from connectors.connector_executions e
  where e.id = p_execution_id;
  if not found or not is_claimable then
    return query select 'none'::text, null::uuid, null::uuid, null::uuid, null::jsonb,
      null::jsonb, null::uuid, null::integer, null::timestamptz, null::uuid, null::jsonb, null::jsonb;
    return;
  end if;

  -- Its connector was disabled or deleted (connector_id null) since it was queued.
  if gate is distinct from 'active' then
    update connectors.connector_executions e
    set status = 'cancelled',
        error = jsonb_build_object(
          'kind', 'cancelled', 'stepId', null,
          'message', case when gate is null
                          then 'the connector was deleted before this execution ran'
                          else 'the connector was disabled before this execution ran' end)
    where e.id = p_execution_id
      and (e.status = 'queued'
           or (e.status = 'running'
               and (e.run_id = p_run_id or coalesce(e.heartbeat_at, e.claimed_at) < now() - stale)));
    return query select (case when found then 'cancelled' else 'none' end)::text, null::uuid,
      null::uuid, null::uuid, null::jsonb, null::jsonb, null::uuid, null::integer,
      null::timestamptz, null::uuid, null::jsonb, null::jsonb;
    return;
  end if;

  if p_limit is not null then
    -- Without the lock first: a full workspace answers 'busy' at once instead of queueing.
    select count(*)::integer into live
    from connectors.connector_executions e
    where e.workspace_id = ws and e.status = 'running' and e.id <> p_execution_id
      and coalesce(e.heartbeat_at, e.claimed_at) >= now() - stale;
    if live >= p_limit then
      return query select 'busy'::text, null::uuid, null::uuid, null::uuid, null::jsonb,
        null::jsonb, null::uuid, null::integer, null::timestamptz, null::uuid, null::jsonb,
        null::jsonb;
      return;
    end if;
    -- Authoritative, under the workspace's lock: two claims cannot both take the last slot.
    perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended(ws::text, 0));
  end if;

  update connectors.connector_executions e
  set status = 'running',
      claimed_at = now(),
      heartbeat_at = now(),
      lease_id = gen_random_uuid(),
      started_at = coalesce(e.started_at, now()),
      attempts = e.attempts + 1,
      run_id = p_run_id,
      runner = p_runner
  where e.id = p_execution_id
    and (e.status = 'queued'
         or (e.status = 'running'
             and (e.run_id = p_run_id or coalesce(e.heartbeat_at, e.claimed_at) < now() - stale)))
    and (p_limit is null
         or (select count(*) from connectors.connector_executions o
             where o.workspace_id = ws and o.status = 'running' and o.id <> p_execution_id
               and coalesce(o.heartbeat_at, o.claimed_at) >= now() - stale) < p_limit)
  returning e.* into claimed;

  if claimed.id is not null then
    return query select 'claimed'::text, claimed.id, claimed.workspace_id, claimed.connector_id,
      claimed.definition, claimed.input, claimed.contact_id, claimed.attempts, claimed.started_at,
      claimed.lease_id, claimed.step_results, claimed.step_taint;
    return;
  end if;

  -- Not claimed: over the limit (stays queued for a lane or the sweeper) or not claimable now.
  select (e.status = 'queued'
          or (e.status = 'running'
              and (e.run_id = p_run_id or coalesce(e.heartbeat_at, e.claimed_at) < now() - stale)))
    into is_claimable
  from connectors.connector_executions e
  where e.id = p_execution_id;
  return query select (case when coalesce(is_claimable, false) then 'busy' else 'none' end)::text,
    null::uuid, null::uuid, null::uuid, null::jsonb, null::jsonb, null::uuid, null::integer,
    null::timestamptz, null::uuid, null::jsonb, null::jsonb;
end;
$$;

-- The login role may name the function (schema usage grants no table privilege: it still reads
-- and writes nothing before it switches role).
grant usage on schema connectors to connectors_api;
revoke execute on function connectors.claim_execution(uuid, text, text, double precision, integer)
  from public, anon, authenticated;
grant execute on function connectors.claim_execution(uuid, text, text, double precision, integer)
  to connectors_api, service_role;
