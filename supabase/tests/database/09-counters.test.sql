-- Counters kept by triggers: install_count, rating aggregates, connector usage.
begin;
create extension if not exists pgtap;
-- The usage counters count at commit (deferred); here, inside one transaction, at once.
set constraints all immediate;
select plan(44);

-- Shared helpers (tests.login_as, tests.affected, …) and the users and workspaces.
\ir ../helpers/fixtures.psql

insert into connector_templates (id, slug, name, definition, is_official) values
  ('e0000000-0000-0000-0000-000000000001', 'pgtap-counted', 'Counted', '{"steps": []}', true),
  ('e0000000-0000-0000-0000-000000000002', 'pgtap-other', 'Other', '{"steps": []}', true);
-- Backdated, so that we can tell whether counter updates touch updated_at.
insert into connectors (id, workspace_id, name, definition, created_at, updated_at) values
  ('c0000000-0000-0000-0000-00000000000a', tests.ws('A'), 'conn A', '{"steps": []}',
   now() - interval '1 day', now() - interval '1 day');
update connector_templates set updated_at = now() - interval '1 day';

-- install_count ------------------------------------------------------------------------------------------

select tests.login_as('mia');
select lives_ok(
  format($$ insert into connectors (workspace_id, name, definition, template_id, template_version)
            values (%L, 'install 1', '{}', 'e0000000-0000-0000-0000-000000000001', 1),
                   (%L, 'install 2', '{}', 'e0000000-0000-0000-0000-000000000001', 1) $$, tests.ws('A'), tests.ws('A')),
  'a member installs a template twice');
select tests.login_as('bob');
select lives_ok(
  format($$ insert into connectors (workspace_id, name, definition, template_id, template_version)
            values (%L, 'install 3', '{}', 'e0000000-0000-0000-0000-000000000001', 1) $$, tests.ws('B')),
  'another workspace installs it');
select is((select install_count from connector_templates where id = 'e0000000-0000-0000-0000-000000000001'), 2,
  'install_count counts distinct installing workspaces, not installs');
select is((select install_count from connector_templates where id = 'e0000000-0000-0000-0000-000000000002'), 0,
  'other templates are not counted');
select tests.login_as('mia');
select is(tests.affected($$ delete from connectors where name = 'install 1' $$), 1, 'a member deletes an installed connector');
select is(tests.affected($$ update connectors set template_id = 'e0000000-0000-0000-0000-000000000002' where name = 'install 2' $$), 1,
  'a member re-links a connector');
select is(tests.affected(format($$ insert into connectors (workspace_id, name, definition) values (%L, 'scratch', '{}') $$, tests.ws('A'))), 1,
  'a member creates a connector from scratch');
select tests.logout();
select results_eq(
  $$ select slug, install_count, updated_at < now() from connector_templates where slug like 'pgtap-%' order by slug $$,
  $$ values ('pgtap-counted', 2, true), ('pgtap-other', 0, true) $$,
  'install_count counts workspaces that ever installed: deletes and re-links do not change it, nor updated_at');
select tests.login_as('bob');
select lives_ok(
  format($$ do $do$ begin
              for i in 1..30 loop
                insert into connectors.connectors (workspace_id, name, definition, template_id, template_version)
                values (%L, 'again', '{}', 'e0000000-0000-0000-0000-000000000001', 1);
                delete from connectors.connectors where name = 'again';
              end loop;
            end $do$ $$, tests.ws('B')),
  'a workspace installs and deletes a template 30 times');
select is((select install_count from connector_templates where id = 'e0000000-0000-0000-0000-000000000001'), 2,
  'installing again and again counts the workspace once');
select tests.logout();
insert into connector_templates (id, slug, name, definition, visibility, owner_workspace_id) values
  ('e0000000-0000-0000-0000-00000000000a', 'pgtap-a-own', 'A own', '{"steps": []}', 'public', tests.ws('A'));
select tests.login_as('alice');
select lives_ok(
  format($$ insert into connectors (workspace_id, name, definition, template_id, template_version)
            values (%L, 'own install', '{}', 'e0000000-0000-0000-0000-00000000000a', 1) $$, tests.ws('A')),
  'a workspace installs its own template');
select is((select install_count from connector_templates where id = 'e0000000-0000-0000-0000-00000000000a'), 0,
  'installs by the template''s own workspace are not counted');

-- rating_avg / rating_count ----------------------------------------------------------------------------------

-- Olga gets a workspace of her own that installed the counted template (raters need an install).
select tests.logout();
insert into workspaces (name) values ('pgtap-C');
insert into workspace_members (workspace_id, user_id, role) values (tests.ws('C'), tests.uid('olga'), 'owner');
insert into template_installs (template_id, workspace_id) values ('e0000000-0000-0000-0000-000000000001', tests.ws('C'));

select tests.login_as('mia');
select lives_ok($$ insert into template_ratings (template_id, rating) values ('e0000000-0000-0000-0000-000000000001', 4) $$, 'mia rates 4');
select results_eq($$ select rating_avg, rating_count from connector_templates where id = 'e0000000-0000-0000-0000-000000000001' $$,
  $$ values (4.00::numeric(3, 2), 1) $$, 'one rating: average 4.00');
select tests.login_as('bob');
select lives_ok($$ insert into template_ratings (template_id, rating) values ('e0000000-0000-0000-0000-000000000001', 5) $$, 'bob rates 5');
select tests.login_as('olga');
select lives_ok($$ insert into template_ratings (template_id, rating) values ('e0000000-0000-0000-0000-000000000001', 5) $$, 'olga rates 5');
select results_eq($$ select rating_avg, rating_count from connector_templates where id = 'e0000000-0000-0000-0000-000000000001' $$,
  $$ values (4.67::numeric(3, 2), 3) $$, 'three ratings: average rounded to 4.67');
select is(tests.affected($$ update template_ratings set rating = 1 where user_id = (select auth.uid()) $$), 1, 'olga changes her rating to 1');
select results_eq($$ select rating_avg, rating_count from connector_templates where id = 'e0000000-0000-0000-0000-000000000001' $$,
  $$ values (3.33::numeric(3, 2), 3) $$, 'a changed rating is recomputed');
select tests.login_as('mia');
select lives_ok($$ insert into template_ratings (template_id, rating) values ('e0000000-0000-0000-0000-000000000001', 2)
                   on conflict (template_id, user_id) do update set rating = 2 $$, 'mia replaces her rating by upsert');
select results_eq($$ select rating_avg, rating_count from connector_templates where id = 'e0000000-0000-0000-0000-000000000001' $$,
  $$ values (2.67::numeric(3, 2), 3) $$, 'an upserted rating is recomputed');
select is(tests.affected($$ delete from template_ratings where user_id = (select auth.uid()) $$), 1, 'mia deletes her rating');
select results_eq($$ select rating_avg, rating_count from connector_templates where id = 'e0000000-0000-0000-0000-000000000001' $$,
  $$ values (3.00::numeric(3, 2), 2) $$, 'a deleted rating is recomputed');
select tests.logout();
delete from auth.users where id = tests.uid('olga');
select results_eq($$ select rating_avg, rating_count from connector_templates where id = 'e0000000-0000-0000-0000-000000000001' $$,
  $$ values (5.00::numeric(3, 2), 1) $$, 'deleting a user removes their rating from the aggregate');
delete from template_ratings;
select results_eq($$ select rating_avg, rating_count, updated_at < now() from connector_templates where id = 'e0000000-0000-0000-0000-000000000001' $$,
  $$ values (0.00::numeric(3, 2), 0, true) $$, 'no ratings: 0 and 0, and updated_at untouched');
select tests.login_as_service_role();
select lives_ok($$ insert into template_ratings (template_id, user_id, rating)
                   select 'e0000000-0000-0000-0000-000000000002', id, 1 + (row_number() over (order by email))::int % 5
                   from auth.users where email like '%@pgtap.test' $$,
  'service_role inserts ratings in bulk');
select results_eq(
  $$ select t.rating_count, t.rating_avg from connector_templates t where t.id = 'e0000000-0000-0000-0000-000000000002' $$,
  $$ select count(*)::int, round(avg(rating), 2)::numeric(3, 2) from template_ratings where template_id = 'e0000000-0000-0000-0000-000000000002' $$,
  'a multi-row insert leaves exact aggregates');
select is(tests.affected($$ update template_ratings set template_id = 'e0000000-0000-0000-0000-000000000001'
                            where template_id = 'e0000000-0000-0000-0000-000000000002'
                              and user_id = (select id from auth.users where email = 'alice@pgtap.test') $$), 1,
  'service_role moves a rating to another template');
select results_eq(
  $$ select t.id, t.rating_count from connector_templates t where t.slug like 'pgtap-%' order by t.slug $$,
  $$ select t.id, (select count(*)::int from template_ratings r where r.template_id = t.id) from connector_templates t
     where t.slug like 'pgtap-%' order by t.slug $$,
  'moving a rating recomputes both templates');

-- connector usage counters ----------------------------------------------------------------------------------

select tests.login_as('mia');
select lives_ok(
  format($$ insert into connector_executions (id, workspace_id, connector_id)
            values ('f0000000-0000-0000-0000-000000000001', %L, 'c0000000-0000-0000-0000-00000000000a'),
                   ('f0000000-0000-0000-0000-000000000002', %L, 'c0000000-0000-0000-0000-00000000000a'),
                   ('f0000000-0000-0000-0000-000000000003', %L, 'c0000000-0000-0000-0000-00000000000a') $$,
         tests.ws('A'), tests.ws('A'), tests.ws('A')),
  'a member runs a connector three times');
select results_eq(
  $$ select execution_count, success_count, failure_count, last_executed_at = now(), updated_at < now()
     from connectors where id = 'c0000000-0000-0000-0000-00000000000a' $$,
  $$ values (3, 0, 0, true, true) $$,
  'each execution counts at once, sets last_executed_at, and is not an edit');
select tests.login_as_service_role();
update connector_executions set status = 'running', started_at = now() where id in
  ('f0000000-0000-0000-0000-000000000001', 'f0000000-0000-0000-0000-000000000002');
select results_eq($$ select success_count, failure_count from connectors where id = 'c0000000-0000-0000-0000-00000000000a' $$,
  $$ values (0, 0) $$, 'claiming counts no outcome');
update connector_executions set status = 'succeeded' where id = 'f0000000-0000-0000-0000-000000000001';
update connector_executions set status = 'failed' where id = 'f0000000-0000-0000-0000-000000000002';
select results_eq($$ select success_count, failure_count from connectors where id = 'c0000000-0000-0000-0000-00000000000a' $$,
  $$ values (1, 1) $$, 'success and failure are counted when reached');
update connector_executions set status = 'succeeded', output = '{"again": true}' where id = 'f0000000-0000-0000-0000-000000000001';
update connector_executions set step_results = '[{}]' where id = 'f0000000-0000-0000-0000-000000000002';
select results_eq($$ select success_count, failure_count from connectors where id = 'c0000000-0000-0000-0000-00000000000a' $$,
  $$ values (1, 1) $$, 'rewriting a finished execution does not count twice');
update connector_executions set status = 'succeeded' where id = 'f0000000-0000-0000-0000-000000000002';
select results_eq($$ select success_count, failure_count from connectors where id = 'c0000000-0000-0000-0000-00000000000a' $$,
  $$ values (1, 1) $$, 'a terminal-to-terminal correction is not a new outcome');
select tests.login_as('mia');
select is(tests.affected($$ update connector_executions set status = 'cancelled' where id = 'f0000000-0000-0000-0000-000000000003' $$), 1,
  'a member cancels an execution');
select results_eq($$ select execution_count, success_count, failure_count from connectors where id = 'c0000000-0000-0000-0000-00000000000a' $$,
  $$ values (3, 1, 1) $$, 'cancelled executions count only as executions');
select tests.login_as_service_role();
select lives_ok(
  format($$ insert into connector_executions (workspace_id, connector_id, status) values
            (%L, 'c0000000-0000-0000-0000-00000000000a', 'succeeded'),
            (%L, 'c0000000-0000-0000-0000-00000000000a', 'failed') $$, tests.ws('A'), tests.ws('A')),
  'service_role imports finished executions');
select results_eq($$ select execution_count, success_count, failure_count from connectors where id = 'c0000000-0000-0000-0000-00000000000a' $$,
  $$ values (5, 2, 2) $$, 'executions inserted finished count their outcome');
select lives_ok(
  format($$ insert into connector_executions (workspace_id, definition) values (%L, '{}') $$, tests.ws('A')),
  'an execution without a connector (e.g. of a deleted one) is fine');
select results_eq(
  $$ select c.execution_count, c.success_count + c.failure_count from connectors c where c.id = 'c0000000-0000-0000-0000-00000000000a' $$,
  $$ select count(*)::int, count(*) filter (where status in ('succeeded', 'failed'))::int
     from connector_executions where connector_id = 'c0000000-0000-0000-0000-00000000000a' $$,
  'counters agree with the executions table');
select tests.login_as('mia');
select throws_ok($$ update connectors set execution_count = 0, success_count = 0, failure_count = 0 $$,
  '42501', null, 'a member cannot reset counters');
select tests.login_as('bob');
select throws_ok(
  format($$ insert into connector_executions (workspace_id, connector_id)
            values (%L, 'c0000000-0000-0000-0000-00000000000a') $$, tests.ws('B')),
  '42501', null, 'another workspace cannot bump A''s counters by pointing at its connector');
select tests.logout();
select results_eq($$ select execution_count from connectors where id = 'c0000000-0000-0000-0000-00000000000a' $$,
  array[5], 'the failed attempt counted nothing');

select * from finish();
rollback;
