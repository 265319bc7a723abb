-- connectors: members of a workspace read, create and edit its connectors and delete the ones they
-- created; admins and owners delete any; nobody else.
begin;
create extension if not exists pgtap;
select plan(57);

-- Shared helpers (tests.login_as, tests.affected, …) and the users and workspaces.
\ir ../helpers/fixtures.psql

-- Fixture: one connector per workspace; a public template and B's workspace-only template.
insert into connector_templates (id, slug, name, definition) values
  ('e0000000-0000-0000-0000-00000000000a', 'pgtap-public', 'Public', '{"steps": []}');
insert into connector_templates (id, slug, name, definition, visibility, owner_workspace_id) values
  ('e0000000-0000-0000-0000-00000000000b', 'pgtap-private-b', 'Private B', '{"steps": []}', 'workspace', tests.ws('B'));
-- Backdated, so that changes to updated_at are visible within this transaction.
insert into connectors (id, workspace_id, name, definition, created_by, created_at, updated_at) values
  ('c0000000-0000-0000-0000-00000000000a', tests.ws('A'), 'conn A', '{"steps": []}', tests.uid('alice'),
   now() - interval '1 day', now() - interval '1 day'),
  ('c0000000-0000-0000-0000-00000000000b', tests.ws('B'), 'conn B', '{"steps": []}', tests.uid('bob'),
   now() - interval '1 day', now() - interval '1 day');

-- Reading ----------------------------------------------------------------------------------

select tests.login_as('alice');
select results_eq($$ select name from connectors $$, array['conn A'], 'an owner reads their workspace''s connectors only');
select tests.login_as('adam');
select results_eq($$ select name from connectors $$, array['conn A'], 'an admin reads their workspace''s connectors only');
select tests.login_as('mia');
select results_eq($$ select name from connectors $$, array['conn A'], 'a member reads their workspace''s connectors only');
select is_empty($$ select * from connectors where id = 'c0000000-0000-0000-0000-00000000000b' $$,
  'a member cannot read another workspace''s connector by id');
select tests.login_as('bea');
select results_eq($$ select name from connectors $$, array['conn B'], 'a member of B reads only B''s connectors');
select tests.login_as('olga');
select is_empty($$ select * from connectors $$, 'an outsider reads no connector');
select tests.login_as('sam');
select is_empty($$ select * from connectors $$, 'a saas admin reads no workspace''s connectors');
select tests.login_as_anon();
select throws_ok($$ select * from connectors.connectors $$, '42501', null, 'anon cannot read connectors');
select tests.login_as_service_role();
select results_eq($$ select name from connectors order by name $$, array['conn A', 'conn B'],
  'service_role reads every connector');

-- Creating ---------------------------------------------------------------------------------

select tests.login_as('mia');
select lives_ok(
  format($$ insert into connectors (id, workspace_id, name, definition)
            values ('c0000000-0000-0000-0000-0000000000a2', %L, 'by mia', '{"steps": []}') $$, tests.ws('A')),
  'a member creates a connector in their workspace');
select results_eq(
  $$ select created_by, status, execution_count, success_count, failure_count, last_executed_at is null
     from connectors where id = 'c0000000-0000-0000-0000-0000000000a2' $$,
  $$ values (tests.uid('mia'), 'active', 0, 0, 0, true) $$,
  'a new connector is active, owned by its creator, with zero counters');
select throws_ok(
  format($$ insert into connectors (workspace_id, name, definition) values (%L, 'x', '{}') $$, tests.ws('B')),
  '42501', null, 'a member cannot create a connector in another workspace');
select throws_ok(
  format($$ insert into connectors (workspace_id, name, definition, created_by) values (%L, 'x', '{}', %L) $$,
         tests.ws('A'), tests.uid('alice')),
  '42501', null, 'a member cannot claim someone else created the connector');
select throws_ok(
  format($$ insert into connectors (workspace_id, name, definition, execution_count) values (%L, 'x', '{}', 99) $$, tests.ws('A')),
  '42501', null, 'a member cannot seed usage counters');
select throws_ok(
  $$ insert into connectors (id, workspace_id, name, definition)
     values ('c0000000-0000-0000-0000-00000000000b', (select id from workspaces), 'x', '{}')
     on conflict (id) do update set name = 'hijacked' $$,
  '42501', null, 'upserting onto another workspace''s connector id fails');
select throws_ok(
  format($$ insert into connectors (workspace_id, name, definition, template_id)
            values (%L, 'x', '{}', 'e0000000-0000-0000-0000-00000000000b') $$, tests.ws('A')),
  '23503', null, 'a member cannot link a template they cannot see');
select throws_ok(
  format($$ insert into connectors (workspace_id, name, definition, template_id)
            values (%L, 'x', '{}', gen_random_uuid()) $$, tests.ws('A')),
  '23503', null, 'a connector cannot link a template that does not exist');
select lives_ok(
  format($$ insert into connectors (workspace_id, name, definition, template_id, template_version)
            values (%L, 'installed', '{}', 'e0000000-0000-0000-0000-00000000000a', 1) $$, tests.ws('A')),
  'a member can install a public template');
select throws_ok(
  format($$ insert into connectors (workspace_id, name, definition, status) values (%L, 'x', '{}', 'paused') $$, tests.ws('A')),
  '23514', null, 'status is active or disabled');
select throws_ok(
  format($$ insert into connectors (workspace_id, name) values (%L, 'x') $$, tests.ws('A')),
  '23502', null, 'a connector needs a definition');
select throws_ok(
  format($$ insert into connectors (workspace_id, name, definition) values (%L, 'x', '[]') $$, tests.ws('A')),
  '23514', null, 'a definition is a JSON object');
select tests.login_as('adam');
select lives_ok(
  format($$ insert into connectors (workspace_id, name, definition) values (%L, 'by adam', '{}') $$, tests.ws('A')),
  'an admin creates connectors');
select tests.login_as('alice');
select lives_ok(
  format($$ insert into connectors (workspace_id, name, definition) values (%L, 'by alice', '{}') $$, tests.ws('A')),
  'an owner creates connectors');
select tests.login_as('olga');
select throws_ok(
  format($$ insert into connectors (workspace_id, name, definition) values (%L, 'x', '{}') $$, tests.ws('A')),
  '42501', null, 'an outsider cannot create connectors');
select tests.login_as('sam');
select throws_ok(
  format($$ insert into connectors (workspace_id, name, definition) values (%L, 'x', '{}') $$, tests.ws('A')),
  '42501', null, 'a saas admin cannot create connectors in a workspace');
select tests.login_as_anon();
select throws_ok(
  format($$ insert into connectors.connectors (workspace_id, name, definition) values (%L, 'x', '{}') $$, tests.ws('A')),
  '42501', null, 'anon cannot create connectors');

-- Editing ----------------------------------------------------------------------------------

select tests.login_as('mia');
select is(tests.affected($$ update connectors set name = 'conn A v2', status = 'disabled'
                            where id = 'c0000000-0000-0000-0000-00000000000a' $$), 1,
  'a member edits their workspace''s connector');
select is(tests.affected($$ update connectors set name = 'hijacked' where id = 'c0000000-0000-0000-0000-00000000000b' $$), 0,
  'a member cannot edit another workspace''s connector');
select throws_ok(
  format($$ update connectors set workspace_id = %L where id = 'c0000000-0000-0000-0000-00000000000a' $$, tests.ws('B')),
  '42501', null, 'a connector cannot be moved into another workspace');
select throws_ok($$ update connectors set execution_count = 1000 $$, '42501', null,
  'a member cannot edit usage counters');
select throws_ok($$ update connectors set success_count = 0, failure_count = 0, last_executed_at = null $$, '42501', null,
  'a member cannot reset usage counters');
select throws_ok(format($$ update connectors set created_by = %L $$, tests.uid('mia')), '42501', null,
  'a member cannot rewrite created_by');
select throws_ok($$ update connectors set template_id = 'e0000000-0000-0000-0000-00000000000b'
                   where id = 'c0000000-0000-0000-0000-00000000000a' $$,
  '23503', null, 'a member cannot re-link a connector to a template they cannot see');
select tests.login_as('olga');
select is(tests.affected($$ update connectors set name = 'hijacked' $$), 0, 'an outsider edits nothing');
select tests.login_as('bob');
select is(tests.affected($$ update connectors set name = 'hijacked' where id = 'c0000000-0000-0000-0000-00000000000a' $$), 0,
  'the owner of B cannot edit A''s connector');
select tests.login_as_anon();
select throws_ok($$ update connectors.connectors set name = 'hijacked' $$, '42501', null, 'anon cannot edit connectors');
select tests.logout();
select results_eq(
  $$ select name, status, workspace_id, updated_at = now() from connectors order by name $$,
  $$ values ('by adam', 'active', tests.ws('A'), true), ('by alice', 'active', tests.ws('A'), true),
            ('by mia', 'active', tests.ws('A'), true),
            ('conn A v2', 'disabled', tests.ws('A'), true), ('conn B', 'active', tests.ws('B'), false),
            ('installed', 'active', tests.ws('A'), true) $$,
  'only the allowed edits happened, and they bumped updated_at');

-- Deleting ---------------------------------------------------------------------------------

select tests.login_as('mia');
select is(tests.affected($$ delete from connectors where id = 'c0000000-0000-0000-0000-00000000000b' $$), 0,
  'a member cannot delete another workspace''s connector');
select tests.login_as('olga');
select is(tests.affected($$ delete from connectors $$), 0, 'an outsider deletes nothing');
select tests.login_as('sam');
select is(tests.affected($$ delete from connectors $$), 0, 'a saas admin deletes no workspace''s connectors');
select tests.login_as_anon();
select throws_ok($$ delete from connectors.connectors $$, '42501', null, 'anon cannot delete connectors');
select tests.login_as('mia');
select is(tests.affected($$ delete from connectors where name = 'by adam' $$), 0,
  'a member cannot delete a connector an admin created');
select is(tests.affected($$ delete from connectors where name = 'conn A v2' $$), 0,
  'a member cannot delete a connector the owner created');
select is(tests.affected($$ delete from connectors where name = 'by mia' $$), 1,
  'a member deletes a connector they created');
select tests.login_as('bea');
select is(tests.affected($$ delete from connectors where name = 'by alice' $$), 0,
  'a member of B cannot delete A''s connector, whoever created it');
select tests.login_as('adam');
select is(tests.affected($$ delete from connectors where name = 'by alice' $$), 1,
  'an admin deletes a connector the owner created');
select tests.login_as('alice');
select is(tests.affected($$ delete from connectors where name = 'by adam' $$), 1,
  'an owner deletes a connector an admin created');
select tests.logout();
update connectors set created_by = null where name = 'conn A v2';
select tests.login_as('mia');
select is(tests.affected($$ delete from connectors where name = 'conn A v2' $$), 0,
  'a member cannot delete a connector whose creator is gone');
select tests.logout();
select is((select count(*)::int from connectors where workspace_id = tests.ws('B')), 1,
  'B''s connector survived every attempt');

-- A removed member loses access at once.
delete from workspace_members where user_id = tests.uid('mia');
select tests.login_as('mia');
select is_empty($$ select * from connectors $$, 'a removed member reads no connector');
select is(tests.affected($$ update connectors set name = 'x' $$), 0, 'a removed member edits nothing');
select is(tests.affected($$ delete from connectors $$), 0, 'a removed member deletes nothing');
select throws_ok(
  format($$ insert into connectors (workspace_id, name, definition) values (%L, 'x', '{}') $$, tests.ws('A')),
  '42501', null, 'a removed member cannot create connectors');

-- service_role is not limited by RLS or the guards.
select tests.login_as_service_role();
select lives_ok(
  format($$ insert into connectors (workspace_id, name, definition, template_id)
            values (%L, 'svc', '{}', 'e0000000-0000-0000-0000-00000000000b') $$, tests.ws('A')),
  'service_role can link any template');
select is(tests.affected($$ update connectors set execution_count = 7 where name = 'svc' $$), 1,
  'service_role can correct counters');
select is(tests.affected($$ delete from connectors where name = 'svc' $$), 1, 'service_role deletes connectors');

-- A deleted template leaves its installs in place, unlinked.
delete from connector_templates where id = 'e0000000-0000-0000-0000-00000000000a';
select tests.logout();
select results_eq($$ select template_id, template_version from connectors where name = 'installed' $$,
  $$ values (null::uuid, 1) $$, 'deleting a template unlinks its installed connectors');

select * from finish();
rollback;
