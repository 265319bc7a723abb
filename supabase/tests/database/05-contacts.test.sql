-- contacts: the CRM owns them (service_role writes); members of the workspace only read.
begin;
create extension if not exists pgtap;
select plan(32);

-- Shared helpers (tests.login_as, tests.affected, …) and the users and workspaces.
\ir ../helpers/fixtures.psql

insert into contacts (id, workspace_id, email, first_name, custom_fields) values
  ('d0000000-0000-0000-0000-00000000000a', tests.ws('A'), 'ann@example.com', 'Ann', '{"tier": "gold"}'),
  ('d0000000-0000-0000-0000-00000000000b', tests.ws('B'), 'ben@example.com', 'Ben', '{}');

-- Reading ------------------------------------------------------------------------------------

select tests.login_as('alice');
select results_eq($$ select email from contacts $$, array['ann@example.com'], 'an owner reads their workspace''s contacts only');
select tests.login_as('adam');
select results_eq($$ select email from contacts $$, array['ann@example.com'], 'an admin reads their workspace''s contacts only');
select tests.login_as('mia');
select results_eq($$ select email, first_name, custom_fields from contacts $$,
  $$ values ('ann@example.com', 'Ann', '{"tier": "gold"}'::jsonb) $$, 'a member reads their workspace''s contacts only');
select is_empty($$ select * from contacts where id = 'd0000000-0000-0000-0000-00000000000b' $$,
  'a member cannot read another workspace''s contact by id');
select tests.login_as('bea');
select results_eq($$ select email from contacts $$, array['ben@example.com'], 'a member of B reads only B''s contacts');
select tests.login_as('olga');
select is_empty($$ select * from contacts $$, 'an outsider reads no contact');
select tests.login_as('sam');
select is_empty($$ select * from contacts $$, 'a saas admin reads no workspace''s contacts');
select tests.login_as_anon();
select throws_ok($$ select * from connectors.contacts $$, '42501', null, 'anon cannot read contacts');

-- Nobody but service_role writes ----------------------------------------------------------------

select tests.login_as('alice');
select throws_ok(format($$ insert into contacts (workspace_id, email) values (%L, 'x@example.com') $$, tests.ws('A')),
  '42501', null, 'an owner cannot create contacts');
select throws_ok($$ update contacts set first_name = 'X' $$, '42501', null, 'an owner cannot edit contacts');
select throws_ok($$ delete from contacts $$, '42501', null, 'an owner cannot delete contacts');
select tests.login_as('adam');
select throws_ok(format($$ insert into contacts (workspace_id, email) values (%L, 'x@example.com') $$, tests.ws('A')),
  '42501', null, 'an admin cannot create contacts');
select throws_ok($$ update contacts set custom_fields = '{}' $$, '42501', null, 'an admin cannot edit contacts');
select throws_ok($$ delete from contacts $$, '42501', null, 'an admin cannot delete contacts');
select tests.login_as('mia');
select throws_ok(format($$ insert into contacts (workspace_id, email) values (%L, 'x@example.com') $$, tests.ws('A')),
  '42501', null, 'a member cannot create contacts');
select throws_ok(format($$ insert into contacts (workspace_id, email) values (%L, 'x@example.com') $$, tests.ws('B')),
  '42501', null, 'a member cannot create contacts in another workspace');
select throws_ok(format($$ update contacts set workspace_id = %L $$, tests.ws('B')),
  '42501', null, 'a member cannot move contacts into another workspace');
select throws_ok($$ update contacts set company = 'X' where id = 'd0000000-0000-0000-0000-00000000000b' $$,
  '42501', null, 'a member cannot edit another workspace''s contact');
select throws_ok($$ delete from contacts where id = 'd0000000-0000-0000-0000-00000000000b' $$,
  '42501', null, 'a member cannot delete another workspace''s contact');
select throws_ok(
  format($$ insert into contacts (id, workspace_id, email) values ('d0000000-0000-0000-0000-00000000000b', %L, 'x@example.com')
            on conflict (id) do update set email = 'hijacked@example.com' $$, tests.ws('A')),
  '42501', null, 'upserting onto another workspace''s contact id fails');
select tests.login_as('olga');
select throws_ok(format($$ insert into contacts (workspace_id, email) values (%L, 'x@example.com') $$, tests.ws('A')),
  '42501', null, 'an outsider cannot create contacts');
select throws_ok($$ update contacts set first_name = 'X' $$, '42501', null, 'an outsider cannot edit contacts');
select tests.login_as_anon();
select throws_ok(format($$ insert into connectors.contacts (workspace_id, email) values (%L, 'x@example.com') $$, tests.ws('A')),
  '42501', null, 'anon cannot create contacts');
select throws_ok($$ delete from connectors.contacts $$, '42501', null, 'anon cannot delete contacts');
select tests.logout();
select results_eq($$ select email, first_name from contacts order by email $$,
  $$ values ('ann@example.com', 'Ann'), ('ben@example.com', 'Ben') $$, 'the contacts are untouched');

-- service_role (the CRM and the field mapping) -------------------------------------------------------

select tests.login_as_service_role();
select lives_ok(format($$ insert into contacts (workspace_id, email) values (%L, 'cat@example.com') $$, tests.ws('A')),
  'service_role creates contacts');
select is(tests.affected($$ update contacts set company = 'Acme', custom_fields = custom_fields || '{"external_id": "42"}'
                            where email = 'ann@example.com' $$), 1,
  'service_role applies a field mapping');
select results_eq($$ select company, custom_fields from contacts where email = 'ann@example.com' $$,
  $$ values ('Acme', '{"tier": "gold", "external_id": "42"}'::jsonb) $$, 'unknown mapped fields land in custom_fields');
select throws_ok($$ update contacts set custom_fields = '[]' $$, '23514', null, 'custom_fields is a JSON object');
select is(tests.affected($$ delete from contacts where email = 'cat@example.com' $$), 1, 'service_role deletes contacts');
select tests.login_as('mia');
select results_eq($$ select company from contacts $$, array['Acme'], 'members see what the mapping wrote');

-- A removed member loses access at once.
select tests.logout();
delete from workspace_members where user_id = tests.uid('mia');
select tests.login_as('mia');
select is_empty($$ select * from contacts $$, 'a removed member reads no contact');

select * from finish();
rollback;
