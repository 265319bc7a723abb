-- workspaces and workspace_members: who sees and manages which workspace.
begin;
create extension if not exists pgtap;
select plan(70);

-- Shared helpers (tests.login_as, tests.affected, …) and the users and workspaces.
\ir ../helpers/fixtures.psql

-- Reading workspaces ------------------------------------------------------------------

select tests.login_as('alice');
select results_eq($$ select name from workspaces $$, array['pgtap-A'], 'an owner reads only their workspace');
select tests.login_as('adam');
select results_eq($$ select name from workspaces $$, array['pgtap-A'], 'an admin reads only their workspace');
select tests.login_as('mia');
select results_eq($$ select name from workspaces $$, array['pgtap-A'], 'a member reads only their workspace');
select tests.login_as('bob');
select results_eq($$ select name from workspaces $$, array['pgtap-B'], 'the owner of B reads only B');
select tests.login_as('olga');
select is_empty($$ select * from workspaces $$, 'an outsider reads no workspace');
select tests.login_as('sam');
select is_empty($$ select * from workspaces $$, 'a saas admin reads no workspace they do not belong to');
select tests.login_as_anon();
select throws_ok($$ select * from connectors.workspaces $$, '42501', null, 'anon cannot read workspaces');
select tests.login_as_service_role();
select results_eq($$ select name from workspaces where name like 'pgtap-%' order by name $$,
  array['pgtap-A', 'pgtap-B'], 'service_role reads every workspace');

-- Writing workspaces ---------------------------------------------------------------------

select tests.login_as('alice');
select is(tests.affected($$ update workspaces set name = 'pgtap-A' where name = 'pgtap-A' $$), 1,
  'an owner can rename their workspace');
select is(tests.affected($$ update workspaces set name = 'hijacked' where name = 'pgtap-B' $$), 0,
  'an owner cannot rename another workspace');
select throws_ok($$ insert into workspaces (name) values ('mine') $$, '42501', null,
  'an owner cannot create workspaces (the CRM provisions them)');
select throws_ok($$ delete from workspaces where name = 'pgtap-A' $$, '42501', null,
  'an owner cannot delete workspaces');
select throws_ok($$ update workspaces set id = gen_random_uuid() $$, '42501', null,
  'nobody changes a workspace id');
select throws_ok(
  format($$ insert into workspaces (id, name) values (%L, 'x') on conflict (id) do update set name = 'hijacked' $$, tests.ws('B')),
  '42501', null, 'upserting onto another workspace''s id fails');
select tests.login_as('adam');
select is(tests.affected($$ update workspaces set name = 'renamed' $$), 0, 'an admin cannot rename the workspace');
select tests.login_as('mia');
select is(tests.affected($$ update workspaces set name = 'renamed' $$), 0, 'a member cannot rename the workspace');
select tests.login_as('olga');
select is(tests.affected($$ update workspaces set name = 'renamed' $$), 0, 'an outsider renames nothing');
select tests.login_as_anon();
select throws_ok($$ update connectors.workspaces set name = 'renamed' $$, '42501', null, 'anon cannot rename workspaces');
select tests.logout();
select results_eq($$ select name from workspaces where id in (tests.ws('A'), tests.ws('B')) order by name $$,
  array['pgtap-A', 'pgtap-B'], 'no workspace was renamed by anyone but its owner');

select tests.login_as_service_role();
select lives_ok($$ insert into workspaces (name) values ('pgtap-C') $$, 'service_role creates workspaces');
select is(tests.affected($$ delete from workspaces where name = 'pgtap-C' $$), 1, 'service_role deletes workspaces');

-- Reading members ---------------------------------------------------------------------------

select tests.login_as('mia');
select results_eq(
  $$ select user_id, role from workspace_members order by role, user_id $$,
  $$ values (tests.uid('adam'), 'admin'), (tests.uid('mia'), 'member'), (tests.uid('alice'), 'owner') $$,
  'a member reads the members of their workspace and no other');
select tests.login_as('bob');
select results_eq(
  $$ select user_id from workspace_members order by role $$,
  $$ values (tests.uid('bea')), (tests.uid('bob')) $$,
  'the owner of B reads only B''s members');
select tests.login_as('olga');
select is_empty($$ select * from workspace_members $$, 'an outsider reads no membership');
select tests.login_as_anon();
select throws_ok($$ select * from connectors.workspace_members $$, '42501', null, 'anon cannot read memberships');
select tests.login_as_service_role();
select is((select count(*)::int from workspace_members where workspace_id in (tests.ws('A'), tests.ws('B'))), 5,
  'service_role reads every membership');

-- Adding members ---------------------------------------------------------------------------------

insert into auth.users (id, email) values (gen_random_uuid(), 'newbie@pgtap.test'),
  (gen_random_uuid(), 'newbie2@pgtap.test'), (gen_random_uuid(), 'newbie3@pgtap.test');
select tests.logout();

select tests.login_as('mia');
select throws_ok(
  format($$ insert into workspace_members (workspace_id, user_id) values (%L, %L) $$, tests.ws('A'), tests.uid('newbie')),
  '42501', null, 'a member cannot add members');
select throws_ok(
  format($$ insert into workspace_members (workspace_id, user_id, role) values (%L, %L, 'owner') $$, tests.ws('B'), tests.uid('mia')),
  '42501', null, 'a member cannot insert themself into another workspace');
select throws_ok(
  format($$ insert into workspace_members (workspace_id, user_id, role) values (%L, %L, 'owner')
           on conflict (workspace_id, user_id) do update set role = 'owner' $$, tests.ws('A'), tests.uid('mia')),
  '42501', null, 'a member cannot upsert themself to owner');
select tests.login_as('olga');
select throws_ok(
  format($$ insert into workspace_members (workspace_id, user_id) values (%L, %L) $$, tests.ws('A'), tests.uid('olga')),
  '42501', null, 'an outsider cannot join a workspace');
select tests.login_as('bob');
select throws_ok(
  format($$ insert into workspace_members (workspace_id, user_id, role) values (%L, %L, 'owner')
           on conflict (workspace_id, user_id) do update set role = 'owner' $$, tests.ws('A'), tests.uid('bob')),
  '42501', null, 'the owner of B cannot insert themself into A');
select tests.login_as('adam');
select throws_ok(
  format($$ insert into workspace_members (workspace_id, user_id, role) values (%L, %L, 'owner') $$, tests.ws('A'), tests.uid('newbie')),
  '42501', null, 'an admin cannot add an owner');
select lives_ok(
  format($$ insert into workspace_members (workspace_id, user_id, role) values (%L, %L, 'admin') $$, tests.ws('A'), tests.uid('newbie')),
  'an admin can add an admin');
select throws_ok(
  format($$ insert into workspace_members (workspace_id, user_id) values (%L, %L) $$, tests.ws('B'), tests.uid('newbie2')),
  '42501', null, 'an admin cannot add members to another workspace');
select tests.login_as('alice');
select lives_ok(
  format($$ insert into workspace_members (workspace_id, user_id, role) values (%L, %L, 'owner') $$, tests.ws('A'), tests.uid('newbie2')),
  'an owner can add an owner');
select tests.login_as_anon();
select throws_ok(
  format($$ insert into connectors.workspace_members (workspace_id, user_id) values (%L, %L) $$, tests.ws('A'), tests.uid('newbie3')),
  '42501', null, 'anon cannot add members');

-- Changing roles -------------------------------------------------------------------------------

select tests.login_as('mia');
select is(tests.affected($$ update workspace_members set role = 'owner' where user_id = (select auth.uid()) $$), 0,
  'a member cannot promote themself');
select is(tests.affected($$ update workspace_members set role = 'member' where role = 'admin' $$), 0,
  'a member cannot change others'' roles');
select tests.login_as('adam');
select throws_ok($$ update workspace_members set role = 'owner' where user_id = (select auth.uid()) $$,
  '42501', null, 'an admin cannot promote themself');
select throws_ok($$ update workspace_members set role = 'member' where user_id = (select auth.uid()) $$,
  '42501', null, 'an admin cannot change their own role at all');
select throws_ok(format($$ update workspace_members set role = 'owner' where user_id = %L $$, tests.uid('mia')),
  '42501', null, 'an admin cannot promote a member to owner');
select is(tests.affected(format($$ update workspace_members set role = 'member' where user_id = %L $$, tests.uid('alice'))), 0,
  'an admin cannot demote an owner');
select is(tests.affected(format($$ update workspace_members set role = 'admin' where user_id = %L $$, tests.uid('mia'))), 1,
  'an admin can promote a member to admin');
select is(tests.affected(format($$ update workspace_members set role = 'member' where user_id = %L $$, tests.uid('mia'))), 1,
  'an admin can demote an admin to member');
select is(tests.affected(format($$ update workspace_members set role = 'admin' where user_id = %L $$, tests.uid('bea'))), 0,
  'an admin cannot change roles in another workspace');
select throws_ok(format($$ update workspace_members set workspace_id = %L where user_id = %L $$, tests.ws('B'), tests.uid('mia')),
  '42501', null, 'a membership cannot be moved into another workspace');
select throws_ok(format($$ update workspace_members set user_id = %L where user_id = %L $$, tests.uid('olga'), tests.uid('mia')),
  '42501', null, 'a membership cannot be handed to another user');
select tests.login_as('alice');
select throws_ok($$ update workspace_members set role = 'admin' where user_id = (select auth.uid()) $$,
  '42501', null, 'an owner cannot change their own role');
select is(tests.affected(format($$ update workspace_members set role = 'member' where user_id = %L $$, tests.uid('adam'))), 1,
  'an owner can demote an admin');
select is(tests.affected(format($$ update workspace_members set role = 'admin' where user_id = %L $$, tests.uid('adam'))), 1,
  'an owner can promote a member to admin');
select is(tests.affected(format($$ update workspace_members set role = 'member' where user_id = %L $$, tests.uid('newbie2'))), 1,
  'an owner can demote another owner');
select is(tests.affected(format($$ update workspace_members set role = 'member' where user_id = %L $$, tests.uid('bob'))), 0,
  'an owner cannot change roles in another workspace');
select tests.logout();
select results_eq(
  $$ select u.email::text, m.role from workspace_members m join auth.users u on u.id = m.user_id
     where m.workspace_id = tests.ws('A') order by u.email collate "C" $$,
  $$ values ('adam@pgtap.test', 'admin'), ('alice@pgtap.test', 'owner'), ('mia@pgtap.test', 'member'),
            ('newbie2@pgtap.test', 'member'), ('newbie@pgtap.test', 'admin') $$,
  'roles in A are exactly what the allowed changes made them');

-- Removing members -------------------------------------------------------------------------------

select tests.login_as('mia');
select is(tests.affected(format($$ delete from workspace_members where user_id = %L $$, tests.uid('newbie'))), 0,
  'a member cannot remove others');
select tests.login_as('adam');
select is(tests.affected(format($$ delete from workspace_members where user_id = %L $$, tests.uid('alice'))), 0,
  'an admin cannot remove an owner');
select is(tests.affected(format($$ delete from workspace_members where user_id = %L $$, tests.uid('bea'))), 0,
  'an admin cannot remove members of another workspace');
select is(tests.affected(format($$ delete from workspace_members where user_id = %L $$, tests.uid('newbie'))), 1,
  'an admin can remove an admin');
select tests.login_as('alice');
select throws_ok($$ delete from workspace_members where user_id = (select auth.uid()) $$,
  '42501', null, 'the last owner cannot leave');
select tests.login_as('newbie2');
select is(tests.affected($$ delete from workspace_members where user_id = (select auth.uid()) $$), 1,
  'a member can leave');
select tests.login_as('bob');
select is(tests.affected(format($$ delete from workspace_members where user_id = %L $$, tests.uid('mia'))), 0,
  'an owner cannot remove members of another workspace');

-- A removed member loses access at once.
select tests.login_as('alice');
select is(tests.affected(format($$ delete from workspace_members where user_id = %L $$, tests.uid('mia'))), 1,
  'an owner can remove a member');
select tests.login_as('mia');
select is_empty($$ select * from workspaces $$, 'a removed member no longer reads the workspace');
select is_empty($$ select * from workspace_members $$, 'a removed member no longer reads its members');
select is(connectors.is_workspace_member(tests.ws('A')), false, 'is_workspace_member is false at once');

-- Owners: two can step down one at a time; the last one cannot.
select tests.logout();
insert into workspace_members (workspace_id, user_id, role) values (tests.ws('A'), tests.uid('olga'), 'owner');
select tests.login_as('olga');
select is(tests.affected($$ delete from workspace_members where user_id = (select auth.uid()) $$), 1,
  'an owner can leave while another owner remains');
select tests.login_as('alice');
select throws_ok(format($$ delete from workspace_members where workspace_id = %L $$, tests.ws('A')),
  '42501', null, 'an owner cannot empty the workspace of owners');

-- service_role and the database owner are not restricted by the guards.
select tests.login_as_service_role();
select lives_ok(format($$ update workspace_members set role = 'member' where user_id = %L $$, tests.uid('bob')),
  'service_role can change any role, even the last owner''s');
select lives_ok(format($$ delete from workspaces where id = %L $$, tests.ws('B')),
  'service_role deletes a workspace');
select tests.logout();
select is((select count(*)::int from workspace_members where user_id in (tests.uid('bob'), tests.uid('bea'))), 0,
  'deleting a workspace removes its memberships');
delete from auth.users where email = 'alice@pgtap.test';
select is((select count(*)::int from workspace_members where workspace_id = tests.ws('A') and role = 'owner'), 0,
  'deleting a user removes their memberships, even the last owner''s');

select * from finish();
rollback;
