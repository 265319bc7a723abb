-- Batches and snapshot replays: members create and cancel batches of their own workspace's
-- active connectors only; a batch's executions stay in its workspace; a snapshot replay copies
-- the definition from an execution the caller can see, never from the caller.
begin;
create extension if not exists pgtap;
select plan(28);

\ir ../helpers/fixtures.psql

insert into connectors (id, workspace_id, name, definition, status) values
  ('c0000000-0000-0000-0000-00000000000a', tests.ws('A'), 'conn A', '{"steps": [{"id": "v1"}]}', 'active'),
  ('c0000000-0000-0000-0000-0000000000ad', tests.ws('A'), 'off A', '{"steps": [{"id": "s1"}]}', 'disabled'),
  ('c0000000-0000-0000-0000-00000000000b', tests.ws('B'), 'conn B', '{"steps": [{"id": "s1"}]}', 'active');
insert into execution_batches (id, workspace_id, connector_id, total, request_hash, created_by) values
  ('b0000000-0000-0000-0000-00000000000b', tests.ws('B'), 'c0000000-0000-0000-0000-00000000000b', 1,
   repeat('0', 64), tests.uid('bob'));
insert into connector_executions (id, workspace_id, connector_id, definition, input, created_by) values
  ('f0000000-0000-0000-0000-00000000000a', tests.ws('A'), 'c0000000-0000-0000-0000-00000000000a',
   '{"steps": [{"id": "v0"}]}', '{"email": "a@example.test"}', tests.uid('alice')),
  ('f0000000-0000-0000-0000-0000000000ad', tests.ws('A'), 'c0000000-0000-0000-0000-0000000000ad',
   '{"steps": [{"id": "s1"}]}', '{}', tests.uid('alice')),
  ('f0000000-0000-0000-0000-00000000000b', tests.ws('B'), 'c0000000-0000-0000-0000-00000000000b',
   '{"steps": [{"id": "s1"}]}', '{}', tests.uid('bob'));

-- Creating ---------------------------------------------------------------------------

select tests.login_as('mia');
select lives_ok($$ insert into execution_batches (id, workspace_id, connector_id, total, request_hash)
  values ('b0000000-0000-0000-0000-00000000000a', tests.ws('A'), 'c0000000-0000-0000-0000-00000000000a',
          2, repeat('a', 64)) $$,
  'a member creates a batch of an active connector of their workspace');
select is((select created_by from execution_batches where id = 'b0000000-0000-0000-0000-00000000000a'),
  tests.uid('mia'), 'the batch is the caller''s');
select lives_ok($$ insert into connector_executions (workspace_id, connector_id, input, trigger, batch_id)
  select tests.ws('A'), 'c0000000-0000-0000-0000-00000000000a', x, 'batch',
         'b0000000-0000-0000-0000-00000000000a'
  from jsonb_array_elements('[{"n": 1}, {"n": 2}]'::jsonb) x $$,
  'a member inserts the batch''s executions in one statement');
select results_eq($$ select count(*)::int from connector_executions
  where batch_id = 'b0000000-0000-0000-0000-00000000000a' and definition = '{"steps": [{"id": "v1"}]}' $$,
  array[2], 'each execution takes its snapshot from the connector');
select throws_ok($$ insert into execution_batches (workspace_id, connector_id, total, request_hash)
  values (tests.ws('A'), 'c0000000-0000-0000-0000-0000000000ad', 1, repeat('a', 64)) $$,
  '42501', null, 'a member cannot create a batch of a disabled connector');
select throws_ok($$ insert into execution_batches (workspace_id, connector_id, total, request_hash)
  values (tests.ws('B'), 'c0000000-0000-0000-0000-00000000000b', 1, repeat('a', 64)) $$,
  '42501', null, 'a member cannot create a batch in another workspace');
select throws_ok($$ insert into execution_batches (workspace_id, connector_id, total, request_hash)
  values (tests.ws('A'), 'c0000000-0000-0000-0000-00000000000b', 1, repeat('a', 64)) $$,
  '42501', null, 'a member cannot create a batch of another workspace''s connector');
select throws_ok($$ insert into execution_batches (workspace_id, connector_id, total, request_hash, created_by)
  values (tests.ws('A'), 'c0000000-0000-0000-0000-00000000000a', 1, repeat('a', 64), tests.uid('alice')) $$,
  '42501', null, 'a member cannot create a batch in another user''s name');
select throws_ok($$ insert into execution_batches (workspace_id, connector_id, total, request_hash)
  values (tests.ws('A'), 'c0000000-0000-0000-0000-00000000000a', 1001, repeat('a', 64)) $$,
  '23514', null, 'a batch holds at most 1000 executions');
select throws_ok($$ insert into connector_executions (workspace_id, connector_id, trigger, batch_id)
  values (tests.ws('A'), 'c0000000-0000-0000-0000-00000000000a', 'batch',
          'b0000000-0000-0000-0000-00000000000b') $$,
  '23503', null, 'an execution cannot join another workspace''s batch');
select throws_ok($$ insert into connector_executions (workspace_id, connector_id, trigger, batch_id)
  values (tests.ws('A'), 'c0000000-0000-0000-0000-00000000000a', 'batch', gen_random_uuid()) $$,
  '23503', null, 'an execution cannot name a batch that does not exist');

-- Reading and cancelling -------------------------------------------------------------

select results_eq($$ select id from execution_batches $$,
  $$ values ('b0000000-0000-0000-0000-00000000000a'::uuid) $$,
  'a member sees their workspace''s batches only');
select is(tests.affected($$ update execution_batches set cancelled_at = now()
  where id = 'b0000000-0000-0000-0000-00000000000b' $$), 0,
  'a member cannot cancel another workspace''s batch');
select is(tests.affected($$ update execution_batches set cancelled_at = '2000-01-01'
  where id = 'b0000000-0000-0000-0000-00000000000a' $$), 1,
  'a member cancels a batch of their workspace');
select ok((select cancelled_at > '2001-01-01' and cancelled_by = tests.uid('mia')
  from execution_batches where id = 'b0000000-0000-0000-0000-00000000000a'),
  'the cancel time is the database''s and the canceller is the caller');
select lives_ok($$ update execution_batches set cancelled_at = null
  where id = 'b0000000-0000-0000-0000-00000000000a' $$, 'an undo is accepted but ignored');
select isnt((select cancelled_at from execution_batches where id = 'b0000000-0000-0000-0000-00000000000a'),
  null, 'a cancelled batch stays cancelled');
select throws_ok($$ update execution_batches set total = 5
  where id = 'b0000000-0000-0000-0000-00000000000a' $$,
  '42501', null, 'a member cannot change a batch''s size');
select throws_ok($$ delete from execution_batches where id = 'b0000000-0000-0000-0000-00000000000a' $$,
  '42501', null, 'nobody deletes a batch through the API roles');

select tests.login_as('olga');
select is_empty($$ select id from execution_batches $$, 'an outsider sees no batch');

-- Snapshot replay --------------------------------------------------------------------

select tests.login_as('mia');
update connectors set definition = '{"steps": [{"id": "v2"}]}'
  where id = 'c0000000-0000-0000-0000-00000000000a';
select lives_ok($$ select set_config('tests.replay',
    replay_execution_snapshot('f0000000-0000-0000-0000-00000000000a')::text, true) $$,
  'a member replays an execution of their workspace with its snapshot');
select ok((select e.definition = '{"steps": [{"id": "v0"}]}' and e.trigger = 'replay'
    and e.replay_of = 'f0000000-0000-0000-0000-00000000000a' and e.created_by = tests.uid('mia')
    and e.input = '{"email": "a@example.test"}'
  from connector_executions e where e.id = current_setting('tests.replay')::uuid),
  'a snapshot replay runs the original''s snapshot, as the caller, with the original''s input');
select is(replay_execution_snapshot('f0000000-0000-0000-0000-00000000000a', 'key-1') is not null
    and replay_execution_snapshot('f0000000-0000-0000-0000-00000000000a', 'key-1') is null,
  true, 'a taken Idempotency-Key inserts nothing');
select throws_ok($$ select replay_execution_snapshot('f0000000-0000-0000-0000-00000000000b') $$,
  '42501', null, 'a member cannot replay another workspace''s execution');
select throws_ok($$ select replay_execution_snapshot('f0000000-0000-0000-0000-0000000000ad') $$,
  '42501', null, 'a snapshot replay needs an active connector');
select ok(not exists (select 1 from pg_proc p
    where p.proname = 'replay_execution_snapshot'
      and exists (select 1 from unnest(p.proargnames) a where a ilike '%definition%')),
  'the replay function takes no definition from its caller');
select throws_ok($$ insert into connector_executions (workspace_id, connector_id, definition, trigger, replay_of)
  values (tests.ws('A'), 'c0000000-0000-0000-0000-00000000000a', '{"steps": []}', 'replay',
          'f0000000-0000-0000-0000-00000000000a') $$,
  '42501', null, 'a member cannot insert a replay with a definition of their own');

select tests.login_as_anon();
select throws_ok($$ select connectors.replay_execution_snapshot('f0000000-0000-0000-0000-00000000000a') $$,
  '42501', null, 'anon cannot replay');

select * from finish();
rollback;
