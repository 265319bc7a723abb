/*
  The server side of an OAuth 2.0 authorization-code flow in progress (SPEC §10). The `state`
  the browser carries is a signed token naming one of these rows; the row keeps what must not
  travel through the browser: the PKCE code verifier (sealed with the credentials keyring, bound
  to the row's id), the exact redirect_uri sent, where to send the browser back, and a digest of
  the credential as it was when the flow began (a credential replaced since is not connected).

  A row is consumed once (`used_at`) by the callback, which runs as service_role because no user
  is present; rows expire after 10 minutes. Nothing here is for the API roles: RLS is on, the
  only policy admits no row, and anon and authenticated hold no privilege on the table.
*/
create table connectors.oauth_states (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references connectors.workspaces (id) on delete cascade,
  credential_id uuid not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  binding text not null check (length(binding) <= 128),
  sealed_verifier text not null check (length(sealed_verifier) <= 1024),
  key_version integer not null,
  redirect_uri text not null check (length(redirect_uri) <= 2048),
  return_to text check (length(return_to) <= 2048),
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now(),
  unique (workspace_id, id),
  foreign key (workspace_id, credential_id)
    references connectors.workspace_api_credentials (workspace_id, id) on delete cascade
);

alter table connectors.oauth_states enable row level security;

-- The table must have a policy (00-rls-enabled); this one admits nothing, should a grant ever
-- be added by mistake.
create policy "Nobody reads OAuth states through the API roles"
  on connectors.oauth_states for select to authenticated
  using (false);

create index oauth_states_workspace_id_credential_id_idx
  on connectors.oauth_states (workspace_id, credential_id);
create index oauth_states_user_id_idx on connectors.oauth_states (user_id);
create index oauth_states_expires_at_idx on connectors.oauth_states (expires_at);

revoke all on table connectors.oauth_states from public, anon, authenticated;
grant select, insert, update, delete on table connectors.oauth_states to service_role;

/*
  The callback connects a credential as service_role, which the audit triggers skip (no user
  acted, as far as the database can tell). This records the connect for the user who started
  the flow, with the credential's name and the granted scopes — never a token.
*/
create function connectors.record_oauth_connect(ws uuid, credential text, actor uuid, metadata jsonb)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into connectors.audit_log (workspace_id, actor_id, action, target_type, target_id, metadata)
  select ws, actor, 'credential.connect', 'credential', credential, coalesce(metadata, '{}'::jsonb)
  where exists (select 1 from connectors.workspaces w where w.id = ws)
$$;

revoke execute on function connectors.record_oauth_connect(uuid, text, uuid, jsonb)
  from public, anon, authenticated;
grant execute on function connectors.record_oauth_connect(uuid, text, uuid, jsonb) to service_role;
