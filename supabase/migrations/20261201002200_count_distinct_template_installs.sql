/*
  Marketplace counts cannot be bought (SPEC §3): install_count is the number of distinct
  workspaces, other than the template's own, that ever installed it. One row per (template,
  workspace) records the first install; installing again, or deleting and re-installing, adds
  nothing. A connector inserted with a template_id is an install. Members read their own
  workspace's installs (the rating rule asks about them); only triggers write.
*/
create table connectors.template_installs (
  template_id uuid not null references connectors.connector_templates (id) on delete cascade,
  workspace_id uuid not null references connectors.workspaces (id) on delete cascade,
  first_installed_at timestamptz not null default now(),
  primary key (template_id, workspace_id)
);

-- The primary key serves lookups by template; the policy filters by workspace.
create index template_installs_workspace_id_idx on connectors.template_installs (workspace_id);

alter table connectors.template_installs enable row level security;

revoke all on table connectors.template_installs from anon, authenticated;
grant select on table connectors.template_installs to authenticated;
grant all on table connectors.template_installs to service_role;

create policy "Members can read their workspace's template installs"
  on connectors.template_installs for select
  to authenticated
  using (workspace_id in (select connectors.user_workspace_ids()));

-- A connector inserted with a template_id records its workspace's install (once).
create or replace function connectors.count_template_install()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into connectors.template_installs (template_id, workspace_id)
  values (new.template_id, new.workspace_id)
  on conflict do nothing;
  return null;
end;
$$;

/*
  install_count recomputed from template_installs (like the rating aggregates: lock the
  template row first, count in the next statement, so concurrent installs are all included).
*/
create function connectors.refresh_template_install_count()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  template uuid := case when tg_op = 'DELETE' then old.template_id else new.template_id end;
begin
  perform 1 from connectors.connector_templates t where t.id = template for no key update;
  update connectors.connector_templates t
  set install_count = (
    select count(*)::integer from connectors.template_installs i
    where i.template_id = t.id and i.workspace_id is distinct from t.owner_workspace_id
  )
  where t.id = template;
  return null;
end;
$$;

revoke execute on function connectors.refresh_template_install_count()
  from public, anon, authenticated;

create trigger refresh_template_install_count
  after insert or delete on connectors.template_installs
  for each row execute function connectors.refresh_template_install_count();

-- Existing data: installs known from connectors still linked and from the audit log's
-- template.install rows (connectors deleted since), then every count recomputed.
insert into connectors.template_installs (template_id, workspace_id, first_installed_at)
select s.template_id, s.workspace_id, min(s.installed_at)
from (
  select c.template_id, c.workspace_id, c.created_at as installed_at
  from connectors.connectors c
  where c.template_id is not null
  union all
  select t.id, a.workspace_id, a.created_at
  from connectors.audit_log a
  join connectors.connector_templates t on t.id::text = a.target_id
  where a.action = 'template.install'
) s
group by s.template_id, s.workspace_id
on conflict do nothing;

update connectors.connector_templates t
set install_count = (
  select count(*)::integer from connectors.template_installs i
  where i.template_id = t.id and i.workspace_id is distinct from t.owner_workspace_id
);
