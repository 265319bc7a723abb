-- connector_schedules: members of the workspace read and write them; outsiders and anon see
-- nothing; a schedule names only its own workspace's connector, contact and execution; the
-- sweeper's columns are the service's; changes made by a user are audited.
begin;
create extension if not exists pgtap;
select plan(20);

\ir ../helpers/fixtures.psql

insert into connectors (id, workspace_id, name, definition) values
  ('c1000000-0000-0000-0000-00000000000a', tests.ws('A'), 'conn A', '{"steps": [{"id": "s1"}]}'),
  ('c1000000-0000-0000-0000-0000000000a2', tests.ws('A'), 'conn A2', '{"steps": [{"id": "s1"}]}'),
  ('c1000000-0000-0000-0000-00000000000b', tests.ws('B'), 'conn B', '{"steps": [{"id": "s1"}]}'),
  ('c1000000-0000-0000-0000-0000000000b2', tests.ws('B'), 'conn B2', '{"steps": [{"id": "s1"}]}');
insert into contacts (id, workspace_id, email) values
  ('d1000000-0000-0000-0000-00000000000b', tests.ws('B'), 'b@pgtap.test');
insert into connector_executions (id, workspace_id, connector_id, definition) values
  ('e1000000-0000-0000-0000-00000000000b', tests.ws('B'),
   'c1000000-0000-0000-0000-00000000000b', '{}');
insert into connector_schedules (connector_id, workspace_id, cron) values
  ('c1000000-0000-0000-0000-00000000000b', tests.ws('B'), '0 * * * *');

select is((select timezone from connector_schedules), 'UTC',
  'a schedule inserted with its key columns alone is in UTC');

select tests.login_as('mia');
select lives_ok($$ insert into connector_schedules (connector_id, workspace_id, cron, timezone)
  values ('c1000000-0000-0000-0000-00000000000a', tests.ws('A'), '*/5 * * * *', 'Europe/Berlin') $$,
  'a member sets a schedule on a connector of their workspace');
select results_eq($$ select cron from connector_schedules $$, array['*/5 * * * *'],
  'a member reads their workspace''s schedules only');
select is((select created_by from connector_schedules), tests.uid('mia'),
  'the creator is the caller');
select throws_ok($$ insert into connector_schedules (connector_id, workspace_id, cron)
  values ('c1000000-0000-0000-0000-00000000000b', tests.ws('B'), '* * * * *') $$,
  '42501', null, 'a member cannot set a schedule in another workspace');
select throws_ok($$ insert into connector_schedules (connector_id, workspace_id, cron)
  values ('c1000000-0000-0000-0000-0000000000b2', tests.ws('A'), '* * * * *') $$,
  '23503', null, 'a schedule cannot name another workspace''s connector');
select throws_ok($$ insert into connector_schedules (connector_id, workspace_id, cron, contact_id)
  values ('c1000000-0000-0000-0000-0000000000a2', tests.ws('A'), '* * * * *',
          'd1000000-0000-0000-0000-00000000000b') $$,
  '23503', null, 'a schedule cannot name another workspace''s contact');
select throws_ok($$ update connector_schedules set last_execution_id = 'e1000000-0000-0000-0000-00000000000b' $$,
  '42501', null, 'a member cannot write the sweeper''s columns');
select throws_ok($$ update connector_schedules set workspace_id = tests.ws('B') $$,
  '42501', null, 'a member cannot move a schedule to another workspace');
select lives_ok($$ update connector_schedules set enabled = false, cron = '@hourly' $$,
  'a member replaces their workspace''s schedule');
select is(tests.affected($$ update connector_schedules set enabled = true
  where connector_id = 'c1000000-0000-0000-0000-00000000000b' $$), 0,
  'a member cannot change another workspace''s schedule');
select is(tests.affected($$ delete from connector_schedules
  where connector_id = 'c1000000-0000-0000-0000-00000000000b' $$), 0,
  'a member cannot remove another workspace''s schedule');

select tests.login_as('olga');
select is_empty($$ select * from connector_schedules $$, 'an outsider reads no schedule');

select tests.login_as_anon();
select throws_ok($$ select * from connectors.connector_schedules $$, '42501', null,
  'anon cannot read schedules');

select tests.login_as_service_role();
select lives_ok($$ update connector_schedules set last_execution_id = 'e1000000-0000-0000-0000-00000000000b',
    last_run_at = now(), next_run_at = now() + interval '1 hour'
  where connector_id = 'c1000000-0000-0000-0000-00000000000b' $$,
  'the service records a firing');
select throws_ok($$ update connector_schedules set last_execution_id = 'e1000000-0000-0000-0000-00000000000b'
  where connector_id = 'c1000000-0000-0000-0000-00000000000a' $$,
  '23503', null, 'a schedule cannot name another workspace''s execution');

select tests.logout();
select results_eq($$ select action from audit_log where target_type = 'schedule' order by created_at, action $$,
  array['schedule.create', 'schedule.replace'],
  'a member''s create and replace are audited; the service''s bookkeeping is not');

select tests.login_as('mia');
select is(tests.affected($$ delete from connector_schedules $$), 1,
  'a member removes their workspace''s schedule');
select tests.logout();
select results_eq($$ select action from audit_log where action = 'schedule.delete' $$,
  array['schedule.delete'], 'a removal is audited');

delete from connectors where id = 'c1000000-0000-0000-0000-00000000000b';
select is_empty($$ select * from connector_schedules $$,
  'a schedule goes with its connector');

select * from finish();
rollback;
