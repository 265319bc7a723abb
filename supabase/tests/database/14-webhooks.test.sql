-- Inbound webhooks: members list them, owners and admins create, rotate and delete them, nobody
-- but the service reads a secret, a hook names a connector of its own workspace, and every
-- change a user makes is audited without its secret.
begin;
create extension if not exists pgtap;
select plan(20);

\ir ../helpers/fixtures.psql

insert into connectors (id, workspace_id, name, definition) values
  ('c0000000-0000-0000-0000-00000000000a', tests.ws('A'), 'conn A', '{"steps": [{"id": "s1"}]}'),
  ('c0000000-0000-0000-0000-00000000000b', tests.ws('B'), 'conn B', '{"steps": [{"id": "s1"}]}');
insert into connector_webhooks (id, workspace_id, connector_id, secret_ciphertext, secret_key_version)
values
  ('e0000000-0000-0000-0000-00000000000a', tests.ws('A'), 'c0000000-0000-0000-0000-00000000000a', 'v2.sealed-a', 1),
  ('e0000000-0000-0000-0000-00000000000b', tests.ws('B'), 'c0000000-0000-0000-0000-00000000000b', 'v2.sealed-b', 1);

select tests.login_as('mia');
select results_eq($$ select id::text from connector_webhooks $$,
  $$ values ('e0000000-0000-0000-0000-00000000000a') $$,
  'a member lists their workspace''s webhooks only');
select throws_ok($$ select secret_ciphertext from connector_webhooks $$,
  '42501', null, 'a member cannot read a webhook secret');
select throws_ok($$ insert into connector_webhooks (workspace_id, connector_id, secret_ciphertext, secret_key_version)
  values (tests.ws('A'), 'c0000000-0000-0000-0000-00000000000a', 'v2.x', 1) $$,
  '42501', null, 'a member cannot create a webhook');
select is(tests.affected($$ update connector_webhooks set secret_ciphertext = 'v2.y' $$), 0,
  'a member cannot rotate a webhook secret');
select is(tests.affected($$ delete from connector_webhooks $$), 0, 'a member cannot delete a webhook');

select tests.login_as('adam');
select throws_ok($$ select previous_secret_ciphertext from connector_webhooks $$,
  '42501', null, 'an admin cannot read a webhook secret either');
select lives_ok($$ insert into connector_webhooks (id, workspace_id, connector_id, description, secret_ciphertext, secret_key_version)
  values ('e0000000-0000-0000-0000-0000000000a2', tests.ws('A'), 'c0000000-0000-0000-0000-00000000000a', 'forms', 'v2.x', 1) $$,
  'an admin creates a webhook');
select throws_ok($$ insert into connector_webhooks (workspace_id, connector_id, secret_ciphertext, secret_key_version)
  values (tests.ws('A'), 'c0000000-0000-0000-0000-00000000000b', 'v2.x', 1) $$,
  '23503', null, 'a webhook cannot name another workspace''s connector');
select throws_ok($$ insert into connector_webhooks (workspace_id, connector_id, secret_ciphertext, secret_key_version)
  values (tests.ws('B'), 'c0000000-0000-0000-0000-00000000000b', 'v2.x', 1) $$,
  '42501', null, 'an admin cannot create a webhook in another workspace');
select is(tests.affected($$ update connector_webhooks set secret_ciphertext = 'v2.z', secret_key_version = 1
    where id = 'e0000000-0000-0000-0000-0000000000a2' $$), 1,
  'an admin rotates a webhook secret');
select results_eq($$ select previous_expires_at = now() + interval '1 hour', rotated_at = now()
    from connector_webhooks where id = 'e0000000-0000-0000-0000-0000000000a2' $$,
  $$ values (true, true) $$,
  'the replaced secret is kept for exactly one hour');
select throws_ok($$ update connector_webhooks set previous_expires_at = now() + interval '1 year' $$,
  '42501', null, 'a user cannot stretch the rotation overlap');
select throws_ok($$ update connector_webhooks set last_delivery_at = now() $$,
  '42501', null, 'a user cannot forge a delivery time');
select is(tests.affected($$ update connector_webhooks set secret_ciphertext = 'v2.mine'
    where id = 'e0000000-0000-0000-0000-00000000000b' $$), 0,
  'an admin cannot touch another workspace''s webhook');
select is(tests.affected($$ delete from connector_webhooks
    where id = 'e0000000-0000-0000-0000-0000000000a2' $$), 1, 'an admin deletes a webhook');

select tests.login_as('alice');
select results_eq($$ select action, metadata ? 'connectorId', metadata::text like '%v2.%'
    from audit_log where target_id = 'e0000000-0000-0000-0000-0000000000a2' order by created_at, action $$,
  $$ values ('webhook.create', true, false), ('webhook.delete', true, false),
            ('webhook.rotate', true, false) $$,
  'create, rotate and delete are audited, never with a secret');

select tests.login_as_anon();
select throws_ok($$ select id from connectors.connector_webhooks $$, '42501', null, 'anon reads nothing');

select tests.login_as_service_role();
select results_eq($$ select previous_secret_ciphertext from connector_webhooks
    where id = 'e0000000-0000-0000-0000-00000000000a' $$,
  $$ values (null::text) $$, 'the service re-seals a secret in place, keeping no previous one')
  from (select tests.affected($$ update connector_webhooks set secret_ciphertext = 'v2.sealed-a'
    where id = 'e0000000-0000-0000-0000-00000000000a' $$)) _;
select is(tests.affected($$ update connector_webhooks set last_delivery_at = now()
    where id = 'e0000000-0000-0000-0000-00000000000a' $$), 1,
  'the service records a delivery');
select is((select secret_ciphertext from connector_webhooks where id = 'e0000000-0000-0000-0000-00000000000a'),
  'v2.sealed-a', 'the service reads the sealed secret');

select * from finish();
rollback;
