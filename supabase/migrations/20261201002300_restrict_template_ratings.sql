/*
  A rating needs an approved template that a workspace of the rater has installed, and the
  rater may not belong to the template's owner workspace (SPEC §3: an author cannot rate their
  own template, not even through a second workspace). connectors.rating_refusal says why a
  rating is refused (null: allowed); it runs as the caller, so a template the caller cannot
  see is 'not_found' and nothing about it leaks. The API maps the reasons to 404/403.
*/
create function connectors.rating_refusal(template uuid)
returns text
language sql
stable
set search_path = ''
as $$
  select case
    when t.id is null then 'not_found'
    when t.review <> 'approved' then 'not_approved'
    when t.owner_workspace_id is not null and connectors.is_workspace_member(t.owner_workspace_id)
      then 'own_template'
    when not exists (
      select 1 from connectors.template_installs i
      where i.template_id = t.id
        and i.workspace_id in (select connectors.user_workspace_ids())
        and i.workspace_id is distinct from t.owner_workspace_id
    ) then 'not_installed'
  end
  from (select 1) as one
  left join connectors.connector_templates t on t.id = template
$$;

revoke execute on function connectors.rating_refusal(uuid) from public, anon;
grant execute on function connectors.rating_refusal(uuid) to authenticated, service_role;

drop policy "Users can rate templates they can read" on connectors.template_ratings;
drop policy "Users can change their own ratings" on connectors.template_ratings;

create policy "Users can rate approved templates their workspace installed"
  on connectors.template_ratings for insert
  to authenticated
  with check (
    user_id = (select auth.uid())
    and connectors.rating_refusal(template_id) is null
  );

create policy "Users can change their own ratings while they may rate"
  on connectors.template_ratings for update
  to authenticated
  using (user_id = (select auth.uid()))
  with check (
    user_id = (select auth.uid())
    and connectors.rating_refusal(template_id) is null
  );

-- Existing self-ratings (a member of the owner workspace rating its template) are removed;
-- the rating trigger recomputes the aggregates. Other existing ratings stay.
delete from connectors.template_ratings r
using connectors.connector_templates t, connectors.workspace_members m
where t.id = r.template_id
  and m.workspace_id = t.owner_workspace_id
  and m.user_id = r.user_id;
