/*
  Counters no application code maintains (SPEC §3). Each trigger function is
  security definer because it updates rows the acting user may not update
  (a member running a connector bumps its counters; a user's rating changes
  a template's aggregates), with search_path pinned.

  Semantics:
  - connector_templates.install_count: installs ever made. +1 for every
    connector inserted with that template_id; never decremented (deleting
    the connector or unlinking it does not undo the install).
  - connector_templates.rating_avg / rating_count: recomputed from
    template_ratings after every insert/update/delete of a rating.
  - connectors.execution_count / last_executed_at: +1 / now() for every
    execution row inserted for the connector.
  - connectors.success_count / failure_count: +1 whenever an execution enters
    'succeeded' / 'failed' from a non-terminal status (or is inserted so).
    Cancelled executions count only in execution_count.
*/

-- A connector inserted with a template_id is an install of that template.
create function public.count_template_install()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.connector_templates t
  set install_count = t.install_count + 1
  where t.id = new.template_id;
  return null;
end;
$$;

create trigger count_template_install
  after insert on public.connectors
  for each row
  when (new.template_id is not null)
  execute function public.count_template_install();

/*
  The template row is locked first, in its own statement, and the aggregate
  computed in the next one: in READ COMMITTED each statement takes a fresh
  snapshot, so a rating committed by a concurrent transaction (which held the
  lock) is always included. Recomputing from the ratings table instead of
  applying deltas keeps the numbers exact.
*/
create function public.refresh_template_rating()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  template uuid;
begin
  foreach template in array array_remove(
    array[
      case when tg_op <> 'INSERT' then old.template_id end,
      case when tg_op <> 'DELETE' then new.template_id end
    ]::uuid[],
    null
  ) loop
    -- NO KEY UPDATE: does not conflict with the key-share lock the rating's own
    -- foreign key check holds, so concurrent raters queue instead of deadlocking.
    perform 1 from public.connector_templates t where t.id = template for no key update;

    update public.connector_templates t
    set (rating_avg, rating_count) = (
      select coalesce(round(avg(r.rating), 2), 0), count(*)
      from public.template_ratings r
      where r.template_id = template
    )
    where t.id = template;
  end loop;
  return null;
end;
$$;

create trigger refresh_template_rating
  after insert or update or delete on public.template_ratings
  for each row execute function public.refresh_template_rating();

/*
  Connector usage: an inserted execution counts as run (and, if inserted
  already finished, as its outcome); an update counts an outcome only on the
  transition from queued/running, so rewriting a finished row never counts
  twice. Matched on (workspace_id, connector_id) like the foreign key.
*/
create function public.count_connector_execution()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    update public.connectors c
    set execution_count = c.execution_count + 1,
        success_count = c.success_count + (new.status = 'succeeded')::integer,
        failure_count = c.failure_count + (new.status = 'failed')::integer,
        last_executed_at = now()
    where c.workspace_id = new.workspace_id and c.id = new.connector_id;
  elsif old.status in ('queued', 'running') and new.status in ('succeeded', 'failed') then
    update public.connectors c
    set success_count = c.success_count + (new.status = 'succeeded')::integer,
        failure_count = c.failure_count + (new.status = 'failed')::integer
    where c.workspace_id = new.workspace_id and c.id = new.connector_id;
  end if;
  return null;
end;
$$;

create trigger count_connector_execution_insert
  after insert on public.connector_executions
  for each row
  when (new.connector_id is not null)
  execute function public.count_connector_execution();

create trigger count_connector_execution_outcome
  after update of status on public.connector_executions
  for each row
  when (new.connector_id is not null and old.status is distinct from new.status)
  execute function public.count_connector_execution();

revoke execute on function public.count_template_install() from public, anon, authenticated;
revoke execute on function public.refresh_template_rating() from public, anon, authenticated;
revoke execute on function public.count_connector_execution() from public, anon, authenticated;
