/*
  Workspaces are the tenants: every workspace-scoped row belongs to one.
  The CRM provisions them, so inserts and deletes happen only as service_role
  (no insert/delete policy or privilege for `authenticated`); members read
  their workspaces and owners may rename them.
*/
create table public.workspaces (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(name) between 1 and 200),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create trigger set_updated_at
  before update on public.workspaces
  for each row execute function public.set_updated_at();

alter table public.workspaces enable row level security;

/*
  Who belongs to which workspace, and with which role. The role decides what
  a user may write (see SPEC §3): members build and run connectors,
  admins/owners also manage credentials, templates, members and read the
  audit log.
*/
create table public.workspace_members (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null default 'member' check (role in ('owner', 'admin', 'member')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, user_id)
);

-- Policies and helpers look members up by user; the primary key covers workspace_id.
create index workspace_members_user_id_idx on public.workspace_members (user_id);

create trigger set_updated_at
  before update on public.workspace_members
  for each row execute function public.set_updated_at();

alter table public.workspace_members enable row level security;

/*
  Membership helpers. They are security definer so that policies (including
  those on workspace_members itself) can consult workspace_members without
  recursing into its RLS; they only ever answer about the calling user
  (auth.uid()), so they leak nothing.

  Policies use the set-returning form, `workspace_id in (select
  public.user_workspace_ids(...))`: Postgres evaluates it once per query as
  a hashed subplan instead of once per row (~50x faster on large scans).
  The boolean forms are for the API and for checks on a single workspace.
*/
create function public.user_workspace_ids(roles text[] default null)
returns setof uuid
language sql
stable
security definer
set search_path = ''
rows 10
as $$
  select m.workspace_id
  from public.workspace_members m
  where m.user_id = (select auth.uid())
    and (roles is null or m.role = any (roles))
$$;

create function public.is_workspace_member(ws uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.workspace_members m
    where m.workspace_id = ws
      and m.user_id = (select auth.uid())
  )
$$;

create function public.has_workspace_role(ws uuid, roles text[])
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.workspace_members m
    where m.workspace_id = ws
      and m.user_id = (select auth.uid())
      and m.role = any (roles)
  )
$$;

revoke execute on function public.user_workspace_ids(text[]) from public, anon;
revoke execute on function public.is_workspace_member(uuid) from public, anon;
revoke execute on function public.has_workspace_role(uuid, text[]) from public, anon;
grant execute on function public.user_workspace_ids(text[]) to authenticated, service_role;
grant execute on function public.is_workspace_member(uuid) to authenticated, service_role;
grant execute on function public.has_workspace_role(uuid, text[]) to authenticated, service_role;

-- workspaces: privileges and policies -----------------------------------------

revoke all on table public.workspaces from anon, authenticated;
grant select on table public.workspaces to authenticated;
grant update (name, updated_at) on table public.workspaces to authenticated;
grant all on table public.workspaces to service_role;

create policy "Members can read their workspaces"
  on public.workspaces for select
  to authenticated
  using (id in (select public.user_workspace_ids()));

create policy "Owners can rename their workspaces"
  on public.workspaces for update
  to authenticated
  using (id in (select public.user_workspace_ids(array['owner'])))
  with check (id in (select public.user_workspace_ids(array['owner'])));

-- workspace_members: privileges and policies ----------------------------------

revoke all on table public.workspace_members from anon, authenticated;
grant select, delete on table public.workspace_members to authenticated;
grant insert (workspace_id, user_id, role) on table public.workspace_members to authenticated;
grant update (role, updated_at) on table public.workspace_members to authenticated;
grant all on table public.workspace_members to service_role;

create policy "Members can read their workspace's members"
  on public.workspace_members for select
  to authenticated
  using (workspace_id in (select public.user_workspace_ids()));

-- Owners add anyone; admins add members and admins, never owners.
create policy "Owners and admins can add members"
  on public.workspace_members for insert
  to authenticated
  with check (
    workspace_id in (select public.user_workspace_ids(array['owner']))
    or (
      workspace_id in (select public.user_workspace_ids(array['admin']))
      and role in ('admin', 'member')
    )
  );

-- Owners change anyone's role; admins change members and admins, never to or from owner.
create policy "Owners and admins can change members' roles"
  on public.workspace_members for update
  to authenticated
  using (
    workspace_id in (select public.user_workspace_ids(array['owner']))
    or (
      workspace_id in (select public.user_workspace_ids(array['admin']))
      and role in ('admin', 'member')
    )
  )
  with check (
    workspace_id in (select public.user_workspace_ids(array['owner']))
    or (
      workspace_id in (select public.user_workspace_ids(array['admin']))
      and role in ('admin', 'member')
    )
  );

-- Anyone may leave; owners remove anyone; admins remove members and admins.
create policy "Members can leave and owners and admins can remove members"
  on public.workspace_members for delete
  to authenticated
  using (
    user_id = (select auth.uid())
    or workspace_id in (select public.user_workspace_ids(array['owner']))
    or (
      workspace_id in (select public.user_workspace_ids(array['admin']))
      and role in ('admin', 'member')
    )
  );

/*
  Rules a policy cannot express because they compare old and new rows:
  nobody changes their own role, and a workspace never loses its last owner
  (removing or demoting an owner needs another owner to remain; the
  workspace row is locked first so two owners leaving at once cannot both
  succeed).
  Applies to API users only; service_role and the database owner (the CRM,
  scripts, cascades from auth.users) are not restricted.
*/
create function public.guard_workspace_members()
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
    perform 1 from public.workspaces w where w.id = old.workspace_id for no key update;
    if not exists (
      select 1
      from public.workspace_members m
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

revoke execute on function public.guard_workspace_members() from public, anon, authenticated;

create trigger guard_workspace_members
  before update or delete on public.workspace_members
  for each row execute function public.guard_workspace_members();
