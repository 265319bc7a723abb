-- docs/SECURITY.md "The API is the only way in": what a member's token cannot do even in plain SQL.
begin;
create extension if not exists pgtap;
select plan(47);

-- Shared helpers (tests.login_as, tests.affected, …) and the users and workspaces.
\ir ../helpers/fixtures.psql

insert into connectors (id, workspace_id, name, definition, status) values
  ('c0000000-0000-0000-0000-00000000000a', tests.ws('A'), 'active A', '{"steps": [{"id": "real"}]}', 'active'),
  ('c0000000-0000-0000-0000-0000000000ad', tests.ws('A'), 'disabled A', '{"steps": []}', 'disabled'),
  ('c0000000-0000-0000-0000-00000000000b', tests.ws('B'), 'active B', '{"steps": []}', 'active');
insert into connector_executions (id, workspace_id, connector_id, definition) values
  ('f0000000-0000-0000-0000-00000000000a', tests.ws('A'), 'c0000000-0000-0000-0000-00000000000a', '{}');
insert into workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts) values
  (tests.ws('A'), 'shared_name', 'sealed-a', array['api.example.com']),
  (tests.ws('B'), 'shared_name', 'sealed-b', array['api.example.com']);
insert into connector_templates (id, slug, name, definition, visibility, review, owner_workspace_id, is_official) values
  ('e0000000-0000-0000-0000-0000000000a1', 'pgtap-a-approved', 'A approved', '{}', 'public', 'approved', tests.ws('A'), false),
  ('e0000000-0000-0000-0000-0000000000a2', 'pgtap-a-pending', 'A pending', '{}', 'public', 'pending', tests.ws('A'), false),
  ('e0000000-0000-0000-0000-0000000000f1', 'pgtap-official', 'Official', '{}', 'public', 'approved', null, true);

-- Executions: the database decides what runs ------------------------------------------------------

select tests.login_as('mia');
select throws_ok(
  format($$ insert into connector_executions (workspace_id, connector_id, definition)
            values (%L, 'c0000000-0000-0000-0000-00000000000a', '{"steps": [{"id": "evil"}]}') $$, tests.ws('A')),
  '42501', null, 'a member cannot insert an execution with a definition of their own');
select lives_ok(
  format($$ insert into connector_executions (id, workspace_id, connector_id, input)
            values ('f0000000-0000-0000-0000-0000000000a2', %L, 'c0000000-0000-0000-0000-00000000000a', '{}') $$, tests.ws('A')),
  'a member starts an execution of an active connector');
select results_eq(
  $$ select definition, status, run_id, runner, claimed_at from connector_executions
     where id = 'f0000000-0000-0000-0000-0000000000a2' $$,
  $$ values ('{"steps": [{"id": "real"}]}'::jsonb, 'queued', null::text, null::text, null::timestamptz) $$,
  'the snapshot is the connector''s definition, queued, with no run');
select throws_ok(
  format($$ insert into connector_executions (workspace_id, connector_id)
            values (%L, 'c0000000-0000-0000-0000-0000000000ad') $$, tests.ws('A')),
  '42501', null, 'a disabled connector cannot be run');
select throws_ok(
  format($$ insert into connector_executions (workspace_id, connector_id)
            values (%L, 'c0000000-0000-0000-0000-00000000000b') $$, tests.ws('B')),
  '42501', null, 'another workspace''s connector cannot be run');
select throws_ok(
  format($$ insert into connector_executions (workspace_id, connector_id)
            values (%L, 'c0000000-0000-0000-0000-00000000000b') $$, tests.ws('A')),
  '42501', null, 'an execution cannot name another workspace''s connector');
select throws_ok(
  format($$ insert into connector_executions (workspace_id, connector_id)
            values (%L, 'c0000000-0000-0000-0000-0000000000ff') $$, tests.ws('A')),
  '42501', null, 'a connector that does not exist cannot be run');
select throws_ok(
  format($$ insert into connector_executions (workspace_id) values (%L) $$, tests.ws('A')),
  '42501', null, 'an execution must name a connector');
select throws_ok(
  format($$ insert into connector_executions (workspace_id, connector_id, runner, run_id)
            values (%L, 'c0000000-0000-0000-0000-00000000000a', 'trigger', 'run_victim') $$, tests.ws('A')),
  '42501', null, 'a member cannot insert a run id');
select throws_ok($$ update connector_executions set run_id = 'run_victim' where id = 'f0000000-0000-0000-0000-00000000000a' $$,
  '42501', null, 'a member cannot set run_id');
select throws_ok($$ update connector_executions set runner = 'trigger' where id = 'f0000000-0000-0000-0000-00000000000a' $$,
  '42501', null, 'a member cannot set runner');
select throws_ok($$ update connector_executions set claimed_at = now() where id = 'f0000000-0000-0000-0000-00000000000a' $$,
  '42501', null, 'a member cannot set claimed_at');
select throws_ok($$ update connector_executions set definition = '{"steps": []}' where id = 'f0000000-0000-0000-0000-00000000000a' $$,
  '42501', null, 'a member cannot rewrite a snapshot');
select throws_ok($$ update connector_executions set status = 'running' where id = 'f0000000-0000-0000-0000-00000000000a' $$,
  '42501', null, 'a member cannot move an execution to running');
select is(tests.affected($$ update connector_executions set status = 'cancelled' where id = 'f0000000-0000-0000-0000-00000000000a' $$), 1,
  'a member can still cancel a queued execution');
select throws_ok($$ update connector_executions set status = 'queued' where id = 'f0000000-0000-0000-0000-00000000000a' $$,
  '42501', null, 'and cannot re-queue it');

-- Counters ----------------------------------------------------------------------------------------

select throws_ok($$ update connectors set execution_count = 0, success_count = 1000 $$,
  '42501', null, 'a member cannot change connector usage counters');
select throws_ok($$ update connectors set last_executed_at = now() $$,
  '42501', null, 'a member cannot change last_executed_at');
select tests.login_as('alice');
select throws_ok($$ update connector_templates set install_count = 1000 where slug = 'pgtap-a-approved' $$,
  '42501', null, 'an owner cannot change install_count');
select throws_ok($$ update connector_templates set rating_avg = 5, rating_count = 1000 where slug = 'pgtap-a-approved' $$,
  '42501', null, 'an owner cannot change rating aggregates');
select throws_ok(
  format($$ insert into template_installs (template_id, workspace_id) values ('e0000000-0000-0000-0000-0000000000f1', %L) $$, tests.ws('A')),
  '42501', null, 'a member cannot record an install directly');

-- install_count: distinct workspaces other than the template's own --------------------------------

select tests.login_as('bob');
select lives_ok(
  format($$ do $do$ begin
              for i in 1..30 loop
                insert into connectors.connectors (workspace_id, name, definition, template_id, template_version)
                values (%L, 'again', '{}', 'e0000000-0000-0000-0000-0000000000a1', 1);
                delete from connectors.connectors where name = 'again';
              end loop;
            end $do$ $$, tests.ws('B')),
  'B installs and deletes A''s template 30 times');
select tests.login_as('mia');
select lives_ok(
  format($$ insert into connectors (workspace_id, name, definition, template_id, template_version)
            values (%L, 'own', '{}', 'e0000000-0000-0000-0000-0000000000a1', 1) $$, tests.ws('A')),
  'A installs its own template');
select is((select install_count from connector_templates where id = 'e0000000-0000-0000-0000-0000000000a1'), 1,
  'install_count is 1: B once, A not at all');

-- Ratings -----------------------------------------------------------------------------------------

select throws_ok($$ insert into template_ratings (template_id, rating) values ('e0000000-0000-0000-0000-0000000000a1', 5) $$,
  '42501', null, 'a member cannot rate their workspace''s template');
select throws_ok($$ insert into template_ratings (template_id, rating) values ('e0000000-0000-0000-0000-0000000000a2', 5) $$,
  '42501', null, 'a member cannot rate their workspace''s pending template');
select throws_ok($$ insert into template_ratings (template_id, rating) values ('e0000000-0000-0000-0000-0000000000f1', 5) $$,
  '42501', null, 'a template no workspace of the rater installed cannot be rated');
select tests.login_as('bea');
select lives_ok($$ insert into template_ratings (template_id, rating) values ('e0000000-0000-0000-0000-0000000000a1', 4) $$,
  'a member of an installing workspace rates an approved template');

-- The audit log: no forging, no editing; the database writes it -----------------------------------

select tests.login_as('mia');
select throws_ok(
  format($$ insert into audit_log (workspace_id, actor_id, action) values (%L, %L, 'credential.delete') $$,
         tests.ws('A'), tests.uid('alice')),
  '42501', null, 'a member cannot forge an audit row with another actor');
select throws_ok(
  format($$ insert into audit_log (workspace_id, action) values (%L, 'connector.test') $$, tests.ws('A')),
  '42501', null, 'a member cannot append an audit row as themself');
select throws_ok($$ update audit_log set actor_id = null $$, '42501', null, 'a member cannot alter audit rows');
select throws_ok($$ delete from audit_log $$, '42501', null, 'a member cannot delete audit rows');
select throws_ok(
  format($$ select record_dry_run(%L, 'c0000000-0000-0000-0000-00000000000b', array['shared_name']) $$, tests.ws('B')),
  '42501', null, 'a dry run of another workspace''s connector cannot be recorded');
select lives_ok(
  format($$ select record_dry_run(%L, 'c0000000-0000-0000-0000-00000000000a', array['shared_name']) $$, tests.ws('A')),
  'a member records their dry run');
select tests.login_as('alice');
select results_eq(
  $$ select actor_id, action, target_id from audit_log
     where action in ('execution.start', 'execution.cancel', 'connector.test', 'template.install')
     order by action $$,
  $$ values (tests.uid('mia'), 'connector.test', 'c0000000-0000-0000-0000-00000000000a'),
            (tests.uid('mia'), 'execution.cancel', 'f0000000-0000-0000-0000-00000000000a'),
            (tests.uid('mia'), 'execution.start', 'f0000000-0000-0000-0000-0000000000a2'),
            (tests.uid('mia'), 'template.install', 'e0000000-0000-0000-0000-0000000000a1') $$,
  'starts, cancels, dry runs and installs are logged with the member as actor');
select tests.logout();
select results_eq(
  $$ select w.name, c.last_used_at is not null from workspace_api_credentials c join workspaces w on w.id = c.workspace_id
     order by w.name $$,
  $$ values ('pgtap-A', true), ('pgtap-B', false) $$,
  'a dry run moves last_used_at of its own workspace''s credential only');
select is((select count(*)::int from audit_log where workspace_id = tests.ws('B') and action = 'template.install'), 30,
  'each of B''s installs is in B''s log');
select is((select count(*)::int from audit_log where action = 'credential.put'), 0,
  'moving last_used_at is bookkeeping, not a credential change');

-- A saas admin's action on a workspace's template is in that workspace's log.
select tests.login_as('sam');
select is(tests.affected($$ update connector_templates set review = 'approved' where slug = 'pgtap-a-pending' $$), 1,
  'a saas admin approves A''s pending template');
select is(tests.affected($$ update connector_templates set is_featured = true where slug = 'pgtap-a-approved' $$), 1,
  'a saas admin features A''s template');
select is(tests.affected($$ delete from connector_templates where slug = 'pgtap-a-pending' $$), 1,
  'a saas admin deletes A''s template');
select tests.login_as('alice');
select results_eq(
  $$ select actor_id, action, metadata ->> 'slug' from audit_log
     where action in ('template.review', 'template.feature', 'template.delete') order by action $$,
  $$ values (tests.uid('sam'), 'template.delete', 'pgtap-a-pending'),
            (tests.uid('sam'), 'template.feature', 'pgtap-a-approved'),
            (tests.uid('sam'), 'template.review', 'pgtap-a-pending') $$,
  'the saas admin''s review, feature and delete appear in A''s log with the admin as actor');

-- Slugs: private ones per workspace, public ones across the marketplace ---------------------------

select tests.login_as('alice');
select lives_ok($$ insert into connector_templates (slug, name, definition, visibility, owner_workspace_id)
                   select 'pgtap-shared-slug', 'A private', '{}', 'workspace', tests.ws('A') $$,
  'A takes a private slug');
select tests.login_as('bob');
select lives_ok($$ insert into connector_templates (slug, name, definition, visibility, owner_workspace_id)
                   select 'pgtap-shared-slug', 'B private', '{}', 'workspace', tests.ws('B') $$,
  'B takes the same private slug: nothing about A''s template is revealed');
select lives_ok($$ insert into connector_templates (slug, name, definition, visibility, owner_workspace_id)
                   select 'pgtap-shared-slug', 'B public', '{}', 'public', tests.ws('B') $$,
  'B publishes a public template under that slug too');
select tests.login_as('alice');
select throws_ok($$ insert into connector_templates (slug, name, definition, visibility, owner_workspace_id)
                    select 'pgtap-shared-slug', 'A public', '{}', 'public', tests.ws('A') $$,
  '23505', null, 'public slugs stay unique across the marketplace');
select throws_ok($$ insert into connector_templates (slug, name, definition, visibility, owner_workspace_id)
                    select 'pgtap-shared-slug', 'A private 2', '{}', 'workspace', tests.ws('A') $$,
  '23505', null, 'private slugs are unique within a workspace');

select * from finish();
rollback;
