-- Structural guarantees that must hold for every table, including tables added later.
begin;
create extension if not exists pgtap;
select plan(59);

select tables_are(
  'connectors',
  array[
    'workspaces', 'workspace_members', 'contacts', 'connectors', 'connector_executions',
    'connector_templates', 'template_ratings', 'workspace_api_credentials', 'audit_log',
    'saas_admin_users', 'template_installs', 'connector_schedules', 'connector_webhooks',
    'execution_batches', 'oauth_states'
  ],
  'schema connectors holds exactly the tables of docs/ARCHITECTURE.md'
);

-- RLS -------------------------------------------------------------------------

select is_empty(
  $$ select c.relname::text from pg_class c
     where c.relnamespace = 'connectors'::regnamespace and c.relkind in ('r', 'p')
       and not c.relrowsecurity $$,
  'every table in connectors has row level security enabled'
);

select is_empty(
  $$ select c.relname::text from pg_class c
     where c.relnamespace = 'connectors'::regnamespace and c.relkind in ('r', 'p')
       and not exists (select 1 from pg_policies p
                       where p.schemaname = 'connectors' and p.tablename = c.relname) $$,
  'every table in connectors has at least one policy'
);

select is_empty(
  $$ select tablename || ': ' || policyname from pg_policies
     where schemaname = 'connectors' and cmd in ('INSERT', 'UPDATE', 'ALL') and with_check is null $$,
  'every insert/update policy has a WITH CHECK'
);

select is_empty(
  $$ select tablename || ': ' || policyname from pg_policies
     where schemaname = 'connectors' and roles <> '{authenticated}' $$,
  'every policy applies to authenticated only'
);

select is_empty(
  $$ select tablename || ': ' || policyname from pg_policies
     where schemaname = 'connectors' and cmd = 'ALL' $$,
  'one policy per operation: no FOR ALL policies'
);

select is_empty(
  $$ select tablename || ': ' || policyname from pg_policies
     where schemaname = 'connectors' and permissive <> 'PERMISSIVE' $$,
  'no restrictive policies hide an intent'
);

select is_empty(
  $$ select tablename || ': ' || policyname from pg_policies
     where schemaname = 'connectors'
       and regexp_count(coalesce(qual, '') || coalesce(with_check, ''), 'auth\.uid\(\)')
         <> regexp_count(coalesce(qual, '') || coalesce(with_check, ''), 'SELECT auth\.uid\(\)') $$,
  'policies call auth.uid() through (select auth.uid())'
);

-- Privileges --------------------------------------------------------------------

select is_empty(
  $$ select c.relname::text from pg_class c
     where c.relnamespace = 'connectors'::regnamespace and c.relkind in ('r', 'p')
       and (has_table_privilege('anon', c.oid, 'SELECT,INSERT,UPDATE,DELETE,TRUNCATE,REFERENCES,TRIGGER')
            or has_any_column_privilege('anon', c.oid, 'SELECT,INSERT,UPDATE,REFERENCES')) $$,
  'anon has no privilege on any table'
);

select is_empty(
  $$ select c.relname::text from pg_class c
     where c.relnamespace = 'connectors'::regnamespace and c.relkind in ('r', 'p')
       and has_table_privilege('authenticated', c.oid, 'TRUNCATE,REFERENCES,TRIGGER') $$,
  'authenticated cannot truncate, reference or add triggers to any table'
);

select is_empty(
  $$ select c.relname::text from pg_class c
     where c.relnamespace = 'connectors'::regnamespace and c.relkind in ('r', 'p')
       and not has_table_privilege('service_role', c.oid, 'SELECT,INSERT,UPDATE,DELETE') $$,
  'service_role can select, insert, update and delete every table'
);

select ok(
  not has_column_privilege('authenticated', 'connectors.workspace_api_credentials', 'ciphertext', 'SELECT'),
  'authenticated cannot select workspace_api_credentials.ciphertext'
);

select ok(
  not has_table_privilege('authenticated', 'connectors.workspace_api_credentials', 'SELECT'),
  'authenticated has no table-wide SELECT on workspace_api_credentials (only a column list)'
);

select ok(
  not has_column_privilege('authenticated', 'connectors.connector_webhooks', 'secret_ciphertext', 'SELECT')
  and not has_column_privilege('authenticated', 'connectors.connector_webhooks', 'previous_secret_ciphertext', 'SELECT'),
  'authenticated cannot select connector_webhooks secrets'
);

select ok(
  not has_table_privilege('authenticated', 'connectors.connector_webhooks', 'SELECT'),
  'authenticated has no table-wide SELECT on connector_webhooks (only a column list)'
);

select ok(
  not has_table_privilege('service_role', 'connectors.audit_log', 'TRUNCATE'),
  'service_role cannot truncate the append-only audit_log'
);

select is_empty(
  $$ select c.relname || '.' || a.attname from pg_class c
     join pg_attribute a on a.attrelid = c.oid and a.attname = 'workspace_id'
     where c.relnamespace = 'connectors'::regnamespace and c.relkind = 'r'
       and has_column_privilege('authenticated', c.oid, a.attnum, 'UPDATE') $$,
  'authenticated can update workspace_id of no table'
);

select is_empty(
  $$ select col from unnest(array[
       'connectors.connectors.execution_count', 'connectors.connectors.success_count',
       'connectors.connectors.failure_count', 'connectors.connectors.last_executed_at',
       'connectors.connectors.created_by',
       'connectors.connector_templates.install_count', 'connectors.connector_templates.rating_avg',
       'connectors.connector_templates.rating_count', 'connectors.connector_templates.owner_workspace_id',
       'connectors.connector_executions.output', 'connectors.connector_executions.step_results',
       'connectors.connector_executions.attempts', 'connectors.connector_executions.created_by',
       'connectors.connector_executions.run_id', 'connectors.connector_executions.runner',
       'connectors.connector_executions.claimed_at', 'connectors.connector_executions.definition',
       'connectors.connector_executions.error', 'connectors.connector_executions.started_at',
       'connectors.connector_executions.finished_at',
       'connectors.connector_executions.lease_id', 'connectors.connector_executions.heartbeat_at',
       'connectors.connector_executions.step_taint',
       'connectors.connector_executions.redispatches',
       'connectors.connector_executions.dispatched_at',
       'connectors.connector_executions.sweep_lease_until',
       'connectors.workspace_api_credentials.last_used_at',
       'connectors.workspace_api_credentials.created_by', 'connectors.workspace_api_credentials.name',
       'connectors.workspace_members.user_id', 'connectors.template_ratings.user_id',
       'connectors.template_ratings.template_id',
       'connectors.connector_webhooks.connector_id', 'connectors.connector_webhooks.created_by',
       'connectors.connector_webhooks.last_delivery_at'
     ]) col
     where has_column_privilege('authenticated',
       regexp_replace(col, '\.[a-z_]+$', ''), regexp_replace(col, '^.*\.', ''), 'UPDATE') $$,
  'authenticated cannot update counters, ownership, keys or runner-only columns'
);

-- Helper functions ----------------------------------------------------------------

select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p
     where p.pronamespace in ('connectors'::regnamespace, 'auth'::regnamespace) and p.prosecdef
       and not exists (select 1 from unnest(p.proconfig) c where c = 'search_path=""') $$,
  'every security definer function pins search_path to empty'
);

select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p
     where p.pronamespace = 'connectors'::regnamespace and p.prosecdef
       and has_function_privilege('anon', p.oid, 'EXECUTE') $$,
  'anon cannot execute any security definer function'
);

select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p
     where p.pronamespace = 'connectors'::regnamespace and p.prorettype = 'trigger'::regtype
       and (has_function_privilege('authenticated', p.oid, 'EXECUTE')
            or has_function_privilege('anon', p.oid, 'EXECUTE')) $$,
  'API roles cannot execute trigger functions directly'
);

select ok(
  has_function_privilege('authenticated', 'connectors.is_workspace_member(uuid)', 'EXECUTE')
  and has_function_privilege('authenticated', 'connectors.has_workspace_role(uuid, text[])', 'EXECUTE')
  and has_function_privilege('authenticated', 'connectors.user_workspace_ids(text[])', 'EXECUTE')
  and has_function_privilege('authenticated', 'connectors.is_saas_admin()', 'EXECUTE'),
  'authenticated can execute the membership helpers'
);

select is_definer('connectors', 'is_workspace_member', array['uuid'], 'is_workspace_member is security definer');
select is_definer('connectors', 'has_workspace_role', array['uuid', 'text[]'], 'has_workspace_role is security definer');
select is_definer('connectors', 'user_workspace_ids', array['text[]'], 'user_workspace_ids is security definer');
select is_definer('connectors', 'is_saas_admin', array[]::text[], 'is_saas_admin is security definer');

select is_empty(
  $$ select p.proname::text from pg_proc p
     where p.pronamespace = 'connectors'::regnamespace
       and p.proname in ('is_workspace_member', 'has_workspace_role', 'user_workspace_ids', 'is_saas_admin')
       and p.provolatile <> 's' $$,
  'membership helpers are stable'
);

select ok(
  has_function_privilege('connectors_api', 'connectors.claim_execution(uuid, text, text, double precision, integer)', 'EXECUTE')
  and not has_function_privilege('authenticated', 'connectors.claim_execution(uuid, text, text, double precision, integer)', 'EXECUTE')
  and not has_function_privilege('anon', 'connectors.claim_execution(uuid, text, text, double precision, integer)', 'EXECUTE'),
  'only the login role (and service_role) may claim an execution'
);

-- Indexes and keys ----------------------------------------------------------------

select is_empty(
  $$ select c.relname::text from pg_class c
     join pg_attribute a on a.attrelid = c.oid and a.attname = 'workspace_id' and not a.attisdropped
     where c.relnamespace = 'connectors'::regnamespace and c.relkind = 'r'
       and not exists (select 1 from pg_index i where i.indrelid = c.oid and i.indkey[0] = a.attnum) $$,
  'every workspace_id column leads an index'
);

select is_empty(
  $$ select c.relname::text from pg_class c
     where c.relnamespace = 'connectors'::regnamespace and c.relkind = 'r'
       -- Keyed by what they belong to, and never the target of a key.
       and c.relname not in ('workspace_members', 'template_installs', 'connector_schedules')
       and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'workspace_id')
       and not exists (
         select 1 from pg_constraint k
         where k.conrelid = c.oid and k.contype in ('u', 'p')
           and (select array_agg(attname order by attname) from pg_attribute
                where attrelid = c.oid and attnum = any (k.conkey)) = array['id', 'workspace_id']::name[]) $$,
  'every workspace-scoped table is the target of composite (workspace_id, id) keys'
);

select is_empty(
  $$ select c.relname::text from pg_class c
     join pg_attribute a on a.attrelid = c.oid and a.attname = 'updated_at' and not a.attisdropped
     where c.relnamespace = 'connectors'::regnamespace and c.relkind = 'r'
       and not exists (select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgname = 'set_updated_at') $$,
  'every table with updated_at keeps it with the set_updated_at trigger'
);

select has_index('connectors', 'workspace_members', 'workspace_members_user_id_idx', 'workspace_members(user_id) is indexed');
select has_index('connectors', 'template_ratings', 'template_ratings_user_id_idx', 'template_ratings(user_id) is indexed');
select has_index('connectors', 'connector_executions', 'connector_executions_connector_id_created_at_idx', 'execution history is indexed');
select has_index('connectors', 'connector_executions', 'connector_executions_sweeper_idx', 'the sweeper has its index');
select has_index('connectors', 'connector_executions', 'connector_executions_idempotency_key_idx', 'idempotency keys are unique');

-- Exact column names the API codes against ------------------------------------------

select columns_are('connectors', 'workspaces',
  array['id', 'name', 'created_at', 'updated_at'], 'workspaces columns');
select columns_are('connectors', 'workspace_members',
  array['workspace_id', 'user_id', 'role', 'created_at', 'updated_at'], 'workspace_members columns');
select columns_are('connectors', 'contacts',
  array['id', 'workspace_id', 'email', 'first_name', 'last_name', 'phone', 'company',
        'custom_fields', 'created_at', 'updated_at'], 'contacts columns');
select columns_are('connectors', 'connectors',
  array['id', 'workspace_id', 'name', 'description', 'definition', 'template_id',
        'template_version', 'status', 'execution_count', 'success_count', 'failure_count',
        'last_executed_at', 'created_by', 'created_at', 'updated_at'], 'connectors columns');
select columns_are('connectors', 'connector_executions',
  array['id', 'workspace_id', 'connector_id', 'definition', 'status', 'input', 'output',
        'step_results', 'error', 'attempts', 'runner', 'run_id', 'claimed_at',
        'idempotency_key', 'contact_id', 'created_by', 'queued_at', 'started_at',
        'finished_at', 'duration_ms', 'created_at', 'updated_at', 'mapping_skipped',
        'lease_id', 'heartbeat_at', 'step_taint', 'redispatches', 'dispatched_at',
        'sweep_lease_until', 'trigger', 'batch_id', 'replay_of'],
  'connector_executions columns');
select columns_are('connectors', 'connector_templates',
  array['id', 'slug', 'name', 'description', 'category', 'definition', 'required_credentials',
        'is_official', 'is_featured', 'visibility', 'review', 'owner_workspace_id', 'version',
        'install_count', 'rating_avg', 'rating_count', 'created_by', 'created_at', 'updated_at'],
  'connector_templates columns');
select columns_are('connectors', 'template_ratings',
  array['template_id', 'user_id', 'rating', 'review', 'created_at', 'updated_at'],
  'template_ratings columns');
select columns_are('connectors', 'workspace_api_credentials',
  array['id', 'workspace_id', 'name', 'provider', 'auth_type', 'ciphertext', 'key_version',
        'allowed_hosts', 'placements', 'query_param', 'created_by', 'created_at', 'updated_at',
        'last_used_at', 'oauth_config', 'oauth_status', 'expires_at', 'scopes', 'token_version',
        'refresh_holder', 'refresh_until'],
  'workspace_api_credentials columns');
select columns_are('connectors', 'audit_log',
  array['id', 'workspace_id', 'actor_id', 'action', 'target_type', 'target_id', 'metadata',
        'created_at'], 'audit_log columns');
select columns_are('connectors', 'saas_admin_users',
  array['user_id', 'role', 'permissions', 'created_at', 'updated_at'], 'saas_admin_users columns');
select columns_are('connectors', 'template_installs',
  array['template_id', 'workspace_id', 'first_installed_at'], 'template_installs columns');
select columns_are('connectors', 'connector_schedules',
  array['connector_id', 'workspace_id', 'cron', 'timezone', 'input', 'contact_id', 'enabled',
        'next_run_at', 'last_run_at', 'last_execution_id', 'created_by', 'created_at',
        'updated_at'], 'connector_schedules columns');
select columns_are('connectors', 'connector_webhooks',
  array['id', 'workspace_id', 'connector_id', 'description', 'contact_id_path',
        'secret_ciphertext', 'secret_key_version', 'previous_secret_ciphertext',
        'previous_key_version', 'previous_expires_at', 'rotated_at', 'last_delivery_at',
        'created_by', 'created_at', 'updated_at'], 'connector_webhooks columns');
select columns_are('connectors', 'execution_batches',
  array['id', 'workspace_id', 'connector_id', 'total', 'idempotency_key', 'request_hash',
        'created_by', 'created_at', 'cancelled_at', 'cancelled_by'],
  'execution_batches columns');
select columns_are('connectors', 'oauth_states',
  array['id', 'workspace_id', 'credential_id', 'user_id', 'binding', 'sealed_verifier',
        'key_version', 'redirect_uri', 'return_to', 'expires_at', 'used_at', 'created_at'],
  'oauth_states columns');

-- Roles (the compatibility layer locally; Supabase itself in production) ---------------

-- The API's own login role (Supabase reserves `authenticator`): it logs in, then must switch.
select ok(
  (select rolcanlogin and not rolinherit and not rolsuper and not rolbypassrls
     and not rolcreaterole and not rolcreatedb
   from pg_roles where rolname = 'connectors_api'),
  'connectors_api is a NOINHERIT login role with no other attribute'
);
select ok(
  pg_has_role('connectors_api', 'authenticated', 'member')
  and pg_has_role('connectors_api', 'service_role', 'member')
  and not pg_has_role('connectors_api', 'anon', 'member')
  and not pg_has_role('connectors_api', 'authenticator', 'member'),
  'connectors_api can switch to authenticated and service_role, and to nothing else'
);
select is_empty(
  $$ select c.relname::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'connectors' and c.relkind in ('r', 'v', 'S')
       and (has_table_privilege('connectors_api', c.oid, 'select')
         or has_table_privilege('connectors_api', c.oid, 'insert')) $$,
  'connectors_api reads or writes nothing before it switches role'
);
select ok(
  (select rolbypassrls from pg_roles where rolname = 'service_role')
  and not (select rolbypassrls from pg_roles where rolname = 'authenticated')
  and not (select rolbypassrls from pg_roles where rolname = 'anon'),
  'only service_role bypasses RLS'
);
select is_empty(
  $$ select r.rolname::text from pg_roles r
     where r.rolname in ('connectors_api', 'authenticator', 'anon', 'authenticated')
       and not exists (
         select 1 from pg_db_role_setting s
         where s.setrole = r.oid and s.setdatabase = 0
           and exists (select 1 from unnest(s.setconfig) c where c like 'statement_timeout=%')) $$,
  'connectors_api, authenticator, anon and authenticated have a statement_timeout'
);

-- The Data API exposes schema public: nothing of the product may live there -------

select is_empty(
  $$ select c.relname::text from pg_class c
     where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
       and not exists (select 1 from pg_depend d
                       where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e') $$,
  'no table, view or sequence of the product is left in schema public'
);

select is_empty(
  $$ select p.proname::text from pg_proc p
     where p.pronamespace = 'public'::regnamespace
       and not exists (select 1 from pg_depend d
                       where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e') $$,
  'no function of the product is left in schema public'
);

select ok(
  not has_schema_privilege('anon', 'connectors', 'USAGE'),
  'anon cannot even look up names in schema connectors'
);

select * from finish();
rollback;
