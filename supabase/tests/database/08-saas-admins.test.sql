-- saas_admin_users and the membership helpers every policy relies on.
begin;
create extension if not exists pgtap;
select plan(48);

-- Shared helpers (tests.login_as, tests.affected, …) and the users and workspaces.
\ir ../helpers/fixtures.psql

insert into auth.users (id, email) values (gen_random_uuid(), 'sue@pgtap.test');
insert into saas_admin_users (user_id, role, permissions) values (tests.uid('sue'), 'super_admin', '{"stats": true}');

-- saas_admin_users ----------------------------------------------------------------------------------------

select tests.login_as('sam');
select results_eq($$ select user_id, role from saas_admin_users $$, $$ values (tests.uid('sam'), 'admin') $$,
  'a saas admin reads their own row only');
select tests.login_as('sue');
select results_eq($$ select role, permissions from saas_admin_users $$, $$ values ('super_admin', '{"stats": true}'::jsonb) $$,
  'a super admin reads their own row only');
select tests.login_as('alice');
select is_empty($$ select * from saas_admin_users $$, 'a workspace owner reads no saas admin row');
select tests.login_as('olga');
select is_empty($$ select * from saas_admin_users $$, 'an outsider reads no saas admin row');
select tests.login_as_anon();
select throws_ok($$ select * from connectors.saas_admin_users $$, '42501', null, 'anon cannot read saas admins');

select tests.login_as('olga');
select throws_ok(format($$ insert into saas_admin_users (user_id, role) values (%L, 'super_admin') $$, tests.uid('olga')),
  '42501', null, 'a user cannot make themself a saas admin');
select tests.login_as('sam');
select throws_ok($$ update saas_admin_users set role = 'super_admin' $$, '42501', null, 'a saas admin cannot promote themself');
select throws_ok($$ update saas_admin_users set permissions = '{"all": true}' $$, '42501', null, 'a saas admin cannot grant themself permissions');
select throws_ok(format($$ insert into saas_admin_users (user_id) values (%L) $$, tests.uid('olga')),
  '42501', null, 'a saas admin cannot appoint others');
select throws_ok(
  format($$ insert into saas_admin_users (user_id, role) values (%L, 'admin') on conflict (user_id) do update set role = 'admin' $$, tests.uid('sue')),
  '42501', null, 'a saas admin cannot upsert over another admin');
select throws_ok($$ delete from saas_admin_users $$, '42501', null, 'a saas admin cannot remove admins');
select tests.login_as('sue');
select throws_ok(format($$ delete from saas_admin_users where user_id = %L $$, tests.uid('sam')),
  '42501', null, 'even a super admin cannot remove admins through the API');
select tests.login_as_anon();
select throws_ok(format($$ insert into connectors.saas_admin_users (user_id) values (%L) $$, tests.uid('olga')),
  '42501', null, 'anon cannot appoint saas admins');

select tests.login_as_service_role();
select lives_ok(format($$ insert into saas_admin_users (user_id) values (%L) $$, tests.uid('olga')),
  'service_role appoints a saas admin');
select is((select role from saas_admin_users where user_id = tests.uid('olga')), 'admin', 'the default role is admin');
select throws_ok(format($$ update saas_admin_users set role = 'root' where user_id = %L $$, tests.uid('olga')),
  '23514', null, 'roles are admin or super_admin');
select is(tests.affected(format($$ update saas_admin_users set role = 'super_admin' where user_id = %L $$, tests.uid('olga'))), 1,
  'service_role changes roles');
select is(tests.affected(format($$ delete from saas_admin_users where user_id = %L $$, tests.uid('olga'))), 1,
  'service_role removes saas admins');
select tests.logout();
delete from auth.users where id = tests.uid('sue');
select is((select count(*)::int from saas_admin_users where role = 'super_admin'), 0, 'deleting a user removes their saas admin row');

-- is_saas_admin -------------------------------------------------------------------------------------------

select tests.login_as('sam');
select is(connectors.is_saas_admin(), true, 'is_saas_admin is true for a saas admin');
select tests.login_as('alice');
select is(connectors.is_saas_admin(), false, 'is_saas_admin is false for a workspace owner');
select tests.login_as('olga');
select is(connectors.is_saas_admin(), false, 'is_saas_admin is false for an outsider');
select tests.login_as_service_role();
select is(connectors.is_saas_admin(), false, 'is_saas_admin is false without a user');
select tests.login_as_anon();
select throws_ok($$ select connectors.is_saas_admin() $$, '42501', null, 'anon cannot call is_saas_admin');

-- Membership helpers ---------------------------------------------------------------------------------------

select tests.login_as('alice');
select is(connectors.is_workspace_member(tests.ws('A')), true, 'an owner is a member of their workspace');
select is(connectors.is_workspace_member(tests.ws('B')), false, 'an owner is not a member of another workspace');
select is(connectors.has_workspace_role(tests.ws('A'), array['owner']), true, 'has_workspace_role sees the owner');
select is(connectors.has_workspace_role(tests.ws('B'), array['owner', 'admin', 'member']), false, 'has_workspace_role is per workspace');
select results_eq($$ select connectors.user_workspace_ids() $$, $$ values (tests.ws('A')) $$, 'user_workspace_ids lists the caller''s workspaces');
select tests.login_as('adam');
select is(connectors.has_workspace_role(tests.ws('A'), array['owner']), false, 'an admin is not an owner');
select is(connectors.has_workspace_role(tests.ws('A'), array['owner', 'admin']), true, 'an admin has the admin role');
select is_empty($$ select connectors.user_workspace_ids(array['owner']) $$, 'user_workspace_ids filters by role');
select tests.login_as('mia');
select is(connectors.is_workspace_member(tests.ws('A')), true, 'a member is a member');
select is(connectors.has_workspace_role(tests.ws('A'), array['owner', 'admin']), false, 'a member has neither owner nor admin role');
select tests.login_as('olga');
select is(connectors.is_workspace_member(tests.ws('A')), false, 'an outsider is a member of nothing');
select is_empty($$ select connectors.user_workspace_ids() $$, 'an outsider has no workspaces');
select tests.login_as('bob');
select results_eq($$ select connectors.user_workspace_ids(array['owner']) $$, $$ values (tests.ws('B')) $$,
  'a helper answers only about the caller');
select tests.login_as_anon();
select throws_ok(format($$ select connectors.is_workspace_member(%L) $$, tests.ws('A')), '42501', null,
  'anon cannot call is_workspace_member');
select throws_ok(format($$ select connectors.has_workspace_role(%L, array['owner']) $$, tests.ws('A')), '42501', null,
  'anon cannot call has_workspace_role');
select throws_ok($$ select connectors.user_workspace_ids() $$, '42501', null, 'anon cannot call user_workspace_ids');

-- auth.* functions the policies rely on ----------------------------------------------------------------------

select tests.login_as('mia');
select is(auth.uid(), tests.uid('mia'), 'auth.uid() reads the sub claim');
select is(auth.role(), 'authenticated', 'auth.role() reads the role claim');
select is(auth.jwt() ->> 'sub', tests.uid('mia')::text, 'auth.jwt() returns the claims');
select tests.logout();
select is(auth.uid(), null, 'auth.uid() is null without claims');
do $$ begin perform set_config('request.jwt.claims', '', true); end $$;
select is(auth.uid(), null, 'auth.uid() is null for empty claims');
do $$ begin perform set_config('request.jwt.claims', '{"role": "anon"}', true); end $$;
select is(auth.uid(), null, 'auth.uid() is null when there is no sub');
do $$ begin perform set_config('request.jwt.claims', '{"sub": ""}', true); end $$;
select is(auth.uid(), null, 'auth.uid() is null for an empty sub');
do $$ begin perform set_config('request.jwt.claims', '', true); end $$;

-- Guards restrict API users only ----------------------------------------------------------------------------

select tests.login_as('mia');
do $$ begin perform set_config('request.jwt.claims', json_build_object('sub', tests.uid('mia'), 'role', 'service_role')::text, true); end $$;
select is(tests.affected($$ update workspace_members set role = 'owner' where user_id = (select auth.uid()) $$), 0,
  'a role claim cannot lift the restrictions of the authenticated database role');

select * from finish();
rollback;
