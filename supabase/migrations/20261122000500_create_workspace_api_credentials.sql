/*
  Secrets a workspace's connectors use ({{credentials.<name>}}). The value is
  encrypted by the application (AES-256-GCM; `ciphertext` holds whatever
  encoding the app chose, e.g. base64 of nonce‖ciphertext‖tag, with
  `key_version` naming the key for rotation). A credential is only ever sent
  to `allowed_hosts`. `authenticated` can write ciphertext but never read it
  back: the column is left out of its SELECT grant.
*/
create table public.workspace_api_credentials (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (name ~ '^[a-z][a-z0-9_]{0,62}$'),
  provider text check (char_length(provider) <= 100),
  auth_type text not null default 'bearer' check (auth_type ~ '^[a-z][a-z0-9_]{0,31}$'),
  ciphertext text not null check (char_length(ciphertext) > 0),
  key_version integer not null default 1 check (key_version > 0),
  allowed_hosts text[] not null check (
    cardinality(allowed_hosts) > 0
    and array_position(allowed_hosts, null) is null
    and '' <> all (allowed_hosts)
  ),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_used_at timestamptz,
  unique (workspace_id, name),
  unique (workspace_id, id)
);

-- unique (workspace_id, name) serves the policies' workspace_id filter and lookups by name.

create trigger set_updated_at
  before update on public.workspace_api_credentials
  for each row execute function public.set_updated_at();

alter table public.workspace_api_credentials enable row level security;

revoke all on table public.workspace_api_credentials from anon, authenticated;
-- Every column but ciphertext.
grant select (
  id, workspace_id, name, provider, auth_type, key_version, allowed_hosts,
  created_by, created_at, updated_at, last_used_at
) on table public.workspace_api_credentials to authenticated;
grant insert (
  id, workspace_id, name, provider, auth_type, ciphertext, key_version, allowed_hosts
) on table public.workspace_api_credentials to authenticated;
grant update (
  provider, auth_type, ciphertext, key_version, allowed_hosts, updated_at
) on table public.workspace_api_credentials to authenticated;
grant delete on table public.workspace_api_credentials to authenticated;
grant all on table public.workspace_api_credentials to service_role;

create policy "Members can read their workspace's credential metadata"
  on public.workspace_api_credentials for select
  to authenticated
  using (workspace_id in (select public.user_workspace_ids()));

create policy "Owners and admins can store credentials"
  on public.workspace_api_credentials for insert
  to authenticated
  with check (workspace_id in (select public.user_workspace_ids(array['owner', 'admin'])));

create policy "Owners and admins can replace credentials"
  on public.workspace_api_credentials for update
  to authenticated
  using (workspace_id in (select public.user_workspace_ids(array['owner', 'admin'])))
  with check (workspace_id in (select public.user_workspace_ids(array['owner', 'admin'])));

create policy "Owners and admins can delete credentials"
  on public.workspace_api_credentials for delete
  to authenticated
  using (workspace_id in (select public.user_workspace_ids(array['owner', 'admin'])));
