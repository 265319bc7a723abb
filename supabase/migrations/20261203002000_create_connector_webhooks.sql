/*
  Signed inbound webhooks (README "Webhooks"): another system starts a connector by POSTing a
  delivery signed with the hook's secret. The secret is sealed by the application like a
  credential (AES-256-GCM, AAD bound to the workspace, the hook id and its purpose), so a
  ciphertext opens for this hook only and never as a credential. During a rotation's hour the
  replaced secret stays valid until `previous_expires_at`. `authenticated` may write the sealed
  columns but never read them back (left out of its SELECT grant); deliveries read them as
  service_role, which also records `last_delivery_at`. Members list hooks; owners and admins
  create, rotate and delete them.
*/
create table connectors.connector_webhooks (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references connectors.workspaces (id) on delete cascade,
  connector_id uuid not null,
  description text check (char_length(description) <= 500),
  contact_id_path text check (char_length(contact_id_path) between 1 and 1024),
  secret_ciphertext text not null check (char_length(secret_ciphertext) > 0),
  secret_key_version integer not null check (secret_key_version > 0),
  previous_secret_ciphertext text,
  previous_key_version integer check (previous_key_version > 0),
  previous_expires_at timestamptz,
  rotated_at timestamptz,
  last_delivery_at timestamptz,
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, id),
  foreign key (workspace_id, connector_id)
    references connectors.connectors (workspace_id, id) on delete cascade,
  check ((previous_secret_ciphertext is null) = (previous_key_version is null)
    and (previous_secret_ciphertext is null) = (previous_expires_at is null))
);

create index connector_webhooks_connector_idx
  on connectors.connector_webhooks (workspace_id, connector_id, created_at desc, id desc);

-- Deliveries touch last_delivery_at only: that is not an edit of the hook.
create trigger set_updated_at
  before update of description, contact_id_path, secret_ciphertext, previous_secret_ciphertext
  on connectors.connector_webhooks
  for each row execute function connectors.set_updated_at();

/*
  A user's rotation keeps the replaced secret for exactly one hour: the database moves it to the
  previous_* columns (which users can neither read nor write), so no request can stretch the
  overlap. Only `authenticated` is steered; the key-rotation script re-seals in place.
*/
create function connectors.keep_previous_webhook_secret()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user = 'authenticated'
    and new.secret_ciphertext is distinct from old.secret_ciphertext then
    new.previous_secret_ciphertext := old.secret_ciphertext;
    new.previous_key_version := old.secret_key_version;
    new.previous_expires_at := now() + interval '1 hour';
    new.rotated_at := now();
  end if;
  return new;
end;
$$;

revoke execute on function connectors.keep_previous_webhook_secret()
  from public, anon, authenticated;

create trigger keep_previous_webhook_secret
  before update of secret_ciphertext on connectors.connector_webhooks
  for each row execute function connectors.keep_previous_webhook_secret();

alter table connectors.connector_webhooks enable row level security;

revoke all on table connectors.connector_webhooks from public, anon, authenticated;
-- Every column but the sealed secrets and their key versions.
grant select (
  id, workspace_id, connector_id, description, contact_id_path, previous_expires_at,
  rotated_at, last_delivery_at, created_by, created_at, updated_at
) on table connectors.connector_webhooks to authenticated;
grant insert (
  id, workspace_id, connector_id, description, contact_id_path, secret_ciphertext,
  secret_key_version
) on table connectors.connector_webhooks to authenticated;
grant update (secret_ciphertext, secret_key_version)
  on table connectors.connector_webhooks to authenticated;
grant delete on table connectors.connector_webhooks to authenticated;
grant select, insert, update, delete on table connectors.connector_webhooks to service_role;

create policy "Members can read their workspace's webhooks"
  on connectors.connector_webhooks for select
  to authenticated
  using (workspace_id in (select connectors.user_workspace_ids()));

create policy "Owners and admins can create webhooks"
  on connectors.connector_webhooks for insert
  to authenticated
  with check (workspace_id in (select connectors.user_workspace_ids(array['owner', 'admin'])));

create policy "Owners and admins can rotate webhook secrets"
  on connectors.connector_webhooks for update
  to authenticated
  using (workspace_id in (select connectors.user_workspace_ids(array['owner', 'admin'])))
  with check (workspace_id in (select connectors.user_workspace_ids(array['owner', 'admin'])));

create policy "Owners and admins can delete webhooks"
  on connectors.connector_webhooks for delete
  to authenticated
  using (workspace_id in (select connectors.user_workspace_ids(array['owner', 'admin'])));

/*
  Audit rows for a user's create, rotate and delete (never a secret). A function of its own
  rather than another branch of connectors.audit_change, so this table's auditing lands without
  rewriting the shared one. A delivery's start is logged by audit_webhook_start below.
*/
create function connectors.audit_webhook_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if (select auth.uid()) is null or pg_trigger_depth() > 1 then
    return null;
  end if;
  if tg_op = 'INSERT' then
    perform connectors.write_audit(
      new.workspace_id, 'webhook.create', 'webhook', new.id::text,
      jsonb_strip_nulls(jsonb_build_object(
        'connectorId', new.connector_id, 'description', new.description,
        'contactIdPath', new.contact_id_path)));
  elsif tg_op = 'UPDATE' then
    if new.secret_ciphertext is distinct from old.secret_ciphertext then
      perform connectors.write_audit(
        new.workspace_id, 'webhook.rotate', 'webhook', new.id::text,
        jsonb_strip_nulls(jsonb_build_object(
          'connectorId', new.connector_id, 'previousExpiresAt', new.previous_expires_at)));
    end if;
  else
    perform connectors.write_audit(
      old.workspace_id, 'webhook.delete', 'webhook', old.id::text,
      jsonb_build_object('connectorId', old.connector_id));
  end if;
  return null;
end;
$$;

revoke execute on function connectors.audit_webhook_change() from public, anon, authenticated;

create trigger audit_webhook_change
  after insert or update or delete on connectors.connector_webhooks
  for each row execute function connectors.audit_webhook_change();

/*
  An execution a delivery starts sends the workspace's credentials with no user present, so it
  is logged as `execution.start` with no actor and the hook it came through (the delivery's key
  is `webhook:<hook id>:<t>:<signature>`). Other starts are logged by connectors.audit_change.
*/
create function connectors.audit_webhook_start()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform connectors.write_audit(
    new.workspace_id, 'execution.start', 'execution', new.id::text,
    jsonb_strip_nulls(jsonb_build_object(
      'connectorId', new.connector_id, 'contactId', new.contact_id, 'trigger', new.trigger,
      'webhookId', split_part(new.idempotency_key, ':', 2))));
  return null;
end;
$$;

revoke execute on function connectors.audit_webhook_start() from public, anon, authenticated;

create trigger audit_webhook_start
  after insert on connectors.connector_executions
  for each row when (new.trigger = 'webhook')
  execute function connectors.audit_webhook_start();
