/*
  Supabase compatibility layer for a plain local PostgreSQL (15+).

  NEVER apply this file to a real Supabase project: Supabase already provides
  these roles, the `auth` schema and its functions. It exists so that the
  migrations in ../migrations run unchanged on the project's own local
  PostgreSQL (dev stack and test clusters), with the same role model PostgREST
  uses: a login role `authenticator` that switches to `anon`, `authenticated`
  or `service_role` per request and exposes the verified JWT claims in
  `request.jwt.claims`.

  Idempotent: safe to run again on a database that already has it.
  Run it as a superuser, before the migrations.
*/

-- Roles ---------------------------------------------------------------------

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit;
  end if;
end
$$;

-- Re-assert the attributes in case the roles pre-existed with others. `authenticator` has no
-- password, as on a hosted project where Supabase reserves it: nothing here may log in as it.
-- The API logs in as its own role (migration create_api_login_role; supabase/local/dev-login.sql).
alter role anon nologin noinherit;
alter role authenticated nologin noinherit;
alter role service_role nologin noinherit bypassrls;
alter role authenticator login noinherit password null;

do $$
declare
  r text;
begin
  foreach r in array array['anon', 'authenticated', 'service_role'] loop
    if not pg_has_role('authenticator', r, 'member') then
      execute format('grant %I to authenticator', r);
    end if;
  end loop;
end
$$;

-- Every login role used by the app has a statement timeout, as on Supabase.
-- (postgres deliberately has none: it runs migrations.)
alter role authenticator set statement_timeout = '8s';
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';

-- auth schema ---------------------------------------------------------------

create schema if not exists auth;

/*
  Minimal auth.users: only the columns this project (and its seed scripts)
  touch, with Supabase's names and, like a hosted project's table, no defaults
  (Supabase Auth fills them in): a fixture that leaves out `id` fails here as it
  would there.
*/
create table if not exists auth.users (
  id uuid not null primary key,
  email varchar(255) unique,
  raw_user_meta_data jsonb,
  raw_app_meta_data jsonb,
  created_at timestamptz,
  updated_at timestamptz
);
alter table auth.users alter column id drop default;
alter table auth.users alter column raw_user_meta_data drop default;
alter table auth.users alter column raw_user_meta_data drop not null;
alter table auth.users alter column raw_app_meta_data drop default;
alter table auth.users alter column raw_app_meta_data drop not null;
alter table auth.users alter column created_at drop default;
alter table auth.users alter column created_at drop not null;
alter table auth.users alter column updated_at drop default;
alter table auth.users alter column updated_at drop not null;

/*
  The caller's user id, from the JWT claims PostgREST (or our API) puts in
  `request.jwt.claims`; falls back to the legacy per-claim setting. Empty
  settings yield null rather than a cast error.
*/
create or replace function auth.uid()
returns uuid
language sql
stable
set search_path = ''
as $$
  select coalesce(
    nullif(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub', ''),
    nullif(current_setting('request.jwt.claim.sub', true), '')
  )::uuid
$$;

-- The caller's JWT role claim (anon / authenticated / service_role).
create or replace function auth.role()
returns text
language sql
stable
set search_path = ''
as $$
  select coalesce(
    nullif(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role', ''),
    nullif(current_setting('request.jwt.claim.role', true), '')
  )::text
$$;

-- All JWT claims as jsonb.
create or replace function auth.jwt()
returns jsonb
language sql
stable
set search_path = ''
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

grant usage on schema auth to anon, authenticated, service_role;
grant execute on function auth.uid(), auth.role(), auth.jwt()
  to anon, authenticated, service_role;
grant all on table auth.users to service_role;

-- Supabase's default privileges on schema public -----------------------------

/*
  On Supabase, every table/function/sequence the `postgres` role creates in
  public is granted to anon, authenticated and service_role by default. We
  mimic that on purpose, so the migrations (which revoke and re-grant
  explicitly) are tested against the same permissive defaults they meet on a
  real project.
*/
grant usage on schema public to anon, authenticated, service_role;
revoke create on schema public from public, anon, authenticated;

alter default privileges for role postgres in schema public
  grant all on tables to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  grant all on sequences to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  grant all on functions to anon, authenticated, service_role;
