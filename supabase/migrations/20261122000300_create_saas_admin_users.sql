/*
  Platform staff who curate the template marketplace and see platform-wide
  usage. Both roles curate templates; `permissions` leaves room for finer
  grants later. Written only by service_role (scripts / the Supabase
  dashboard); a user may read their own row so the API can tell them apart.
*/
create table public.saas_admin_users (
  user_id uuid primary key references auth.users (id) on delete cascade,
  role text not null default 'admin' check (role in ('admin', 'super_admin')),
  permissions jsonb not null default '{}'::jsonb check (jsonb_typeof(permissions) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create trigger set_updated_at
  before update on public.saas_admin_users
  for each row execute function public.set_updated_at();

alter table public.saas_admin_users enable row level security;

revoke all on table public.saas_admin_users from anon, authenticated;
grant select on table public.saas_admin_users to authenticated;
grant all on table public.saas_admin_users to service_role;

create policy "Users can read their own saas admin row"
  on public.saas_admin_users for select
  to authenticated
  using (user_id = (select auth.uid()));

/*
  True when the calling user is a saas admin. Security definer so template
  policies can ask without depending on saas_admin_users' own RLS.
*/
create function public.is_saas_admin()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.saas_admin_users a
    where a.user_id = (select auth.uid())
      and a.role in ('admin', 'super_admin')
  )
$$;

revoke execute on function public.is_saas_admin() from public, anon;
grant execute on function public.is_saas_admin() to authenticated, service_role;
