/*
  OAuth 2.0 credentials (SPEC §10). `oauth_config` is the credential's public configuration
  (grant type, authorize and token URLs, client id, scopes, extra authorize parameters, token
  endpoint auth method); the application binds it into the ciphertext's AAD like `allowed_hosts`,
  so an edit here without storing the credential again makes the row undecryptable. The sealed
  value of such a credential is a JSON document holding the client secret and the current tokens.

  `oauth_status` (pending, connected, needs_reauth), `expires_at` (of the access token) and
  `scopes` (as granted) are metadata members read. `token_version` counts token changes: a refresh
  replaces the ciphertext only `where token_version = <the version it read>`, so a rotated refresh
  token is stored atomically and never over a newer one. `refresh_holder`/`refresh_until` are the
  refresh lease: one refresh per credential at a time, across runs and isolates, with no
  transaction held across the HTTP call (whoever holds an unexpired lease refreshes; the others
  wait for `token_version` to move).

  Members (owners and admins, through the existing policies) write only `oauth_config` with the
  value; whenever they store a value or a configuration, the token state is reset by a trigger
  (`pending`, no expiry, no scopes, a new token_version). Only service_role (the OAuth callback,
  the runners) sets tokens, status, expiry, scopes and the lease; the key rotation script (the
  database owner) re-seals the same tokens and keeps the state.
*/
alter table connectors.workspace_api_credentials
  add column oauth_config jsonb,
  add column oauth_status text
    constraint workspace_api_credentials_oauth_status_check
    check (oauth_status in ('pending', 'connected', 'needs_reauth')),
  add column expires_at timestamptz,
  add column scopes text[],
  add column token_version bigint not null default 0,
  add column refresh_holder uuid,
  add column refresh_until timestamptz,
  add constraint workspace_api_credentials_oauth_check check (
    (oauth_config is null) = (oauth_status is null)
    and (oauth_config is null
         or (auth_type = 'oauth2' and jsonb_typeof(oauth_config) = 'object'))
  );

create function connectors.reset_oauth_token_state()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- Only a member's write resets: service_role (callback, runners) and the owner role (the key
  -- rotation script re-seals the same tokens) keep the token state they write or hold.
  if current_user <> 'authenticated' then
    if new.oauth_config is null then
      new.oauth_status := null;
    elsif new.oauth_status is null then
      new.oauth_status := 'pending';
    end if;
    return new;
  end if;
  new.oauth_status := case when new.oauth_config is null then null else 'pending' end;
  new.expires_at := null;
  new.scopes := null;
  new.refresh_holder := null;
  new.refresh_until := null;
  new.token_version := case when tg_op = 'UPDATE' then old.token_version + 1 else 0 end;
  return new;
end;
$$;

revoke execute on function connectors.reset_oauth_token_state() from public, anon, authenticated;

create trigger workspace_api_credentials_reset_oauth
  before insert or update of ciphertext, oauth_config
  on connectors.workspace_api_credentials
  for each row execute function connectors.reset_oauth_token_state();

grant select (oauth_config, oauth_status, expires_at, scopes)
  on table connectors.workspace_api_credentials to authenticated;
grant insert (oauth_config)
  on table connectors.workspace_api_credentials to authenticated;
grant update (oauth_config)
  on table connectors.workspace_api_credentials to authenticated;
