-- oauth_states (the server half of an authorization-code flow) is service_role's alone, and only
-- service_role writes an OAuth credential's tokens, status, expiry, scopes and refresh lease.
begin;
create extension if not exists pgtap;
select plan(27);

\ir ../helpers/fixtures.psql

-- Stored as the database owner, whose writes keep the token state they set.
insert into workspace_api_credentials
  (id, workspace_id, name, auth_type, ciphertext, allowed_hosts, oauth_config, oauth_status) values
  ('a1000000-0000-0000-0000-00000000000a', tests.ws('A'), 'crm_oauth', 'oauth2', 'v2.c2VhbGVk',
   '{api.example.com}', '{"grantType": "authorization_code"}', 'pending');

-- The table -------------------------------------------------------------------------------------

select has_table('connectors', 'oauth_states', 'oauth_states exists');
select columns_are('connectors', 'oauth_states',
  array['id', 'workspace_id', 'credential_id', 'user_id', 'binding', 'sealed_verifier',
        'key_version', 'redirect_uri', 'return_to', 'expires_at', 'used_at', 'created_at'],
  'oauth_states has exactly its columns');
select ok((select relrowsecurity from pg_class where oid = 'connectors.oauth_states'::regclass),
  'oauth_states has row level security on');
select ok(
  not has_table_privilege('authenticated', 'connectors.oauth_states', 'SELECT,INSERT,UPDATE,DELETE,TRUNCATE,REFERENCES,TRIGGER')
  and not has_any_column_privilege('authenticated', 'connectors.oauth_states', 'SELECT,INSERT,UPDATE,REFERENCES'),
  'authenticated holds no privilege on oauth_states');
select ok(
  not has_table_privilege('anon', 'connectors.oauth_states', 'SELECT,INSERT,UPDATE,DELETE,TRUNCATE,REFERENCES,TRIGGER')
  and not has_any_column_privilege('anon', 'connectors.oauth_states', 'SELECT,INSERT,UPDATE,REFERENCES'),
  'anon holds no privilege on oauth_states');
select fk_ok('connectors', 'oauth_states', array['workspace_id', 'credential_id'],
  'connectors', 'workspace_api_credentials', array['workspace_id', 'id'],
  'a state belongs to a credential of its workspace');
select has_index('connectors', 'oauth_states', 'oauth_states_expires_at_idx', 'expired states are found by index');

select tests.login_as_service_role();
select lives_ok(
  format($$ insert into oauth_states
            (id, workspace_id, credential_id, user_id, binding, sealed_verifier, key_version,
             redirect_uri, expires_at)
            values ('b1000000-0000-0000-0000-000000000001', %L,
                    'a1000000-0000-0000-0000-00000000000a', %L, 'digest', 'v2.sealed', 1,
                    'https://api.test/v1/oauth/callback', now() + interval '10 minutes') $$,
         tests.ws('A'), tests.uid('adam')),
  'service_role stores a state');
select throws_ok(
  format($$ insert into oauth_states
            (workspace_id, credential_id, user_id, binding, sealed_verifier, key_version,
             redirect_uri, expires_at)
            values (%L, 'a1000000-0000-0000-0000-00000000000a', %L, 'd', 's', 1, 'r', now()) $$,
         tests.ws('B'), tests.uid('bea')),
  '23503', null, 'a state cannot name another workspace''s credential');
select is(tests.affected($$ update oauth_states set used_at = now()
                            where id = 'b1000000-0000-0000-0000-000000000001' and used_at is null
                              and expires_at > now() $$), 1,
  'service_role consumes a state once');
select is(tests.affected($$ update oauth_states set used_at = now()
                            where id = 'b1000000-0000-0000-0000-000000000001' and used_at is null
                              and expires_at > now() $$), 0,
  'and not twice');

select tests.login_as('alice');
select throws_ok($$ select id from connectors.oauth_states $$, '42501', null,
  'an owner cannot read OAuth states');
select throws_ok(
  format($$ insert into connectors.oauth_states
            (workspace_id, credential_id, user_id, binding, sealed_verifier, key_version,
             redirect_uri, expires_at)
            values (%L, 'a1000000-0000-0000-0000-00000000000a', %L, 'd', 's', 1, 'r', now()) $$,
         tests.ws('A'), tests.uid('alice')),
  '42501', null, 'an owner cannot plant an OAuth state');
select throws_ok($$ update connectors.oauth_states set used_at = null $$, '42501', null,
  'an owner cannot revive a used state');
select throws_ok($$ delete from connectors.oauth_states $$, '42501', null,
  'an owner cannot delete OAuth states');
select tests.login_as_anon();
select throws_ok($$ select id from connectors.oauth_states $$, '42501', null,
  'anon cannot read OAuth states');

-- Token state of a credential: service_role's alone (the foundation's grants) -----------------

select tests.login_as('alice');
select throws_ok($$ update workspace_api_credentials set oauth_status = 'connected' $$, '42501', null,
  'an owner cannot mark a credential connected');
select throws_ok($$ update workspace_api_credentials set expires_at = now() $$, '42501', null,
  'an owner cannot set a token expiry');
select throws_ok($$ update workspace_api_credentials set scopes = '{admin}' $$, '42501', null,
  'an owner cannot set granted scopes');
select throws_ok($$ update workspace_api_credentials set token_version = 99 $$, '42501', null,
  'an owner cannot move the token version');
select throws_ok($$ update workspace_api_credentials set refresh_holder = gen_random_uuid(), refresh_until = now() $$,
  '42501', null, 'an owner cannot take the refresh lease');
select throws_ok(
  format($$ insert into workspace_api_credentials
            (workspace_id, name, auth_type, ciphertext, allowed_hosts, oauth_config, oauth_status)
            values (%L, 'planted', 'oauth2', 'x', '{a.example.com}', '{}', 'connected') $$, tests.ws('A')),
  '42501', null, 'an owner cannot insert a credential already connected');
select is(tests.affected($$ update workspace_api_credentials set oauth_config = '{"grantType": "client_credentials"}'
                            where name = 'crm_oauth' $$), 1,
  'an owner may store a new OAuth configuration');
select tests.login_as_service_role();
select results_eq(
  $$ select oauth_status, token_version from workspace_api_credentials where name = 'crm_oauth' $$,
  $$ values ('pending'::text, 1::bigint) $$,
  'and that resets the token state to pending with a new token version');
select tests.login_as('mia');
select is(tests.affected($$ update workspace_api_credentials set oauth_config = '{}' where name = 'crm_oauth' $$), 0,
  'a member cannot change an OAuth configuration');
select tests.login_as_service_role();
select is(tests.affected($$ update workspace_api_credentials
                            set ciphertext = 'v2.tokens', token_version = token_version + 1,
                                oauth_status = 'connected', expires_at = now() + interval '1 hour',
                                scopes = '{read}', refresh_holder = null, refresh_until = null
                            where name = 'crm_oauth' and token_version = 1 $$), 1,
  'service_role stores tokens with the token-write protocol');
select is(tests.affected($$ update workspace_api_credentials set ciphertext = 'v2.stale',
                              token_version = token_version + 1
                            where name = 'crm_oauth' and token_version = 1 $$), 0,
  'a writer holding a stale token version changes nothing');

select * from finish();
rollback;
