-- audit_log: append-only; members append as themselves; owners and admins read.
begin;
create extension if not exists pgtap;
select plan(38);

-- Test helpers and fixture, created inside this file's transaction (rolled back at the end).
create schema if not exists tests;
grant usage on schema tests to anon, authenticated, service_role;

-- Ids of test users and workspaces by name; security definer so they work under any role.
create or replace function tests.uid(name text) returns uuid
  language sql stable security definer set search_path = ''
  as $$ select id from auth.users where email = $1 || '@pgtap.test' $$;
create or replace function tests.ws(name text) returns uuid
  language sql stable security definer set search_path = ''
  as $$ select id from public.workspaces where name = 'pgtap-' || $1 $$;

-- Become a user for the rest of the transaction, exactly as the API does per request.
create or replace function tests.login_as(name text) returns void language plpgsql as $$
begin
  perform set_config('request.jwt.claims',
    json_build_object('sub', tests.uid(name), 'role', 'authenticated')::text, true);
  set local role authenticated;
end $$;
create or replace function tests.login_as_anon() returns void language plpgsql as $$
begin
  perform set_config('request.jwt.claims', json_build_object('role', 'anon')::text, true);
  set local role anon;
end $$;
create or replace function tests.login_as_service_role() returns void language plpgsql as $$
begin
  perform set_config('request.jwt.claims', json_build_object('role', 'service_role')::text, true);
  set local role service_role;
end $$;
create or replace function tests.logout() returns void language plpgsql as $$
begin
  perform set_config('request.jwt.claims', '', true);
  reset role;
end $$;

-- Rows a statement affected under the current role (RLS silently skips rows it hides).
create or replace function tests.affected(query text) returns integer language plpgsql as $$
declare
  n integer;
begin
  execute query;
  get diagnostics n = row_count;
  return n;
end $$;

-- alice owns A, adam is an admin of A, mia a member of A; bob owns B, bea is a member of B;
-- olga belongs to no workspace; sam is a saas admin (and in no workspace).
insert into auth.users (email)
  select u || '@pgtap.test' from unnest(array['alice', 'adam', 'mia', 'bob', 'bea', 'olga', 'sam']) u;
insert into public.workspaces (name) values ('pgtap-A'), ('pgtap-B');
insert into public.workspace_members (workspace_id, user_id, role) values
  (tests.ws('A'), tests.uid('alice'), 'owner'),
  (tests.ws('A'), tests.uid('adam'), 'admin'),
  (tests.ws('A'), tests.uid('mia'), 'member'),
  (tests.ws('B'), tests.uid('bob'), 'owner'),
  (tests.ws('B'), tests.uid('bea'), 'member');
insert into public.saas_admin_users (user_id, role) values (tests.uid('sam'), 'admin');

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
select throws_ok($$ select * from audit_log $$, '42501', null, 'anon cannot read the audit log');
select tests.login_as_service_role();
select is((select count(*)::int from audit_log), 2, 'service_role reads every audit row');

-- Appending -----------------------------------------------------------------------------------------

select tests.login_as('mia');
select lives_ok(
  format($$ insert into audit_log (workspace_id, action, target_type, target_id, metadata)
            values (%L, 'connector.update', 'connector', 'c-a', '{"fields": ["name"]}') $$, tests.ws('A')),
  'a member appends to their workspace''s audit log (actor defaults to the caller)');
select lives_ok(
  format($$ insert into audit_log (workspace_id, actor_id, action) values (%L, %L, 'execution.start') $$,
         tests.ws('A'), tests.uid('mia')),
  'a member appends naming themself as actor');
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
  format($$ insert into audit_log (workspace_id, action, created_at) values (%L, 'connector.delete', now() - interval '1 year') $$, tests.ws('A')),
  '42501', null, 'a member cannot backdate an audit row');
select throws_ok(
  format($$ insert into audit_log (workspace_id, action) values (%L, 'Connector Deleted') $$, tests.ws('A')),
  '23514', null, 'actions are dotted lowercase names');
select throws_ok(
  format($$ insert into audit_log (workspace_id, action, metadata) values (%L, 'connector.delete', '[]') $$, tests.ws('A')),
  '23514', null, 'metadata is a JSON object');
select tests.login_as('olga');
select throws_ok(
  format($$ insert into audit_log (workspace_id, action) values (%L, 'connector.delete') $$, tests.ws('A')),
  '42501', null, 'an outsider cannot append to a workspace''s audit log');
select tests.login_as_anon();
select throws_ok(
  format($$ insert into audit_log (workspace_id, action) values (%L, 'connector.delete') $$, tests.ws('A')),
  '42501', null, 'anon cannot append to the audit log');
select tests.login_as('alice');
select results_eq($$ select actor_id, action from audit_log order by action $$,
  $$ values (tests.uid('alice'), 'connector.create'), (tests.uid('mia'), 'connector.update'), (tests.uid('mia'), 'execution.start') $$,
  'the owner sees what members appended');

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
select throws_ok($$ delete from audit_log $$, '42501', null, 'anon cannot delete from the audit log');
select tests.login_as_service_role();
select throws_ok($$ update audit_log set action = 'connector.nothing' $$, '42501', 'audit_log is append-only',
  'even service_role cannot edit the audit log');
select throws_ok($$ delete from audit_log where id = 'b0000000-0000-0000-0000-00000000000a' $$, '42501', 'audit_log is append-only',
  'even service_role cannot delete from the audit log');
select throws_ok($$ truncate audit_log $$, '42501', null, 'service_role cannot truncate the audit log');
select lives_ok(
  format($$ insert into audit_log (workspace_id, action, metadata) values (%L, 'template.install', '{"source": "runner"}') $$, tests.ws('A')),
  'service_role appends (e.g. for the runner)');
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
