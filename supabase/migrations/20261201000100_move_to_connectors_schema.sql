/*
  The product's tables, views and functions leave schema `public`, which Supabase's Data API
  (PostgREST) exposes to every user token, for schema `connectors`, which it does not: the
  worker is the only way in. RLS stays on every table as defence in depth. Tables keep their
  rows, grants, policies, indexes and triggers; functions keep their identity (policies and
  triggers refer to them by oid) and get their bodies rewritten to name the new schema.
  Later migrations create their objects in `connectors` with explicit grants (there are no
  default privileges in this schema).
*/

create schema if not exists connectors;
revoke all on schema connectors from public;
grant usage on schema connectors to authenticated, service_role;

alter table public.workspaces set schema connectors;
alter table public.workspace_members set schema connectors;
alter table public.saas_admin_users set schema connectors;
alter table public.contacts set schema connectors;
alter table public.workspace_api_credentials set schema connectors;
alter table public.connector_templates set schema connectors;
alter table public.connectors set schema connectors;
alter table public.connector_executions set schema connectors;
alter table public.template_ratings set schema connectors;
alter table public.audit_log set schema connectors;

alter function public.set_updated_at() set schema connectors;
alter function public.user_workspace_ids(text[]) set schema connectors;
alter function public.is_workspace_member(uuid) set schema connectors;
alter function public.has_workspace_role(uuid, text[]) set schema connectors;
alter function public.guard_workspace_members() set schema connectors;
alter function public.is_saas_admin() set schema connectors;
alter function public.guard_connector_templates() set schema connectors;
alter function public.guard_connectors() set schema connectors;
alter function public.prepare_connector_execution() set schema connectors;
alter function public.guard_connector_executions() set schema connectors;
alter function public.refuse_audit_log_change() set schema connectors;
alter function public.count_template_install() set schema connectors;
alter function public.refresh_template_rating() set schema connectors;
alter function public.count_connector_execution() set schema connectors;

create or replace function connectors.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

create or replace function connectors.user_workspace_ids(roles text[] default null)
returns setof uuid
language sql
stable
security definer
set search_path = ''
rows 10
as $$
  select m.workspace_id
  from connectors.workspace_members m
  where m.user_id = (select auth.uid())
    and (roles is null or m.role = any (roles))
$$;

create or replace function connectors.is_workspace_member(ws uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from connectors.workspace_members m
    where m.workspace_id = ws
      and m.user_id = (select auth.uid())
  )
$$;

create or replace function connectors.has_workspace_role(ws uuid, roles text[])
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from connectors.workspace_members m
    where m.workspace_id = ws
      and m.user_id = (select auth.uid())
      and m.role = any (roles)
  )
$$;

create or replace function connectors.guard_workspace_members()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user not in ('authenticated', 'anon') then
    return case when tg_op = 'DELETE' then old else new end;
  end if;

  if tg_op = 'UPDATE' then
    if new.workspace_id is distinct from old.workspace_id
      or new.user_id is distinct from old.user_id then
      raise exception 'a membership cannot be moved to another workspace or user'
        using errcode = '42501';
    end if;
    if old.user_id = (select auth.uid()) and new.role is distinct from old.role then
      raise exception 'you cannot change your own role' using errcode = '42501';
    end if;
  end if;

  if old.role = 'owner' and (tg_op = 'DELETE' or new.role <> 'owner') then
    -- Serialise owner removals per workspace (only owners get here, and owners may lock
    -- their workspace row); the count below then runs on a fresh snapshot.
    perform 1 from connectors.workspaces w where w.id = old.workspace_id for no key update;
    if not exists (
      select 1
      from connectors.workspace_members m
      where m.workspace_id = old.workspace_id
        and m.role = 'owner'
        and m.user_id <> old.user_id
    ) then
      raise exception 'a workspace must keep at least one owner' using errcode = '42501';
    end if;
  end if;

  return case when tg_op = 'DELETE' then old else new end;
end;
$$;

create or replace function connectors.is_saas_admin()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from connectors.saas_admin_users a
    where a.user_id = (select auth.uid())
      and a.role in ('admin', 'super_admin')
  )
$$;

create or replace function connectors.guard_connector_templates()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user not in ('authenticated', 'anon') or connectors.is_saas_admin() then
    return new;
  end if;

  if tg_op = 'INSERT' then
    if new.is_official or new.is_featured then
      raise exception 'only saas admins can publish official or featured templates'
        using errcode = '42501';
    end if;
    new.review := case when new.visibility = 'public' then 'pending' else 'approved' end;
    return new;
  end if;

  if new.is_official is distinct from old.is_official
    or new.is_featured is distinct from old.is_featured
    or new.review is distinct from old.review then
    raise exception 'only saas admins can change is_official, is_featured or review'
      using errcode = '42501';
  end if;
  if new.owner_workspace_id is distinct from old.owner_workspace_id then
    raise exception 'a template cannot move to another workspace' using errcode = '42501';
  end if;

  if new.visibility = 'public'
    and (old.visibility <> 'public'
      or (new.slug, new.name, new.description, new.category, new.definition,
          new.required_credentials, new.version)
        is distinct from
         (old.slug, old.name, old.description, old.category, old.definition,
          old.required_credentials, old.version)) then
    new.review := 'pending';
  end if;
  return new;
end;
$$;

create or replace function connectors.guard_connectors()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user not in ('authenticated', 'anon') then
    return new;
  end if;

  if new.template_id is not null
    and (tg_op = 'INSERT' or new.template_id is distinct from old.template_id)
    and not exists (select 1 from connectors.connector_templates t where t.id = new.template_id) then
    -- Same error as a template that does not exist at all.
    raise exception 'insert or update on table "connectors" violates foreign key constraint "connectors_template_id_fkey"'
      using errcode = '23503', detail = format('Key (template_id)=(%s) is not present in table "connector_templates".', new.template_id);
  end if;
  return new;
end;
$$;

create or replace function connectors.prepare_connector_execution()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' and new.definition is null and new.connector_id is not null then
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

create or replace function connectors.guard_connector_executions()
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

create or replace function connectors.refuse_audit_log_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'DELETE'
    and not exists (select 1 from connectors.workspaces w where w.id = old.workspace_id) then
    return old;
  end if;
  raise exception 'audit_log is append-only' using errcode = '42501';
end;
$$;

create or replace function connectors.count_template_install()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update connectors.connector_templates t
  set install_count = t.install_count + 1
  where t.id = new.template_id;
  return null;
end;
$$;

create or replace function connectors.refresh_template_rating()
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
    perform 1 from connectors.connector_templates t where t.id = template for no key update;

    update connectors.connector_templates t
    set (rating_avg, rating_count) = (
      select coalesce(round(avg(r.rating), 2), 0), count(*)
      from connectors.template_ratings r
      where r.template_id = template
    )
    where t.id = template;
  end loop;
  return null;
end;
$$;

create or replace function connectors.count_connector_execution()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    update connectors.connectors c
    set execution_count = c.execution_count + 1,
        success_count = c.success_count + (new.status = 'succeeded')::integer,
        failure_count = c.failure_count + (new.status = 'failed')::integer,
        last_executed_at = now()
    where c.workspace_id = new.workspace_id and c.id = new.connector_id;
  elsif old.status in ('queued', 'running') and new.status in ('succeeded', 'failed') then
    update connectors.connectors c
    set success_count = c.success_count + (new.status = 'succeeded')::integer,
        failure_count = c.failure_count + (new.status = 'failed')::integer
    where c.workspace_id = new.workspace_id and c.id = new.connector_id;
  end if;
  return null;
end;
$$;
