/*
  A read-only mirror of the CRM's contacts, so a connector's field mapping has
  something to write to and users can see what it wrote. The CRM owns
  contacts: it (and the execution runner applying a field mapping) writes as
  service_role; members of the workspace only read. Unknown mapped fields go
  under custom_fields.
*/
create table public.contacts (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  email text,
  first_name text,
  last_name text,
  phone text,
  company text,
  custom_fields jsonb not null default '{}'::jsonb
    check (jsonb_typeof(custom_fields) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Target of composite foreign keys: a row can only point at a contact of its own workspace.
  unique (workspace_id, id)
);

-- The unique (workspace_id, id) index serves the policy's workspace_id filter.
create index contacts_workspace_id_created_at_idx
  on public.contacts (workspace_id, created_at desc, id desc);
create index contacts_workspace_id_email_idx
  on public.contacts (workspace_id, lower(email));

create trigger set_updated_at
  before update on public.contacts
  for each row execute function public.set_updated_at();

alter table public.contacts enable row level security;

revoke all on table public.contacts from anon, authenticated;
grant select on table public.contacts to authenticated;
grant all on table public.contacts to service_role;

-- No insert/update/delete policy: only service_role writes contacts.
create policy "Members can read their workspace's contacts"
  on public.contacts for select
  to authenticated
  using (workspace_id in (select public.user_workspace_ids()));
