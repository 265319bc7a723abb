/*
  The marketplace. Official templates (is_official) are curated by saas
  admins and readable by everyone signed in. Community templates are
  published by a workspace's owners/admins (owner_workspace_id): with
  visibility 'workspace' only that workspace sees them; with visibility
  'public' they go through review ('pending' until a saas admin approves)
  before other workspaces see them. required_credentials lists what a
  workspace must bind at install time:
  [{ "name", "authType", "allowedHosts": [...], "helpText" }].
  install_count and the rating aggregates are kept by triggers only.
*/
create table public.connector_templates (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique
    check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 100),
  name text not null check (char_length(name) between 1 and 200),
  description text check (char_length(description) <= 10000),
  category text check (char_length(category) <= 100),
  definition jsonb not null check (jsonb_typeof(definition) = 'object'),
  required_credentials jsonb not null default '[]'::jsonb
    check (jsonb_typeof(required_credentials) = 'array'),
  is_official boolean not null default false,
  is_featured boolean not null default false,
  visibility text not null default 'public' check (visibility in ('public', 'workspace')),
  review text not null default 'approved' check (review in ('pending', 'approved', 'rejected')),
  owner_workspace_id uuid references public.workspaces (id) on delete cascade,
  version integer not null default 1 check (version > 0),
  install_count integer not null default 0 check (install_count >= 0),
  rating_avg numeric(3, 2) not null default 0 check (rating_avg between 0 and 5),
  rating_count integer not null default 0 check (rating_count >= 0),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- A workspace-only template needs a workspace to be visible to.
  check (visibility = 'public' or owner_workspace_id is not null)
);

create index connector_templates_owner_workspace_id_idx
  on public.connector_templates (owner_workspace_id)
  where owner_workspace_id is not null;
create index connector_templates_browse_idx
  on public.connector_templates (install_count desc, id)
  where visibility = 'public' and review = 'approved';

-- Counter updates (install_count, ratings) are not edits: only content columns bump updated_at.
create trigger set_updated_at
  before update of slug, name, description, category, definition, required_credentials,
    is_official, is_featured, visibility, review, version
  on public.connector_templates
  for each row execute function public.set_updated_at();

alter table public.connector_templates enable row level security;

revoke all on table public.connector_templates from anon, authenticated;
grant select on table public.connector_templates to authenticated;
grant insert (
  id, slug, name, description, category, definition, required_credentials,
  is_official, is_featured, visibility, review, owner_workspace_id, version
) on table public.connector_templates to authenticated;
grant update (
  slug, name, description, category, definition, required_credentials,
  is_official, is_featured, visibility, review, version, updated_at
) on table public.connector_templates to authenticated;
grant delete on table public.connector_templates to authenticated;
grant all on table public.connector_templates to service_role;

create policy "Users can read official, approved and own workspace templates"
  on public.connector_templates for select
  to authenticated
  using (
    is_official
    or (visibility = 'public' and review = 'approved')
    or owner_workspace_id in (select public.user_workspace_ids())
    or (visibility = 'public' and (select public.is_saas_admin()))
  );

create policy "Saas admins and workspace admins can publish templates"
  on public.connector_templates for insert
  to authenticated
  with check (
    (select public.is_saas_admin())
    or (
      not is_official
      and not is_featured
      and owner_workspace_id in (select public.user_workspace_ids(array['owner', 'admin']))
    )
  );

create policy "Saas admins and workspace admins can edit templates"
  on public.connector_templates for update
  to authenticated
  using (
    (select public.is_saas_admin())
    or (
      not is_official
      and owner_workspace_id in (select public.user_workspace_ids(array['owner', 'admin']))
    )
  )
  with check (
    (select public.is_saas_admin())
    or (
      not is_official
      and not is_featured
      and owner_workspace_id in (select public.user_workspace_ids(array['owner', 'admin']))
    )
  );

create policy "Saas admins and workspace admins can delete templates"
  on public.connector_templates for delete
  to authenticated
  using (
    (select public.is_saas_admin())
    or (
      not is_official
      and owner_workspace_id in (select public.user_workspace_ids(array['owner', 'admin']))
    )
  );

/*
  What only saas admins decide: official/featured flags and the review
  verdict. A workspace admin's public template starts 'pending' (a
  workspace-only one needs no review), and any content change to a public
  community template sends it back to 'pending', so an approved template
  cannot be swapped for something else. Applies to API users who are not
  saas admins; service_role and the database owner are not restricted.
*/
create function public.guard_connector_templates()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user not in ('authenticated', 'anon') or public.is_saas_admin() then
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

revoke execute on function public.guard_connector_templates() from public, anon, authenticated;

create trigger guard_connector_templates
  before insert or update on public.connector_templates
  for each row execute function public.guard_connector_templates();
