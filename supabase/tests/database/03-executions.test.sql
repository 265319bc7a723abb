-- connector_executions: members run and cancel; the runner (service_role) does the rest.
begin;
create extension if not exists pgtap;
select plan(51);

-- Shared helpers (tests.login_as, tests.affected, …) and the users and workspaces.
\ir ../helpers/fixtures.psql

insert into connectors (id, workspace_id, name, definition) values
  ('c0000000-0000-0000-0000-00000000000a', tests.ws('A'), 'conn A', '{"steps": [{"id": "v1"}]}'),
  ('c0000000-0000-0000-0000-00000000000b', tests.ws('B'), 'conn B', '{"steps": []}');
insert into contacts (id, workspace_id, email) values
  ('d0000000-0000-0000-0000-00000000000a', tests.ws('A'), 'ann@example.com'),
  ('d0000000-0000-0000-0000-00000000000b', tests.ws('B'), 'ben@example.com');
insert into connector_executions (id, workspace_id, connector_id, definition, created_by) values
  ('f0000000-0000-0000-0000-00000000000a', tests.ws('A'), 'c0000000-0000-0000-0000-00000000000a', '{}', tests.uid('alice')),
  ('f0000000-0000-0000-0000-00000000000b', tests.ws('B'), 'c0000000-0000-0000-0000-00000000000b', '{}', tests.uid('bob'));

-- Reading ----------------------------------------------------------------------------------

select tests.login_as('alice');
select results_eq($$ select id from connector_executions $$, array['f0000000-0000-0000-0000-00000000000a'::uuid],
  'an owner reads their workspace''s executions only');
select tests.login_as('adam');
select results_eq($$ select id from connector_executions $$, array['f0000000-0000-0000-0000-00000000000a'::uuid],
  'an admin reads their workspace''s executions only');
select tests.login_as('mia');
select results_eq($$ select id from connector_executions $$, array['f0000000-0000-0000-0000-00000000000a'::uuid],
  'a member reads their workspace''s executions only');
select tests.login_as('bea');
select results_eq($$ select id from connector_executions $$, array['f0000000-0000-0000-0000-00000000000b'::uuid],
  'a member of B reads only B''s executions');
select tests.login_as('olga');
select is_empty($$ select id from connector_executions $$, 'an outsider reads no execution');
select tests.login_as('sam');
select is_empty($$ select id from connector_executions $$, 'a saas admin reads no workspace''s executions');
select tests.login_as_anon();
select throws_ok($$ select * from connectors.connector_executions $$, '42501', null, 'anon cannot read executions');
select tests.login_as_service_role();
select is((select count(*)::int from connector_executions), 2, 'service_role reads every execution');

-- Running (insert) ----------------------------------------------------------------------------

select tests.login_as('mia');
select lives_ok(
  format($$ insert into connector_executions (id, workspace_id, connector_id, input, contact_id, idempotency_key)
            values ('f0000000-0000-0000-0000-0000000000a2', %L, 'c0000000-0000-0000-0000-00000000000a',
                    '{"email": "ann@example.com"}', 'd0000000-0000-0000-0000-00000000000a', 'key-1') $$,
         tests.ws('A')),
  'a member runs their workspace''s connector');
select results_eq(
  $$ select status, created_by, definition, attempts, step_results, run_id is null, queued_at = now()
     from connector_executions where id = 'f0000000-0000-0000-0000-0000000000a2' $$,
  $$ values ('queued', tests.uid('mia'), '{"steps": [{"id": "v1"}]}'::jsonb, 0, '[]'::jsonb, true, true) $$,
  'a new execution is queued, owned by the caller, with a snapshot of the connector''s definition');
select throws_ok(
  format($$ insert into connector_executions (workspace_id, connector_id, idempotency_key)
            values (%L, 'c0000000-0000-0000-0000-00000000000a', 'key-1') $$, tests.ws('A')),
  '23505', null, 'the same Idempotency-Key from the same user is refused');
select throws_ok(
  format($$ insert into connector_executions (workspace_id, connector_id)
            values (%L, 'c0000000-0000-0000-0000-00000000000b') $$, tests.ws('B')),
  '42501', null, 'a member cannot run another workspace''s connector');
select throws_ok(
  format($$ insert into connector_executions (workspace_id, connector_id)
            values (%L, 'c0000000-0000-0000-0000-00000000000b') $$, tests.ws('A')),
  '42501', null, 'an execution cannot point at another workspace''s connector');
select throws_ok(
  format($$ insert into connector_executions (workspace_id, connector_id, contact_id)
            values (%L, 'c0000000-0000-0000-0000-00000000000a', 'd0000000-0000-0000-0000-00000000000b') $$, tests.ws('A')),
  '23503', null, 'an execution cannot point at another workspace''s contact');
select throws_ok(
  format($$ insert into connector_executions (workspace_id, connector_id, status)
            values (%L, 'c0000000-0000-0000-0000-00000000000a', 'succeeded') $$, tests.ws('A')),
  '42501', null, 'a member cannot insert a finished execution');
select throws_ok(
  format($$ insert into connector_executions (workspace_id, connector_id, output, step_results)
            values (%L, 'c0000000-0000-0000-0000-00000000000a', '{}', '[]') $$, tests.ws('A')),
  '42501', null, 'a member cannot forge results');
select throws_ok(
  format($$ insert into connector_executions (workspace_id, connector_id, created_by)
            values (%L, 'c0000000-0000-0000-0000-00000000000a', %L) $$, tests.ws('A'), tests.uid('alice')),
  '42501', null, 'a member cannot run as someone else');
select throws_ok(
  format($$ insert into connector_executions (id, workspace_id, connector_id)
            values ('f0000000-0000-0000-0000-00000000000b', %L, 'c0000000-0000-0000-0000-00000000000a')
            on conflict (id) do update set status = 'cancelled' $$, tests.ws('A')),
  '42501', null, 'upserting onto another workspace''s execution id fails');
select throws_ok(
  format($$ insert into connector_executions (workspace_id) values (%L) $$, tests.ws('A')),
  '42501', null, 'a member cannot insert an execution naming no connector');
select tests.login_as('alice');
select lives_ok(
  format($$ insert into connector_executions (workspace_id, connector_id, idempotency_key)
            values (%L, 'c0000000-0000-0000-0000-00000000000a', 'key-1') $$, tests.ws('A')),
  'another user may use the same Idempotency-Key');
select tests.login_as('olga');
select throws_ok(
  format($$ insert into connector_executions (workspace_id, connector_id)
            values (%L, 'c0000000-0000-0000-0000-00000000000a') $$, tests.ws('A')),
  '42501', null, 'an outsider cannot run connectors');
select tests.login_as_anon();
select throws_ok(
  format($$ insert into connectors.connector_executions (workspace_id, connector_id)
            values (%L, 'c0000000-0000-0000-0000-00000000000a') $$, tests.ws('A')),
  '42501', null, 'anon cannot run connectors');

-- Dispatch and cancel (update) -------------------------------------------------------------------

select tests.login_as('mia');
select throws_ok($$ update connector_executions set runner = 'trigger', run_id = 'run_1'
                    where id = 'f0000000-0000-0000-0000-0000000000a2' $$,
  '42501', null, 'a member cannot record a dispatch (service_role does)');
select throws_ok($$ update connector_executions set run_id = 'run_2' where id = 'f0000000-0000-0000-0000-0000000000a2' $$,
  '42501', null, 'a member cannot point an execution at another run');
select throws_ok($$ update connector_executions set status = 'running' where id = 'f0000000-0000-0000-0000-0000000000a2' $$,
  '42501', null, 'a member cannot mark an execution running');
select throws_ok($$ update connector_executions set status = 'succeeded' where id = 'f0000000-0000-0000-0000-0000000000a2' $$,
  '42501', null, 'a member cannot mark an execution succeeded');
select throws_ok($$ update connector_executions set output = '{}' $$, '42501', null, 'a member cannot write output');
select throws_ok($$ update connector_executions set step_results = '[]', error = null $$, '42501', null,
  'a member cannot rewrite step results or errors');
select throws_ok($$ update connector_executions set attempts = 0, claimed_at = null $$, '42501', null,
  'a member cannot touch the claim');
select throws_ok(format($$ update connector_executions set workspace_id = %L $$, tests.ws('B')), '42501', null,
  'an execution cannot be moved into another workspace');
select throws_ok($$ update connector_executions set connector_id = null $$, '42501', null,
  'a member cannot detach an execution from its connector');
select is(tests.affected($$ update connector_executions set status = 'cancelled' where id = 'f0000000-0000-0000-0000-00000000000b' $$), 0,
  'a member cannot cancel another workspace''s execution');
select is(tests.affected($$ update connector_executions set status = 'cancelled' where id = 'f0000000-0000-0000-0000-0000000000a2' $$), 1,
  'a member cancels a queued execution');
select results_eq(
  $$ select status, finished_at = now(), duration_ms from connector_executions where id = 'f0000000-0000-0000-0000-0000000000a2' $$,
  $$ values ('cancelled', true, null::integer) $$,
  'cancelling stamps finished_at');
select throws_ok($$ update connector_executions set status = 'queued' where id = 'f0000000-0000-0000-0000-0000000000a2' $$,
  '42501', null, 'a cancelled execution cannot be re-queued by a member');
select throws_ok($$ delete from connector_executions $$, '42501', null, 'a member cannot delete executions');
select tests.login_as('olga');
select is(tests.affected($$ update connector_executions set status = 'cancelled' $$), 0, 'an outsider cancels nothing');
select tests.login_as('bob');
select is(tests.affected($$ update connector_executions set status = 'cancelled' where id = 'f0000000-0000-0000-0000-00000000000a' $$), 0,
  'the owner of B cannot cancel A''s execution');
select throws_ok($$ delete from connector_executions $$, '42501', null, 'an owner cannot delete executions');
select tests.login_as_anon();
select throws_ok($$ update connectors.connector_executions set status = 'cancelled' $$, '42501', null, 'anon cannot cancel executions');
select tests.logout();
select results_eq($$ select status from connector_executions where id = 'f0000000-0000-0000-0000-00000000000b' $$,
  array['queued'], 'B''s execution was untouched');

-- The runner (service_role) ----------------------------------------------------------------------

select tests.login_as_service_role();
select is(tests.affected($$ update connector_executions
                            set status = 'running', claimed_at = now(), started_at = now() - interval '1500 milliseconds',
                                attempts = attempts + 1, run_id = 'run_a'
                            where id = 'f0000000-0000-0000-0000-00000000000a' and status = 'queued' $$), 1,
  'the runner claims a queued execution with one conditional update');
select is(tests.affected($$ update connector_executions set status = 'running'
                            where id = 'f0000000-0000-0000-0000-00000000000a' and status = 'queued' $$), 0,
  'a second claim finds nothing');
select is(tests.affected($$ update connector_executions
                            set status = 'succeeded', output = '{"ok": true}', step_results = '[{"id": "v1"}]'
                            where id = 'f0000000-0000-0000-0000-00000000000a' $$), 1,
  'the runner finishes an execution');
select results_eq(
  $$ select finished_at = now(), duration_ms between 1400 and 1600 from connector_executions
     where id = 'f0000000-0000-0000-0000-00000000000a' $$,
  $$ values (true, true) $$,
  'finishing fills finished_at and duration_ms when the runner left them out');
select tests.login_as('mia');
select throws_ok($$ update connector_executions set status = 'cancelled' where id = 'f0000000-0000-0000-0000-00000000000a' $$,
  '42501', null, 'a finished execution cannot be cancelled');

-- History survives the deletion of its connector and contact.
select tests.login_as('adam');
select is(tests.affected($$ delete from connectors where id = 'c0000000-0000-0000-0000-00000000000a' $$), 1,
  'an admin deletes a connector that has executions');
select tests.login_as_service_role();
delete from contacts where id = 'd0000000-0000-0000-0000-00000000000a';
select tests.login_as('mia');
select results_eq(
  $$ select count(*)::int, count(connector_id)::int, count(contact_id)::int from connector_executions $$,
  $$ values (3, 0, 0) $$,
  'executions stay readable with connector_id and contact_id set to null');

-- A removed member loses access at once.
select tests.logout();
delete from workspace_members where user_id = tests.uid('mia');
select tests.login_as('mia');
select is_empty($$ select id from connector_executions $$, 'a removed member reads no execution');
select is(tests.affected($$ update connector_executions set status = 'cancelled' $$), 0, 'a removed member cancels nothing');

-- Deleting a workspace takes its executions along.
select tests.login_as_service_role();
delete from workspaces where id = tests.ws('B');
select is((select count(*)::int from connector_executions where id = 'f0000000-0000-0000-0000-00000000000b'), 0,
  'executions go with their workspace');

select * from finish();
rollback;
