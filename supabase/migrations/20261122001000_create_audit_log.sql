/*
  Who changed what in a workspace (connector.create, credential.put,
  template.install, …), for its owners and admins. The API appends rows as
  the user, in the same transaction as the change. Append-only: no role may
  update or delete a row (a trigger refuses, even for service_role and the
  table owner); rows go only with their workspace. actor_id deliberately has
  no foreign key: the record outlives the user. metadata never holds a secret.
*/
create table public.audit_log (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  actor_id uuid default auth.uid(),
  action text not null check (action ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$'),
  target_type text check (char_length(target_type) <= 100),
  target_id text check (char_length(target_id) <= 255),
  metadata jsonb not null default '{}'::jsonb check (jsonb_typeof(metadata) = 'object'),
  created_at timestamptz not null default now(),
  unique (workspace_id, id)
);

-- Newest first per workspace (also serves the policies' workspace_id filter).
create index audit_log_workspace_id_created_at_idx
  on public.audit_log (workspace_id, created_at desc, id desc);

alter table public.audit_log enable row level security;

revoke all on table public.audit_log from anon, authenticated;
grant select on table public.audit_log to authenticated;
grant insert (workspace_id, actor_id, action, target_type, target_id, metadata)
  on table public.audit_log to authenticated;
grant all on table public.audit_log to service_role;
-- TRUNCATE would bypass the row trigger below.
revoke truncate on table public.audit_log from service_role;

create policy "Owners and admins can read their workspace's audit log"
  on public.audit_log for select
  to authenticated
  using (workspace_id in (select public.user_workspace_ids(array['owner', 'admin'])));

create policy "Members can append to their workspace's audit log"
  on public.audit_log for insert
  to authenticated
  with check (
    actor_id = (select auth.uid())
    and workspace_id in (select public.user_workspace_ids())
  );

/*
  Refuses every UPDATE and DELETE, whoever asks. The one exception is the
  cascade from deleting the workspace itself, recognised by the workspace
  row being gone already. Security definer only to look that row up
  regardless of the caller's privileges.
*/
create function public.refuse_audit_log_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'DELETE'
    and not exists (select 1 from public.workspaces w where w.id = old.workspace_id) then
    return old;
  end if;
  raise exception 'audit_log is append-only' using errcode = '42501';
end;
$$;

revoke execute on function public.refuse_audit_log_change() from public, anon, authenticated;

create trigger refuse_audit_log_change
  before update or delete on public.audit_log
  for each row execute function public.refuse_audit_log_change();
