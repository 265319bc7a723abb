-- audit_log: append-only; written by the database (triggers, record_dry_run), never by a user's
-- token directly; owners and admins read.
begin;
create extension if not exists pgtap;
select plan(41);

-- Shared helpers (tests.login_as, tests.affected, …) and the users and workspaces.
\ir ../helpers/fixtures.psql

insert into audit_log (id, workspace_id, actor_id, action, target_type, target_id) values
  ('b0000000-0000-0000-0000-00000000000a', tests.ws('A'), tests.uid('alice'), 'connector.create', 'connector', 'c-a'),
  ('b0000000-0000-0000-0000-00000000000b', tests.ws('B'), tests.uid('bob'), 'credential.put', 'credential', 'token_b');

-- Reading -------------------------------------------------------------------------------------------

select tests.login_as('alice');
select results_eq($$ select action from audit_log $$, array['connector.create'], 'an owner reads their workspace''s audit log only');
select tests.login_as('adam');
select results_eq($$ select action from audit_log $$, array['connector.create'], 'an admin reads their workspace''s audit log only');
select tests.login_as('mia');
select is_empty($$ select * from audit_log $$, 'a member cannot read the audit log');
select tests.login_as('bob');
select results_eq($$ select action from audit_log $$, array['credential.put'], 'the owner of B reads only B''s audit log');
select tests.login_as('bea');
select is_empty($$ select * from audit_log $$, 'a member of B cannot read B''s audit log');
select tests.login_as('olga');
select is_empty($$ select * from audit_log $$, 'an outsider reads no audit log');
select tests.login_as('sam');
select is_empty($$ select * from audit_log $$, 'a saas admin reads no workspace''s audit log');
select tests.login_as_anon();
select throws_ok($$ select * from connectors.audit_log $$, '42501', null, 'anon cannot read the audit log');
select tests.login_as_service_role();
select is((select count(*)::int from audit_log), 2, 'service_role reads every audit row');

-- Appending: not with a user's token, whatever the actor ------------------------------------------------

select tests.login_as('mia');
select throws_ok(
  format($$ insert into audit_log (workspace_id, action, target_type, target_id, metadata)
            values (%L, 'connector.update', 'connector', 'c-a', '{"fields": ["name"]}') $$, tests.ws('A')),
  '42501', null, 'a member cannot append to their workspace''s audit log');
select throws_ok(
  format($$ insert into audit_log (workspace_id, actor_id, action) values (%L, %L, 'execution.start') $$,
         tests.ws('A'), tests.uid('mia')),
  '42501', null, 'a member cannot append even naming themself as actor');
select throws_ok(
  format($$ insert into audit_log (workspace_id, actor_id, action) values (%L, %L, 'connector.delete') $$,
         tests.ws('A'), tests.uid('alice')),
  '42501', null, 'a member cannot append in someone else''s name');
select throws_ok(
  format($$ insert into audit_log (workspace_id, action) values (%L, 'connector.delete') $$, tests.ws('B')),
  '42501', null, 'a member cannot append to another workspace''s audit log');
select throws_ok(
  format($$ insert into audit_log (id, workspace_id, action) values ('b0000000-0000-0000-0000-00000000000b', %L, 'x.y')
            on conflict (id) do update set action = 'x.z' $$, tests.ws('A')),
  '42501', null, 'upserting onto another workspace''s audit row fails');
select throws_ok(
  format($$ select write_audit(%L, 'connector.delete', 'connector', 'c-a', '{}') $$, tests.ws('A')),
  '42501', null, 'a member cannot call the trigger''s writer');
select tests.login_as('alice');
select throws_ok(
  format($$ insert into audit_log (workspace_id, action, created_at) values (%L, 'connector.delete', now() - interval '1 year') $$, tests.ws('A')),
  '42501', null, 'an owner cannot append or backdate an audit row');
select tests.login_as('olga');
select throws_ok(
  format($$ insert into audit_log (workspace_id, action) values (%L, 'connector.delete') $$, tests.ws('A')),
  '42501', null, 'an outsider cannot append to a workspace''s audit log');
select tests.login_as_anon();
select throws_ok(
  format($$ insert into connectors.audit_log (workspace_id, action) values (%L, 'connector.delete') $$, tests.ws('A')),
  '42501', null, 'anon cannot append to the audit log');
select tests.login_as_service_role();
select throws_ok(
  format($$ insert into audit_log (workspace_id, action) values (%L, 'Connector Deleted') $$, tests.ws('A')),
  '23514', null, 'actions are dotted lowercase names');
select throws_ok(
  format($$ insert into audit_log (workspace_id, action, metadata) values (%L, 'connector.delete', '[]') $$, tests.ws('A')),
  '23514', null, 'metadata is a JSON object');

-- What a member does is logged by the database, as them.
select tests.login_as('mia');
select lives_ok(
  format($$ insert into connectors (id, workspace_id, name, definition)
            values ('c0000000-0000-0000-0000-0000000000a1', %L, 'audited', '{"steps": []}') $$, tests.ws('A')),
  'a member creates a connector');
select lives_ok(
  format($$ insert into connector_executions (workspace_id, connector_id)
            values (%L, 'c0000000-0000-0000-0000-0000000000a1') $$, tests.ws('A')),
  'a member starts an execution');
select tests.login_as('alice');
select results_eq($$ select actor_id, action from audit_log order by action $$,
  $$ values (tests.uid('alice'), 'connector.create'), (tests.uid('mia'), 'connector.create'), (tests.uid('mia'), 'execution.start') $$,
  'the owner sees what the member did, logged with the member as actor');

-- Never changed, never deleted -------------------------------------------------------------------------

select tests.login_as('alice');
select throws_ok($$ update audit_log set action = 'connector.nothing' $$, '42501', null, 'an owner cannot edit the audit log');
select throws_ok($$ delete from audit_log $$, '42501', null, 'an owner cannot delete from the audit log');
select tests.login_as('adam');
select throws_ok($$ update audit_log set metadata = '{}' $$, '42501', null, 'an admin cannot edit the audit log');
select throws_ok($$ delete from audit_log $$, '42501', null, 'an admin cannot delete from the audit log');
select tests.login_as('mia');
select throws_ok(format($$ update audit_log set workspace_id = %L $$, tests.ws('B')), '42501', null,
  'a member cannot move audit rows into another workspace');
select throws_ok($$ delete from audit_log $$, '42501', null, 'a member cannot delete from the audit log');
select tests.login_as_anon();
select throws_ok($$ delete from connectors.audit_log $$, '42501', null, 'anon cannot delete from the audit log');
select tests.login_as_service_role();
select throws_ok($$ update audit_log set action = 'connector.nothing' $$, '42501', 'audit_log is append-only',
  'even service_role cannot edit the audit log');
select throws_ok($$ delete from audit_log where id = 'b0000000-0000-0000-0000-00000000000a' $$, '42501', 'audit_log is append-only',
  'even service_role cannot delete from the audit log');
select throws_ok($$ truncate audit_log $$, '42501', null, 'service_role cannot truncate the audit log');
select lives_ok(
  format($$ insert into audit_log (workspace_id, action, metadata) values (%L, 'template.install', '{"source": "import"}') $$, tests.ws('A')),
  'service_role appends (e.g. an import with no user)');
select tests.logout();
select throws_ok($$ update audit_log set action = 'connector.nothing' $$, '42501', 'audit_log is append-only',
  'not even the table owner can edit the audit log');
select throws_ok($$ delete from audit_log $$, '42501', 'audit_log is append-only',
  'not even the table owner can delete from the audit log');

-- The record outlives the actor, and goes only with its workspace.
delete from auth.users where id = tests.uid('mia');
select is((select count(*)::int from audit_log where action = 'execution.start' and actor_id is not null), 1,
  'deleting the actor keeps their audit rows and actor_id');
select tests.login_as_service_role();
select lives_ok(format($$ delete from workspaces where id = %L $$, tests.ws('B')),
  'deleting a workspace is not blocked by its audit log');
select is((select count(*)::int from audit_log where id = 'b0000000-0000-0000-0000-00000000000b'), 0,
  'a deleted workspace''s audit rows go with it');
select is((select count(*)::int from audit_log where workspace_id = tests.ws('A')), 4,
  'other workspaces'' audit rows stay');

-- A removed admin loses access at once.
select tests.logout();
delete from workspace_members where user_id = tests.uid('adam');
select tests.login_as('adam');
select is_empty($$ select * from audit_log $$, 'a removed admin reads no audit log');

select * from finish();
rollback;
