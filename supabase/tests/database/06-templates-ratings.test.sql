-- connector_templates and template_ratings: the marketplace's visibility, curation and reviews.
begin;
create extension if not exists pgtap;
select plan(82);

-- Shared helpers (tests.login_as, tests.affected, …) and the users and workspaces.
\ir ../helpers/fixtures.psql

-- official: curated, public; a-public: A's approved community template; a-pending: A's template awaiting
-- review; a-private / b-private: workspace-only; b-rejected: B's public template a saas admin rejected.
insert into connector_templates (id, slug, name, definition, is_official, visibility, review, owner_workspace_id) values
  ('e0000000-0000-0000-0000-000000000001', 'pgtap-official', 'Official', '{}', true, 'public', 'approved', null),
  ('e0000000-0000-0000-0000-000000000002', 'pgtap-a-public', 'A public', '{}', false, 'public', 'approved', tests.ws('A')),
  ('e0000000-0000-0000-0000-000000000003', 'pgtap-a-pending', 'A pending', '{}', false, 'public', 'pending', tests.ws('A')),
  ('e0000000-0000-0000-0000-000000000004', 'pgtap-a-private', 'A private', '{}', false, 'workspace', 'approved', tests.ws('A')),
  ('e0000000-0000-0000-0000-000000000005', 'pgtap-b-private', 'B private', '{}', false, 'workspace', 'approved', tests.ws('B')),
  ('e0000000-0000-0000-0000-000000000006', 'pgtap-b-rejected', 'B rejected', '{}', false, 'public', 'rejected', tests.ws('B'));
-- A installed the official template; B installed A's public and pending ones.
insert into template_installs (template_id, workspace_id) values
  ('e0000000-0000-0000-0000-000000000001', tests.ws('A')),
  ('e0000000-0000-0000-0000-000000000002', tests.ws('B')),
  ('e0000000-0000-0000-0000-000000000003', tests.ws('B'));
insert into template_ratings (template_id, user_id, rating, review) values
  ('e0000000-0000-0000-0000-000000000002', tests.uid('bea'), 4, 'solid'),
  ('e0000000-0000-0000-0000-000000000005', tests.uid('bob'), 5, 'ours');

-- Reading templates -------------------------------------------------------------------------------

select tests.login_as('mia');
select results_eq($$ select slug from connector_templates where slug like 'pgtap-%' order by slug $$,
  array['pgtap-a-pending', 'pgtap-a-private', 'pgtap-a-public', 'pgtap-official'],
  'a member of A reads official, approved public and A''s own templates');
select tests.login_as('adam');
select results_eq($$ select slug from connector_templates where slug like 'pgtap-%' order by slug $$,
  array['pgtap-a-pending', 'pgtap-a-private', 'pgtap-a-public', 'pgtap-official'],
  'an admin of A reads the same');
select tests.login_as('bea');
select results_eq($$ select slug from connector_templates where slug like 'pgtap-%' order by slug $$,
  array['pgtap-a-public', 'pgtap-b-private', 'pgtap-b-rejected', 'pgtap-official'],
  'a member of B reads B''s private and rejected templates but not A''s pending or private ones');
select tests.login_as('olga');
select results_eq($$ select slug from connector_templates where slug like 'pgtap-%' order by slug $$,
  array['pgtap-a-public', 'pgtap-official'],
  'an outsider reads only official and approved public templates');
select tests.login_as('sam');
select results_eq($$ select slug from connector_templates where slug like 'pgtap-%' order by slug $$,
  array['pgtap-a-pending', 'pgtap-a-public', 'pgtap-b-rejected', 'pgtap-official'],
  'a saas admin reads every public template, in any review state, but no workspace-only one');
select tests.login_as_anon();
select throws_ok($$ select * from connectors.connector_templates $$, '42501', null, 'anon cannot read templates');
select tests.login_as_service_role();
select is((select count(*)::int from connector_templates where slug like 'pgtap-%'), 6, 'service_role reads every template');

-- Publishing (insert) -----------------------------------------------------------------------------

select tests.login_as('adam');
select lives_ok(
  format($$ insert into connector_templates (slug, name, definition, owner_workspace_id)
            values ('pgtap-adam-public', 'Adam public', '{}', %L) $$, tests.ws('A')),
  'an admin publishes a public community template');
select results_eq($$ select review, is_official, is_featured, created_by, install_count, rating_count
                     from connector_templates where slug = 'pgtap-adam-public' $$,
  $$ values ('pending', false, false, tests.uid('adam'), 0, 0) $$,
  'a public community template starts pending review');
select lives_ok(
  format($$ insert into connector_templates (slug, name, definition, owner_workspace_id, visibility, review)
            values ('pgtap-adam-private', 'Adam private', '{}', %L, 'workspace', 'approved') $$, tests.ws('A')),
  'an admin publishes a workspace-only template');
select lives_ok(
  format($$ insert into connector_templates (slug, name, definition, owner_workspace_id, review)
            values ('pgtap-adam-sneaky', 'Sneaky', '{}', %L, 'approved') $$, tests.ws('A')),
  'an admin asking for approval still gets a template…');
select results_eq($$ select review from connector_templates where slug = 'pgtap-adam-sneaky' $$, array['pending'],
  '…that is pending review');
select throws_ok(
  format($$ insert into connector_templates (slug, name, definition, owner_workspace_id, is_official)
            values ('pgtap-x1', 'x', '{}', %L, true) $$, tests.ws('A')),
  '42501', null, 'an admin cannot publish an official template');
select throws_ok(
  format($$ insert into connector_templates (slug, name, definition, owner_workspace_id, is_featured)
            values ('pgtap-x2', 'x', '{}', %L, true) $$, tests.ws('A')),
  '42501', null, 'an admin cannot publish a featured template');
select throws_ok(
  $$ insert into connector_templates (slug, name, definition) values ('pgtap-x3', 'x', '{}') $$,
  '42501', null, 'an admin cannot publish a template without their workspace');
select throws_ok(
  format($$ insert into connector_templates (slug, name, definition, owner_workspace_id)
            values ('pgtap-x4', 'x', '{}', %L) $$, tests.ws('B')),
  '42501', null, 'an admin cannot publish in another workspace''s name');
select throws_ok(
  format($$ insert into connector_templates (slug, name, definition, owner_workspace_id, install_count)
            values ('pgtap-x5', 'x', '{}', %L, 1000) $$, tests.ws('A')),
  '42501', null, 'an admin cannot seed install_count');
select throws_ok(
  format($$ insert into connector_templates (slug, name, definition, owner_workspace_id, rating_avg, rating_count)
            values ('pgtap-x6', 'x', '{}', %L, 5, 1000) $$, tests.ws('A')),
  '42501', null, 'an admin cannot seed ratings');
select throws_ok(
  format($$ insert into connector_templates (id, slug, name, definition, owner_workspace_id)
            values ('e0000000-0000-0000-0000-000000000005', 'pgtap-x7', 'x', '{}', %L)
            on conflict (id) do update set name = 'hijacked' $$, tests.ws('A')),
  '42501', null, 'upserting onto another workspace''s template id fails');
select throws_ok(
  format($$ insert into connector_templates (slug, name, definition, owner_workspace_id)
            values ('Not A Slug', 'x', '{}', %L) $$, tests.ws('A')),
  '23514', null, 'slugs are lowercase-kebab');
select throws_ok(
  format($$ insert into connector_templates (slug, name, definition, owner_workspace_id)
            values ('pgtap-official', 'x', '{}', %L) $$, tests.ws('A')),
  '23505', null, 'slugs are unique');
select throws_ok(
  format($$ insert into connector_templates (slug, name, definition, owner_workspace_id, required_credentials)
            values ('pgtap-x8', 'x', '{}', %L, '{}') $$, tests.ws('A')),
  '23514', null, 'required_credentials is a JSON array');
select tests.login_as('mia');
select throws_ok(
  format($$ insert into connector_templates (slug, name, definition, owner_workspace_id)
            values ('pgtap-x9', 'x', '{}', %L) $$, tests.ws('A')),
  '42501', null, 'a member cannot publish templates');
select tests.login_as('olga');
select throws_ok(
  format($$ insert into connector_templates (slug, name, definition, owner_workspace_id)
            values ('pgtap-x10', 'x', '{}', %L) $$, tests.ws('A')),
  '42501', null, 'an outsider cannot publish templates');
select tests.login_as_anon();
select throws_ok($$ insert into connectors.connector_templates (slug, name, definition) values ('pgtap-x11', 'x', '{}') $$,
  '42501', null, 'anon cannot publish templates');
select tests.login_as('sam');
select lives_ok(
  $$ insert into connector_templates (slug, name, definition, is_official, is_featured)
     values ('pgtap-sam-official', 'Sam official', '{}', true, true) $$,
  'a saas admin publishes an official, featured template');
select results_eq($$ select review, visibility, owner_workspace_id from connector_templates where slug = 'pgtap-sam-official' $$,
  $$ values ('approved', 'public', null::uuid) $$, 'a saas admin''s template is public and approved at once');
select tests.login_as_service_role();
select throws_ok($$ insert into connector_templates (slug, name, definition, visibility) values ('pgtap-x12', 'x', '{}', 'workspace') $$,
  '23514', null, 'a workspace-only template needs an owner workspace');

-- Editing (update) --------------------------------------------------------------------------------

select tests.login_as('adam');
select is(tests.affected($$ update connector_templates set description = 'better' where slug = 'pgtap-a-public' $$), 1,
  'an admin edits their workspace''s community template');
select results_eq($$ select review from connector_templates where slug = 'pgtap-a-public' $$, array['pending'],
  'editing an approved public template sends it back to review');
select throws_ok($$ update connector_templates set review = 'approved' where slug = 'pgtap-a-pending' $$,
  '42501', null, 'an admin cannot approve their own template');
select throws_ok($$ update connector_templates set is_featured = true where slug = 'pgtap-a-private' $$,
  '42501', null, 'an admin cannot feature a template');
select throws_ok($$ update connector_templates set is_official = true where slug = 'pgtap-a-private' $$,
  '42501', null, 'an admin cannot make a template official');
select throws_ok($$ update connector_templates set install_count = 1000 where slug = 'pgtap-a-private' $$,
  '42501', null, 'an admin cannot edit install_count');
select throws_ok($$ update connector_templates set rating_avg = 5, rating_count = 1000 where slug = 'pgtap-a-private' $$,
  '42501', null, 'an admin cannot edit rating aggregates');
select throws_ok(format($$ update connector_templates set owner_workspace_id = %L where slug = 'pgtap-a-private' $$, tests.ws('B')),
  '42501', null, 'a template cannot be moved into another workspace');
select is(tests.affected($$ update connector_templates set name = 'hijacked' where slug = 'pgtap-official' $$), 0,
  'an admin cannot edit an official template');
select is(tests.affected($$ update connector_templates set name = 'hijacked' where slug in ('pgtap-b-private', 'pgtap-b-rejected') $$), 0,
  'an admin cannot edit another workspace''s templates');
select is(tests.affected($$ update connector_templates set visibility = 'public' where slug = 'pgtap-a-private' $$), 1,
  'an admin can make a workspace-only template public…');
select results_eq($$ select review from connector_templates where slug = 'pgtap-a-private' $$, array['pending'],
  '…which puts it up for review');
select tests.login_as('mia');
select is(tests.affected($$ update connector_templates set name = 'hijacked' $$), 0, 'a member edits no template');
select tests.login_as('olga');
select is(tests.affected($$ update connector_templates set name = 'hijacked' $$), 0, 'an outsider edits no template');
select tests.login_as_anon();
select throws_ok($$ update connectors.connector_templates set name = 'hijacked' $$, '42501', null, 'anon cannot edit templates');
select tests.login_as('sam');
select is(tests.affected($$ update connector_templates set review = 'approved' where slug = 'pgtap-a-pending' $$), 1,
  'a saas admin approves a pending template');
select is(tests.affected($$ update connector_templates set is_featured = true, is_official = true where slug = 'pgtap-a-public' $$), 1,
  'a saas admin features and makes official a community template');
select is(tests.affected($$ update connector_templates set name = 'peek' where slug = 'pgtap-b-private' $$), 0,
  'a saas admin cannot edit a workspace-only template they cannot read');
select tests.login_as('adam');
select is(tests.affected($$ update connector_templates set name = 'now official' where slug = 'pgtap-a-public' $$), 0,
  'once official, the workspace can no longer edit it');
select tests.logout();
select results_eq(
  $$ select slug, name, review, is_official, is_featured from connector_templates
     where slug in ('pgtap-a-pending', 'pgtap-a-public', 'pgtap-b-private', 'pgtap-b-rejected', 'pgtap-official')
     order by slug $$,
  $$ values ('pgtap-a-pending', 'A pending', 'approved', false, false),
            ('pgtap-a-public', 'A public', 'pending', true, true),
            ('pgtap-b-private', 'B private', 'approved', false, false),
            ('pgtap-b-rejected', 'B rejected', 'rejected', false, false),
            ('pgtap-official', 'Official', 'approved', true, false) $$,
  'only the allowed edits happened');

-- Deleting ------------------------------------------------------------------------------------------

select tests.login_as('mia');
select is(tests.affected($$ delete from connector_templates $$), 0, 'a member deletes no template');
select tests.login_as('adam');
select is(tests.affected($$ delete from connector_templates where slug in ('pgtap-official', 'pgtap-b-private', 'pgtap-b-rejected') $$), 0,
  'an admin cannot delete official or other workspaces'' templates');
select is(tests.affected($$ delete from connector_templates where slug = 'pgtap-adam-sneaky' $$), 1,
  'an admin deletes their workspace''s community template');
select tests.login_as('olga');
select is(tests.affected($$ delete from connector_templates $$), 0, 'an outsider deletes no template');
select tests.login_as_anon();
select throws_ok($$ delete from connectors.connector_templates $$, '42501', null, 'anon cannot delete templates');
select tests.login_as('sam');
select is(tests.affected($$ delete from connector_templates where slug = 'pgtap-b-rejected' $$), 1,
  'a saas admin deletes a template');

-- Ratings -----------------------------------------------------------------------------------------------

select tests.login_as('mia');
select results_eq($$ select rating, review from template_ratings $$, $$ values (4::smallint, 'solid') $$,
  'a user reads ratings of templates they can read, and no others');
select lives_ok($$ insert into template_ratings (template_id, rating, review)
                   values ('e0000000-0000-0000-0000-000000000001', 5, 'great') $$,
  'a user rates an approved template their workspace installed');
select is((select user_id from template_ratings where template_id = 'e0000000-0000-0000-0000-000000000001'), tests.uid('mia'),
  'the rating belongs to the caller');
select lives_ok($$ insert into template_ratings (template_id, user_id, rating)
                   values ('e0000000-0000-0000-0000-000000000001', (select auth.uid()), 3)
                   on conflict (template_id, user_id) do update set rating = 3, review = null $$,
  'a user replaces their rating with an upsert');
select throws_ok($$ insert into template_ratings (template_id, rating) values ('e0000000-0000-0000-0000-000000000001', 4) $$,
  '23505', null, 'one rating per user per template');
select throws_ok(format($$ insert into template_ratings (template_id, user_id, rating)
                          values ('e0000000-0000-0000-0000-000000000004', %L, 1) $$, tests.uid('bea')),
  '42501', null, 'a user cannot rate in someone else''s name');
select throws_ok($$ insert into template_ratings (template_id, rating) values ('e0000000-0000-0000-0000-000000000005', 1) $$,
  '42501', null, 'a user cannot rate a template they cannot read');
select throws_ok(format($$ insert into template_ratings (template_id, user_id, rating)
                          values ('e0000000-0000-0000-0000-000000000002', %L, 1)
                          on conflict (template_id, user_id) do update set rating = 1 $$, tests.uid('bea')),
  '42501', null, 'a user cannot upsert over someone else''s rating');
select throws_ok($$ insert into template_ratings (template_id, rating) values ('e0000000-0000-0000-0000-000000000001', 6) $$,
  '23514', null, 'ratings are at most 5');
select throws_ok($$ insert into template_ratings (template_id, rating) values ('e0000000-0000-0000-0000-000000000001', 0) $$,
  '23514', null, 'ratings are at least 1');
select throws_ok($$ insert into template_ratings (template_id, rating, review) values ('e0000000-0000-0000-0000-000000000001', 3, repeat('x', 2001)) $$,
  '23514', null, 'reviews are length-limited');
select is(tests.affected($$ update template_ratings set rating = 1 where user_id <> (select auth.uid()) $$), 0,
  'a user cannot change someone else''s rating');
select throws_ok(format($$ update template_ratings set user_id = %L $$, tests.uid('bea')),
  '42501', null, 'a rating cannot be handed to another user');
select throws_ok($$ update template_ratings set template_id = 'e0000000-0000-0000-0000-000000000005' $$,
  '42501', null, 'a rating cannot be moved to another template');
select is(tests.affected($$ update template_ratings set rating = 2 where template_id = 'e0000000-0000-0000-0000-000000000001' $$), 1,
  'a user changes their own rating');
select is(tests.affected($$ delete from template_ratings where user_id <> (select auth.uid()) $$), 0,
  'a user cannot delete someone else''s rating');
select is(tests.affected($$ delete from template_ratings where template_id = 'e0000000-0000-0000-0000-000000000001' $$), 1,
  'a user deletes their own rating');
select tests.login_as('bob');
select results_eq($$ select rating from template_ratings order by rating $$, array[4::smallint, 5::smallint],
  'B''s owner reads ratings of public and B''s templates');
-- By now a saas admin has approved a-pending (…03), and an edit sent a-public (…02) back to pending.
select lives_ok($$ insert into template_ratings (template_id, rating) values ('e0000000-0000-0000-0000-000000000003', 5) $$,
  'a member of a workspace that installed another workspace''s approved template rates it');
select throws_ok($$ insert into template_ratings (template_id, rating) values ('e0000000-0000-0000-0000-000000000001', 5) $$,
  '42501', null, 'a template no workspace of the rater installed cannot be rated');
select tests.login_as('mia');
select throws_ok($$ insert into template_ratings (template_id, rating) values ('e0000000-0000-0000-0000-000000000003', 5) $$,
  '42501', null, 'a member of the publishing workspace cannot rate its template');
select throws_ok($$ insert into template_ratings (template_id, rating) values ('e0000000-0000-0000-0000-000000000002', 5) $$,
  '42501', null, 'nobody of the publishing workspace rates its pending template');
select tests.login_as('bea');
select throws_ok($$ update template_ratings set rating = 5 where template_id = 'e0000000-0000-0000-0000-000000000002' $$,
  '42501', null, 'a rating of a template gone back to pending cannot be changed');
select tests.login_as('olga');
select throws_ok($$ insert into template_ratings (template_id, rating) values ('e0000000-0000-0000-0000-000000000001', 5) $$,
  '42501', null, 'a user in no workspace cannot rate even an official template');
select tests.login_as_anon();
select throws_ok($$ select * from connectors.template_ratings $$, '42501', null, 'anon cannot read ratings');
select throws_ok($$ insert into connectors.template_ratings (template_id, rating) values ('e0000000-0000-0000-0000-000000000001', 5) $$,
  '42501', null, 'anon cannot rate');
select tests.login_as_service_role();
select is((select count(*)::int from template_ratings), 3, 'service_role reads every rating');
select results_eq($$ select rating_refusal('e0000000-0000-0000-0000-000000000002') $$, array['not_approved'],
  'rating_refusal names the rule that refuses');

select * from finish();
rollback;
