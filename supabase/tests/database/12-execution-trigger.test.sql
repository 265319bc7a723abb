-- How an execution started: members may start api, batch and replay executions; schedules and
-- webhooks are the service's; system keys are unique per workspace; a replay stays in its workspace.
begin;
create extension if not exists pgtap;
select plan(11);

\ir ../helpers/fixtures.psql

insert into connectors (id, workspace_id, name, definition) values
  ('c0000000-0000-0000-0000-00000000000a', tests.ws('A'), 'conn A', '{"steps": [{"id": "s1"}]}'),
  ('c0000000-0000-0000-0000-00000000000b', tests.ws('B'), 'conn B', '{"steps": [{"id": "s1"}]}');
insert into connector_executions (id, workspace_id, connector_id, definition, created_by) values
  ('f0000000-0000-0000-0000-00000000000a', tests.ws('A'), 'c0000000-0000-0000-0000-00000000000a', '{}', tests.uid('alice')),
  ('f0000000-0000-0000-0000-00000000000b', tests.ws('B'), 'c0000000-0000-0000-0000-00000000000b', '{}', tests.uid('bob'));

select is((select trigger from connector_executions where id = 'f0000000-0000-0000-0000-00000000000a'),
  'api', 'an execution started without saying how is an api start');

select tests.login_as('mia');
select lives_ok($$ insert into connector_executions (workspace_id, connector_id, trigger, replay_of)
  values (tests.ws('A'), 'c0000000-0000-0000-0000-00000000000a', 'replay',
          'f0000000-0000-0000-0000-00000000000a') $$,
  'a member starts a replay of an execution of their workspace');
select throws_ok($$ insert into connector_executions (workspace_id, connector_id, trigger)
  values (tests.ws('A'), 'c0000000-0000-0000-0000-00000000000a', 'schedule') $$,
  '42501', null, 'a member cannot start a scheduled execution');
select throws_ok($$ insert into connector_executions (workspace_id, connector_id, trigger)
  values (tests.ws('A'), 'c0000000-0000-0000-0000-00000000000a', 'webhook') $$,
  '42501', null, 'a member cannot start a webhook execution');
select throws_ok($$ insert into connector_executions (workspace_id, connector_id, trigger, replay_of)
  values (tests.ws('A'), 'c0000000-0000-0000-0000-00000000000a', 'replay',
          'f0000000-0000-0000-0000-00000000000b') $$,
  '23503', null, 'a replay cannot name another workspace''s execution');
select throws_ok($$ insert into connector_executions (workspace_id, connector_id, trigger)
  values (tests.ws('A'), 'c0000000-0000-0000-0000-00000000000a', 'replay') $$,
  '23514', null, 'a replay names the execution it replays');
select throws_ok($$ insert into connector_executions (workspace_id, connector_id, replay_of)
  values (tests.ws('A'), 'c0000000-0000-0000-0000-00000000000a',
          'f0000000-0000-0000-0000-00000000000a') $$,
  '23514', null, 'only a replay names an execution it replays');

select tests.login_as_service_role();
select lives_ok($$ insert into connector_executions
    (workspace_id, connector_id, definition, trigger, idempotency_key, created_by)
  values (tests.ws('A'), 'c0000000-0000-0000-0000-00000000000a', '{}', 'schedule',
          'schedule:c0000000-0000-0000-0000-00000000000a:2026-12-03T02:00Z', null) $$,
  'the service starts a scheduled execution');
select throws_ok($$ insert into connector_executions
    (workspace_id, connector_id, definition, trigger, idempotency_key, created_by)
  values (tests.ws('A'), 'c0000000-0000-0000-0000-00000000000a', '{}', 'schedule',
          'schedule:c0000000-0000-0000-0000-00000000000a:2026-12-03T02:00Z', null) $$,
  '23505', null, 'a slot''s key starts one execution per workspace');
select lives_ok($$ insert into connector_executions
    (workspace_id, connector_id, definition, trigger, idempotency_key, created_by)
  values (tests.ws('B'), 'c0000000-0000-0000-0000-00000000000b', '{}', 'schedule',
          'schedule:c0000000-0000-0000-0000-00000000000a:2026-12-03T02:00Z', null) $$,
  'system keys are per workspace');

select lives_ok($$ insert into connector_executions
    (workspace_id, connector_id, definition, idempotency_key, created_by)
  values (tests.ws('A'), 'c0000000-0000-0000-0000-00000000000a', '{}', 'same-key', null),
         (tests.ws('A'), 'c0000000-0000-0000-0000-00000000000a', '{}', 'same-key', null) $$,
  'members'' rows whose users were deleted (no created_by) may share a key: only system starts are unique');

select * from finish();
rollback;
