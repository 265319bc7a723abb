/*
  SPEC §3: a member deletes only the connectors they created; admins and owners delete any
  connector of their workspace. created_by is set by its default (auth.uid()) and is not
  writable by `authenticated`, so a member cannot make someone else's connector theirs.
*/
drop policy "Members can delete their workspace's connectors" on connectors.connectors;

create policy "Admins delete any connector and members the ones they created"
  on connectors.connectors for delete
  to authenticated
  using (
    workspace_id in (select connectors.user_workspace_ids(array['owner', 'admin']))
    or (created_by = (select auth.uid())
        and workspace_id in (select connectors.user_workspace_ids()))
  );

-- The policy filters by creator (and the auth.users foreign key's on delete set null uses it).
create index connectors_created_by_idx
  on connectors.connectors (created_by)
  where created_by is not null;
