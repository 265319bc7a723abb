-- workspace_api_credentials: members see metadata, owners/admins write, nobody reads ciphertext
-- back.
begin;
create extension if not exists pgtap;
select plan(77);

-- Shared helpers (tests.login_as, tests.affected, …) and the users and workspaces.
\ir ../helpers/fixtures.psql

-- Backdated, so that changes to updated_at are visible within this transaction.
insert into workspace_api_credentials (id, workspace_id, name, ciphertext, allowed_hosts, created_at, updated_at) values
  ('a0000000-0000-0000-0000-00000000000a', tests.ws('A'), 'token_a', 'c2VjcmV0LUE=', '{api.example.com}',
   now() - interval '1 day', now() - interval '1 day'),
  ('a0000000-0000-0000-0000-00000000000b', tests.ws('B'), 'token_b', 'c2VjcmV0LUI=', '{api.example.com}',
   now() - interval '1 day', now() - interval '1 day');

-- Reading metadata ------------------------------------------------------------------------------

select tests.login_as('alice');
select results_eq($$ select name from workspace_api_credentials $$, array['token_a'],
  'an owner reads their workspace''s credential names only');
select tests.login_as('adam');
select results_eq($$ select name from workspace_api_credentials $$, array['token_a'],
  'an admin reads their workspace''s credential names only');
select tests.login_as('mia');
select results_eq(
  $$ select name, provider, auth_type, key_version, allowed_hosts from workspace_api_credentials $$,
  $$ values ('token_a', null::text, 'bearer', 1, '{api.example.com}'::text[]) $$,
  'a member reads credential metadata of their workspace');
select tests.login_as('bea');
select results_eq($$ select name from workspace_api_credentials $$, array['token_b'],
  'a member of B reads only B''s credentials');
select tests.login_as('olga');
select is_empty($$ select name from workspace_api_credentials $$, 'an outsider reads no credential');
select tests.login_as('sam');
select is_empty($$ select name from workspace_api_credentials $$, 'a saas admin reads no workspace''s credentials');
select tests.login_as_anon();
select throws_ok($$ select name from connectors.workspace_api_credentials $$, '42501', null, 'anon cannot read credentials');

-- Ciphertext is never readable by authenticated ---------------------------------------------------

select tests.login_as('alice');
select throws_ok($$ select ciphertext from workspace_api_credentials $$, '42501', null,
  'an owner cannot select ciphertext');
select throws_ok($$ select * from workspace_api_credentials $$, '42501', null,
  'an owner cannot select * (it includes ciphertext)');
select tests.login_as('adam');
select throws_ok($$ select ciphertext from workspace_api_credentials $$, '42501', null,
  'an admin cannot select ciphertext');
select throws_ok($$ select name from workspace_api_credentials where ciphertext like 'c2%' $$, '42501', null,
  'an admin cannot probe ciphertext in a filter');
select tests.login_as('mia');
select throws_ok($$ select ciphertext from workspace_api_credentials $$, '42501', null,
  'a member cannot select ciphertext');
select throws_ok($$ select w from workspace_api_credentials w $$, '42501', null,
  'a member cannot select the whole row');
select tests.login_as('adam');
select throws_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts)
            values (%L, 'echo', 'x', '{a.example.com}') returning ciphertext $$, tests.ws('A')),
  '42501', null, 'ciphertext cannot be read back through RETURNING');
select throws_ok(
  $$ update workspace_api_credentials set provider = 'p' where name = 'token_a' returning ciphertext $$,
  '42501', null, 'ciphertext cannot be read back through UPDATE … RETURNING');
select tests.login_as_service_role();
select results_eq($$ select ciphertext from workspace_api_credentials where name = 'token_a' $$,
  array['c2VjcmV0LUE='], 'service_role (the runner) reads ciphertext');

-- Storing ----------------------------------------------------------------------------------------

select tests.login_as('adam');
select lives_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, provider, auth_type, ciphertext, key_version, allowed_hosts)
            values (%L, 'hubspot_token', 'hubspot', 'bearer', 'Y3Q=', 1, '{api.hubapi.com}') $$, tests.ws('A')),
  'an admin stores a credential');
select results_eq(
  $$ select created_by, key_version, last_used_at is null from workspace_api_credentials where name = 'hubspot_token' $$,
  $$ values (tests.uid('adam'), 1, true) $$,
  'a stored credential records who stored it');
select tests.login_as('alice');
select lives_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts)
            values (%L, 'owner_token', 'Y3Q=', '{*.example.com, api.example.com:8443}') $$, tests.ws('A')),
  'an owner stores a credential');
select lives_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts)
            values (%L, 'owner_token', 'bmV3', '{api.example.com}')
            on conflict (workspace_id, name) do update
            set ciphertext = 'bmV3', allowed_hosts = '{api.example.com}', key_version = 1 $$, tests.ws('A')),
  'an owner replaces a credential with an upsert (values repeated, not read from EXCLUDED)');
select tests.login_as('mia');
select throws_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts)
            values (%L, 'mine', 'x', '{evil.example}') $$, tests.ws('A')),
  '42501', null, 'a member cannot store credentials');
select tests.login_as('adam');
select throws_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts)
            values (%L, 'planted', 'x', '{evil.example}') $$, tests.ws('B')),
  '42501', null, 'an admin cannot store a credential in another workspace');
select throws_ok(
  format($$ insert into workspace_api_credentials (id, workspace_id, name, ciphertext, allowed_hosts)
            values ('a0000000-0000-0000-0000-00000000000b', %L, 'stolen', 'x', '{evil.example}')
            on conflict (id) do update set allowed_hosts = '{evil.example}' $$, tests.ws('A')),
  '42501', null, 'upserting onto another workspace''s credential id fails');
select throws_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts, created_by)
            values (%L, 'spoof', 'x', '{a.example}', %L) $$, tests.ws('A'), tests.uid('alice')),
  '42501', null, 'created_by cannot be spoofed');
select throws_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts, last_used_at)
            values (%L, 'spoof', 'x', '{a.example}', now()) $$, tests.ws('A')),
  '42501', null, 'last_used_at is the runner''s');
select throws_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts)
            values (%L, 'Bad-Name', 'x', '{a.example}') $$, tests.ws('A')),
  '23514', null, 'names match ^[a-z][a-z0-9_]{0,62}$ (no capitals or dashes)');
select throws_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts)
            values (%L, '1token', 'x', '{a.example}') $$, tests.ws('A')),
  '23514', null, 'names start with a letter');
select throws_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts)
            values (%L, %L, 'x', '{a.example}') $$, tests.ws('A'), 'a' || repeat('b', 63)),
  '23514', null, 'names are at most 63 characters');
select lives_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts)
            values (%L, %L, 'x', '{a.example}') $$, tests.ws('A'), 'a' || repeat('b', 62)),
  'a 63-character name is fine');
select throws_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts)
            values (%L, 'no_hosts', 'x', '{}') $$, tests.ws('A')),
  '23514', null, 'allowed_hosts cannot be empty');
select throws_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext)
            values (%L, 'no_hosts', 'x') $$, tests.ws('A')),
  '23502', null, 'allowed_hosts is required');
select throws_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts)
            values (%L, 'blank_host', 'x', '{""}') $$, tests.ws('A')),
  '23514', null, 'allowed_hosts entries cannot be blank');
select throws_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts)
            values (%L, 'null_host', 'x', array['a.example', null]) $$, tests.ws('A')),
  '23514', null, 'allowed_hosts entries cannot be null');
select throws_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, allowed_hosts)
            values (%L, 'no_value', '{a.example}') $$, tests.ws('A')),
  '23502', null, 'a credential needs ciphertext');
select throws_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts)
            values (%L, 'token_a', 'x', '{a.example}') $$, tests.ws('A')),
  '23505', null, 'names are unique within a workspace');
select tests.login_as('bob');
select lives_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts)
            values (%L, 'token_a', 'x', '{a.example}') $$, tests.ws('B')),
  'the same name may exist in another workspace');
select tests.login_as('olga');
select throws_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts)
            values (%L, 'planted', 'x', '{evil.example}') $$, tests.ws('A')),
  '42501', null, 'an outsider cannot store credentials');
select tests.login_as_anon();
select throws_ok(
  format($$ insert into connectors.workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts)
            values (%L, 'planted', 'x', '{evil.example}') $$, tests.ws('A')),
  '42501', null, 'anon cannot store credentials');

-- Replacing ---------------------------------------------------------------------------------------

select tests.login_as('mia');
select is(tests.affected($$ update workspace_api_credentials set allowed_hosts = '{evil.example}' $$), 0,
  'a member cannot widen allowed_hosts');
select is(tests.affected($$ update workspace_api_credentials set ciphertext = 'x' $$), 0,
  'a member cannot replace a value');
select tests.login_as('adam');
select is(tests.affected($$ update workspace_api_credentials set ciphertext = 'bmV3ZXI=', key_version = 2
                            where name = 'token_a' $$), 1,
  'an admin replaces a value');
select is(tests.affected($$ update workspace_api_credentials set allowed_hosts = '{evil.example}'
                            where id = 'a0000000-0000-0000-0000-00000000000b' $$), 0,
  'an admin cannot change another workspace''s credential');
select throws_ok(format($$ update workspace_api_credentials set workspace_id = %L where name = 'token_a' $$, tests.ws('B')),
  '42501', null, 'a credential cannot be moved into another workspace');
select throws_ok($$ update workspace_api_credentials set name = 'renamed' where name = 'token_a' $$,
  '42501', null, 'a credential cannot be renamed (templates bind it by name)');
select throws_ok($$ update workspace_api_credentials set last_used_at = now() $$,
  '42501', null, 'an admin cannot fake last_used_at');
select throws_ok(format($$ update workspace_api_credentials set created_by = %L $$, tests.uid('adam')),
  '42501', null, 'an admin cannot rewrite created_by');
select throws_ok($$ update workspace_api_credentials set allowed_hosts = '{}' where name = 'token_a' $$,
  '23514', null, 'allowed_hosts cannot be emptied');
select tests.login_as('olga');
select is(tests.affected($$ update workspace_api_credentials set ciphertext = 'x' $$), 0, 'an outsider replaces nothing');
select tests.logout();
select results_eq(
  $$ select name, ciphertext, key_version, allowed_hosts, updated_at = now()
     from workspace_api_credentials where name in ('token_a', 'token_b') order by workspace_id = tests.ws('B'), name $$,
  $$ values ('token_a', 'bmV3ZXI=', 2, '{api.example.com}'::text[], true),
            ('token_a', 'x', 1, '{a.example}'::text[], true),
            ('token_b', 'c2VjcmV0LUI=', 1, '{api.example.com}'::text[], false) $$,
  'only the admin''s replacement happened');

-- Placement rules (docs/SECURITY.md: placements, query_param) -------------------------------------

select tests.login_as('mia');
select results_eq(
  $$ select placements, query_param from workspace_api_credentials where name = 'token_a' $$,
  $$ values ('{header}'::text[], null::text) $$,
  'a member reads the placement rules; by default header only and no pinned query parameter');
select is(tests.affected($$ update workspace_api_credentials set placements = '{header,query,path,body}' $$), 0,
  'a member cannot widen placements');
select is(tests.affected($$ update workspace_api_credentials set query_param = 'email' $$), 0,
  'a member cannot pin a query parameter');
select tests.login_as('adam');
select lives_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts, placements, query_param)
            values (%L, 'keyed', 'x', '{api.example.com}', '{query,header}', 'api_key') $$, tests.ws('A')),
  'an admin stores a credential with placements and a pinned query parameter');
select results_eq($$ select placements, query_param from workspace_api_credentials where name = 'keyed' $$,
  $$ values ('{query,header}'::text[], 'api_key'::text) $$, 'they are stored as given');
select throws_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts, placements)
            values (%L, 'p1', 'x', '{a.example}', '{}') $$, tests.ws('A')),
  '23514', null, 'placements cannot be empty');
select throws_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts, placements)
            values (%L, 'p2', 'x', '{a.example}', null) $$, tests.ws('A')),
  '23502', null, 'placements cannot be null');
select throws_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts, placements)
            values (%L, 'p3', 'x', '{a.example}', '{header,header}') $$, tests.ws('A')),
  '23514', null, 'placements cannot repeat an entry');
select throws_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts, placements)
            values (%L, 'p4', 'x', '{a.example}', '{header,cookie}') $$, tests.ws('A')),
  '23514', null, 'placements are among header, query, path and body');
select throws_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts, placements)
            values (%L, 'p5', 'x', '{a.example}', array['header', null]) $$, tests.ws('A')),
  '23514', null, 'placements cannot hold null');
select throws_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts, placements)
            values (%L, 'p6', 'x', '{a.example}', '{{header},{query}}') $$, tests.ws('A')),
  '23514', null, 'placements is a flat list');
select throws_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts, query_param)
            values (%L, 'q1', 'x', '{a.example}', 'api key') $$, tests.ws('A')),
  '23514', null, 'a pinned query parameter has no space');
select throws_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts, query_param)
            values (%L, 'q2', 'x', '{a.example}', '') $$, tests.ws('A')),
  '23514', null, 'a pinned query parameter is not empty');
select throws_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts, query_param)
            values (%L, 'q3', 'x', '{a.example}', 'a&b=c') $$, tests.ws('A')),
  '23514', null, 'a pinned query parameter cannot smuggle another parameter');
select throws_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts, query_param)
            values (%L, 'q4', 'x', '{a.example}', %L) $$, tests.ws('A'), repeat('k', 65)),
  '23514', null, 'a pinned query parameter is at most 64 characters');
select is(tests.affected($$ update workspace_api_credentials set placements = '{header,body}', query_param = null
                            where name = 'keyed' $$), 1,
  'an admin can change placement rules in SQL (the AAD then refuses the row until the value is stored again)');
select tests.login_as('olga');
select is(tests.affected($$ update workspace_api_credentials set placements = '{body}' $$), 0,
  'an outsider changes no placement rules');
select tests.login_as('adam');
delete from workspace_api_credentials where name = 'keyed';

-- Deleting ----------------------------------------------------------------------------------------

select tests.login_as('mia');
select is(tests.affected($$ delete from workspace_api_credentials $$), 0, 'a member cannot delete credentials');
select tests.login_as('adam');
select is(tests.affected($$ delete from workspace_api_credentials where id = 'a0000000-0000-0000-0000-00000000000b' $$), 0,
  'an admin cannot delete another workspace''s credential');
select is(tests.affected($$ delete from workspace_api_credentials where name = 'hubspot_token' $$), 1,
  'an admin deletes a credential');
select tests.login_as('alice');
select is(tests.affected($$ delete from workspace_api_credentials where name = 'owner_token' $$), 1,
  'an owner deletes a credential');
select tests.login_as('olga');
select is(tests.affected($$ delete from workspace_api_credentials $$), 0, 'an outsider deletes nothing');
select tests.login_as_anon();
select throws_ok($$ delete from connectors.workspace_api_credentials $$, '42501', null, 'anon cannot delete credentials');

-- A removed admin loses access at once.
select tests.logout();
delete from workspace_members where user_id = tests.uid('adam');
select tests.login_as('adam');
select is_empty($$ select name from workspace_api_credentials $$, 'a removed admin reads no credential');
select is(tests.affected($$ update workspace_api_credentials set ciphertext = 'x' $$), 0, 'a removed admin replaces nothing');
select is(tests.affected($$ delete from workspace_api_credentials $$), 0, 'a removed admin deletes nothing');
select throws_ok(
  format($$ insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts)
            values (%L, 'late', 'x', '{a.example}') $$, tests.ws('A')),
  '42501', null, 'a removed admin cannot store credentials');

-- The runner (service_role) marks use.
select tests.login_as_service_role();
select is(tests.affected($$ update workspace_api_credentials set last_used_at = now() where name = 'token_a' $$), 2,
  'service_role records last_used_at');

select * from finish();
rollback;
