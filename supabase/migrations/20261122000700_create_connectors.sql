/*
  A workspace's custom API integration: `definition` holds the input schema,
  the HTTP steps and the field mapping (SPEC §5). Installed from a template
  when template_id/template_version are set (the template may later be
  deleted: the connector stays, template_id becomes null). The usage
  counters are maintained by triggers on connector_executions and cannot be
  written by `authenticated`.
*/
create table public.connectors (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 200),
  description text check (char_length(description) <= 10000),
  definition jsonb not null check (jsonb_typeof(definition) = 'object'),
  template_id uuid references public.connector_templates (id) on delete set null,
  template_version integer check (template_version > 0),
  status text not null default 'active' check (status in ('active', 'disabled')),
  execution_count integer not null default 0 check (execution_count >= 0),
  success_count integer not null default 0 check (success_count >= 0),
  failure_count integer not null default 0 check (failure_count >= 0),
  last_executed_at timestamptz,
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Target of composite foreign keys: executions point only at connectors of their own workspace.
  unique (workspace_id, id)
);

-- Listing a workspace's connectors newest first (also serves the policies' workspace_id filter).
create index connectors_workspace_id_created_at_idx
  on public.connectors (workspace_id, created_at desc, id desc);
create index connectors_template_id_idx
  on public.connectors (template_id)
  where template_id is not null;

-- Counter updates from executions are not edits: only content columns bump updated_at.
create trigger set_updated_at
  before update of workspace_id, name, description, definition, template_id, template_version, status
  on public.connectors
  for each row execute function public.set_updated_at();

alter table public.connectors enable row level security;

revoke all on table public.connectors from anon, authenticated;
grant select on table public.connectors to authenticated;
grant insert (
  id, workspace_id, name, description, definition, template_id, template_version, status
) on table public.connectors to authenticated;
grant update (
  name, description, definition, template_id, template_version, status, updated_at
) on table public.connectors to authenticated;
grant delete on table public.connectors to authenticated;
grant all on table public.connectors to service_role;

create policy "Members can read their workspace's connectors"
  on public.connectors for select
  to authenticated
  using (workspace_id in (select public.user_workspace_ids()));

create policy "Members can create connectors in their workspace"
  on public.connectors for insert
  to authenticated
  with check (workspace_id in (select public.user_workspace_ids()));

create policy "Members can edit their workspace's connectors"
  on public.connectors for update
  to authenticated
  using (workspace_id in (select public.user_workspace_ids()))
  with check (workspace_id in (select public.user_workspace_ids()));

create policy "Members can delete their workspace's connectors"
  on public.connectors for delete
  to authenticated
  using (workspace_id in (select public.user_workspace_ids()));

/*
  template_id is a plain foreign key, which Postgres checks without RLS. So an
  API user could otherwise link (and count an install of) a template they
  cannot see, or probe for its existence. Runs as the caller, so the lookup
  below is filtered by connector_templates' RLS.
*/
create function public.guard_connectors()
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
    and not exists (select 1 from public.connector_templates t where t.id = new.template_id) then
    -- Same error as a template that does not exist at all.
    raise exception 'insert or update on table "connectors" violates foreign key constraint "connectors_template_id_fkey"'
      using errcode = '23503', detail = format('Key (template_id)=(%s) is not present in table "connector_templates".', new.template_id);
  end if;
  return new;
end;
$$;

revoke execute on function public.guard_connectors() from public, anon, authenticated;

create trigger guard_connectors
  before insert or update on public.connectors
  for each row execute function public.guard_connectors();
