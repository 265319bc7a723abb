/*
  The audit log cannot be forged with a user's token (SPEC §3): `authenticated` may no longer
  insert into it. Rows are written by the database itself — by triggers on the audited tables
  for every write made under a user's claims, and by connectors.record_dry_run for the one
  audited action that writes no row — always with actor_id = auth.uid().
  Writes without a user (service_role bookkeeping: dispatch, claims, counters; the database
  owner: migrations, seeds, key rotation) and writes cascaded from another statement (a deleted
  template unlinking connectors, a deleted workspace) are not logged: nobody acted on them, or
  the statement that caused them is logged already.
*/
revoke insert on table connectors.audit_log from authenticated;
drop policy "Members can append to their workspace's audit log" on connectors.audit_log;

-- One row, unless the workspace is gone (rows written while it is being deleted would dangle).
create function connectors.write_audit(
  ws uuid,
  action text,
  target_type text,
  target_id text,
  metadata jsonb
)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into connectors.audit_log (workspace_id, actor_id, action, target_type, target_id, metadata)
  select ws, (select auth.uid()), action, target_type, target_id, coalesce(metadata, '{}'::jsonb)
  where exists (select 1 from connectors.workspaces w where w.id = ws)
$$;

revoke execute on function connectors.write_audit(uuid, text, text, text, jsonb)
  from public, anon, authenticated;

-- Columns whose value differs between two versions of a row, bookkeeping columns left out.
create function connectors.changed_columns(old_row jsonb, new_row jsonb, ignored text[])
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select coalesce(jsonb_agg(k order by k), '[]'::jsonb)
  from jsonb_object_keys(new_row) k
  where not (k = any (ignored))
    and old_row -> k is distinct from new_row -> k
$$;

revoke execute on function connectors.changed_columns(jsonb, jsonb, text[])
  from public, anon, authenticated;

/*
  The audit trigger of every audited table. Security definer to write audit_log, which the
  caller may not; it reads only the rows it was handed and template slugs.
*/
create function connectors.audit_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  row_old jsonb;
  row_new jsonb;
  subject jsonb;
  fields jsonb;
begin
  if (select auth.uid()) is null or pg_trigger_depth() > 1 then
    return null;
  end if;
  row_old := case when tg_op <> 'INSERT' then to_jsonb(old) end;
  row_new := case when tg_op <> 'DELETE' then to_jsonb(new) end;
  subject := coalesce(row_new, row_old);

  -- An update that changed only bookkeeping (counters, last use, timestamps) is not an edit.
  if tg_op = 'UPDATE' then
    fields := connectors.changed_columns(row_old, row_new, case tg_table_name
      when 'connectors' then
        array['execution_count', 'success_count', 'failure_count', 'last_executed_at', 'updated_at']
      when 'connector_templates' then
        array['install_count', 'rating_avg', 'rating_count', 'updated_at']
      when 'workspace_api_credentials' then array['last_used_at', 'updated_at']
      else array['updated_at']
    end);
    if fields = '[]'::jsonb then
      return null;
    end if;
  end if;

  if tg_table_name = 'connectors' then
    if tg_op = 'INSERT' and row_new ->> 'template_id' is not null then
      perform connectors.write_audit(
        (row_new ->> 'workspace_id')::uuid, 'template.install', 'template',
        row_new ->> 'template_id',
        jsonb_build_object(
          'connectorId', row_new -> 'id', 'name', row_new -> 'name',
          'version', row_new -> 'template_version',
          'slug', (select t.slug from connectors.connector_templates t
                   where t.id = (row_new ->> 'template_id')::uuid)));
    elsif tg_op = 'INSERT' then
      perform connectors.write_audit(
        (row_new ->> 'workspace_id')::uuid, 'connector.create', 'connector', row_new ->> 'id',
        jsonb_build_object('name', row_new -> 'name'));
    elsif tg_op = 'UPDATE' then
      if row_old -> 'template_id' = row_new -> 'template_id'
        and row_old -> 'template_version' is distinct from row_new -> 'template_version' then
        perform connectors.write_audit(
          (row_new ->> 'workspace_id')::uuid, 'connector.upgrade', 'connector', row_new ->> 'id',
          jsonb_build_object(
            'templateId', row_new -> 'template_id', 'fromVersion', row_old -> 'template_version',
            'toVersion', row_new -> 'template_version'));
      else
        perform connectors.write_audit(
          (row_new ->> 'workspace_id')::uuid, 'connector.update', 'connector', row_new ->> 'id',
          jsonb_build_object('fields', fields));
      end if;
    else
      perform connectors.write_audit(
        (row_old ->> 'workspace_id')::uuid, 'connector.delete', 'connector', row_old ->> 'id',
        jsonb_build_object('name', row_old -> 'name'));
    end if;

  elsif tg_table_name = 'workspace_api_credentials' then
    if tg_op = 'DELETE' then
      perform connectors.write_audit(
        (row_old ->> 'workspace_id')::uuid, 'credential.delete', 'credential', row_old ->> 'name',
        jsonb_build_object('name', row_old -> 'name'));
    else
      -- Never the ciphertext: names, hosts, placement rules and which columns changed.
      perform connectors.write_audit(
        (row_new ->> 'workspace_id')::uuid, 'credential.put', 'credential', row_new ->> 'name',
        jsonb_strip_nulls(jsonb_build_object(
          'name', row_new -> 'name', 'allowedHosts', row_new -> 'allowed_hosts',
          'placements', row_new -> 'placements', 'queryParam', row_new -> 'query_param',
          'replaced', tg_op = 'UPDATE', 'fields', fields)));
    end if;

  elsif tg_table_name = 'connector_executions' then
    if tg_op = 'INSERT' then
      perform connectors.write_audit(
        (row_new ->> 'workspace_id')::uuid, 'execution.start', 'execution', row_new ->> 'id',
        jsonb_strip_nulls(jsonb_build_object(
          'connectorId', row_new -> 'connector_id', 'contactId', row_new -> 'contact_id',
          'idempotencyKey', row_new -> 'idempotency_key')));
    elsif row_new ->> 'status' = 'cancelled' and row_old ->> 'status' in ('queued', 'running') then
      perform connectors.write_audit(
        (row_new ->> 'workspace_id')::uuid, 'execution.cancel', 'execution', row_new ->> 'id',
        jsonb_build_object(
          'connectorId', row_new -> 'connector_id', 'previousStatus', row_old -> 'status'));
    end if;

  elsif tg_table_name = 'connector_templates' then
    -- Templates of a workspace (community ones) go into that workspace's log, whoever acted:
    -- a saas admin's review, feature or delete is seen by the publishing workspace.
    if subject ->> 'owner_workspace_id' is null then
      return null;
    end if;
    if tg_op = 'INSERT' then
      perform connectors.write_audit(
        (row_new ->> 'owner_workspace_id')::uuid, 'template.publish', 'template', row_new ->> 'id',
        jsonb_build_object('slug', row_new -> 'slug', 'visibility', row_new -> 'visibility',
                           'review', row_new -> 'review'));
    elsif tg_op = 'UPDATE' then
      perform connectors.write_audit(
        (row_new ->> 'owner_workspace_id')::uuid,
        case
          when row_old -> 'review' is distinct from row_new -> 'review'
            and connectors.is_saas_admin() then 'template.review'
          when row_old -> 'is_featured' is distinct from row_new -> 'is_featured'
            or row_old -> 'is_official' is distinct from row_new -> 'is_official'
            then 'template.feature'
          else 'template.update'
        end,
        'template', row_new ->> 'id',
        jsonb_build_object('slug', row_new -> 'slug', 'fields', fields,
                           'review', row_new -> 'review', 'isFeatured', row_new -> 'is_featured',
                           'bySaasAdmin', connectors.is_saas_admin()));
    else
      perform connectors.write_audit(
        (row_old ->> 'owner_workspace_id')::uuid, 'template.delete', 'template', row_old ->> 'id',
        jsonb_build_object('slug', row_old -> 'slug', 'bySaasAdmin', connectors.is_saas_admin()));
    end if;

  elsif tg_table_name = 'workspace_members' then
    perform connectors.write_audit(
      (subject ->> 'workspace_id')::uuid,
      case tg_op when 'INSERT' then 'member.add' when 'UPDATE' then 'member.update'
                 else 'member.remove' end,
      'member', subject ->> 'user_id',
      jsonb_strip_nulls(jsonb_build_object(
        'role', subject -> 'role', 'previousRole', row_old -> 'role')));

  elsif tg_table_name = 'workspaces' then
    perform connectors.write_audit(
      (row_new ->> 'id')::uuid, 'workspace.update', 'workspace', row_new ->> 'id',
      jsonb_build_object('name', row_new -> 'name'));
  end if;
  return null;
end;
$$;

revoke execute on function connectors.audit_change() from public, anon, authenticated;

-- Every table's writes; updates of bookkeeping columns only are skipped inside.
create trigger audit_change
  after insert or update or delete on connectors.connectors
  for each row execute function connectors.audit_change();

create trigger audit_change
  after insert or update or delete on connectors.workspace_api_credentials
  for each row execute function connectors.audit_change();

create trigger audit_change
  after insert or update of status on connectors.connector_executions
  for each row execute function connectors.audit_change();

create trigger audit_change
  after insert or update or delete on connectors.connector_templates
  for each row execute function connectors.audit_change();

create trigger audit_change
  after insert or update or delete on connectors.workspace_members
  for each row execute function connectors.audit_change();

create trigger audit_change
  after update on connectors.workspaces
  for each row execute function connectors.audit_change();

/*
  A dry run (POST …/connectors/:id/test) sends the workspace's credentials but writes no row, so
  the worker records it here before sending: one `connector.test` audit row with the caller as
  actor, and `last_used_at` of the credentials it is about to use. Only for a connector of a
  workspace the caller belongs to; credential names outside that workspace match nothing.
*/
create function connectors.record_dry_run(ws uuid, connector uuid, credentials text[])
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if (select auth.uid()) is null or not connectors.is_workspace_member(ws)
    or not exists (
      select 1 from connectors.connectors c where c.workspace_id = ws and c.id = connector) then
    raise exception 'no such connector in a workspace of the caller' using errcode = '42501';
  end if;
  perform connectors.write_audit(
    ws, 'connector.test', 'connector', connector::text,
    jsonb_build_object('credentials', to_jsonb(coalesce(credentials, '{}'::text[]))));
  update connectors.workspace_api_credentials
  set last_used_at = now()
  where workspace_id = ws and name = any (coalesce(credentials, '{}'::text[]));
end;
$$;

revoke execute on function connectors.record_dry_run(uuid, uuid, text[]) from public, anon;
grant execute on function connectors.record_dry_run(uuid, uuid, text[])
  to authenticated, service_role;
