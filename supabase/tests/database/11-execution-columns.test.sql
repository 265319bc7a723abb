-- docs/RELIABILITY.md: the sealed tainted values and the lease bookkeeping of an execution are
-- the runner's; a member reads every other column (what the API shows), never these.
begin;
create extension if not exists pgtap;
select plan(14);

-- Shared helpers (tests.login_as, tests.affected, …) and the users and workspaces.
\ir ../helpers/fixtures.psql

insert into connectors (id, workspace_id, name, definition) values
  ('c0000000-0000-0000-0000-00000000000a', tests.ws('A'), 'conn A', '{"steps": [{"id": "s1"}]}');
insert into connector_executions
  (id, workspace_id, connector_id, definition, status, created_by, lease_id, heartbeat_at,
   step_taint, sweep_lease_until)
values
  ('f0000000-0000-0000-0000-00000000000a', tests.ws('A'), 'c0000000-0000-0000-0000-00000000000a',
   '{}', 'running', tests.uid('alice'), gen_random_uuid(), now(),
   '{"s1": {"taint": ["tok"], "ciphertext": "sealed", "keyVersion": 1}}', now());

-- Privileges -------------------------------------------------------------------------------

select column_privs_are('connectors', 'connector_executions', 'step_taint', 'authenticated',
  array[]::name[], 'authenticated has no privilege on step_taint');
select column_privs_are('connectors', 'connector_executions', 'lease_id', 'authenticated',
  array[]::name[], 'authenticated has no privilege on lease_id');
select column_privs_are('connectors', 'connector_executions', 'heartbeat_at', 'authenticated',
  array[]::name[], 'authenticated has no privilege on heartbeat_at');
select column_privs_are('connectors', 'connector_executions', 'sweep_lease_until', 'authenticated',
  array[]::name[], 'authenticated has no privilege on sweep_lease_until');
select ok(not has_table_privilege('authenticated', 'connectors.connector_executions', 'SELECT'),
  'authenticated has no table-wide SELECT on connector_executions (only a column list)');
select is_empty(
  $$ select a.attname::text from pg_attribute a
     where a.attrelid = 'connectors.connector_executions'::regclass and a.attnum > 0
       and not a.attisdropped
       and a.attname not in ('step_taint', 'lease_id', 'heartbeat_at', 'sweep_lease_until')
       and not has_column_privilege('authenticated', a.attrelid, a.attnum, 'SELECT') $$,
  'authenticated reads every other column of connector_executions');
select ok(has_column_privilege('service_role', 'connectors.connector_executions', 'step_taint', 'SELECT'),
  'the runner (service_role) still reads step_taint');

-- As a member ------------------------------------------------------------------------------

select tests.login_as('mia');
select results_eq(
  $$ select id, status, jsonb_array_length(step_results) from connector_executions $$,
  $$ values ('f0000000-0000-0000-0000-00000000000a'::uuid, 'running', 0) $$,
  'a member reads their execution''s id, status and step results');
select throws_ok($$ select step_taint from connector_executions $$, '42501', null,
  'a member cannot read step_taint');
select throws_ok($$ select lease_id from connector_executions $$, '42501', null,
  'a member cannot read lease_id');
select throws_ok($$ select * from connector_executions $$, '42501', null,
  'a member cannot read the whole row');
select throws_ok($$ select 1 from connector_executions where step_taint ? 's1' $$, '42501', null,
  'a member cannot probe step_taint in a filter');
select tests.login_as('alice');
select throws_ok($$ select to_jsonb(e) from connector_executions e $$, '42501', null,
  'an owner cannot read the row as a whole value either');
select is(tests.affected($$ update connector_executions set status = 'cancelled' $$), 1,
  'an owner can still cancel the running execution');

select * from finish();
