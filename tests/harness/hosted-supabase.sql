/*
  A fresh database laid out like a hosted Supabase project, as its platform leaves it before
  the first `supabase db push` (run as the cluster's superuser, supabase_admin). Test-only.
  - `postgres` is not a superuser: CREATEDB CREATEROLE BYPASSRLS, DML on auth's tables,
    member of the API roles; it runs the migrations.
  - `auth` belongs to supabase_admin, auth.users to supabase_auth_admin, with no defaults.
  - `authenticator` is reserved: on Supabase an extension (supautils) stops a project from
    changing or granting it; here its superuser attribute does the same for a CREATEROLE
    role, and it cannot log in.
  - pgTAP lives in schema `extensions`, on postgres's search_path, as with `supabase test db`.
*/
create role supabase_auth_admin noinherit createrole login noreplication;
create role anon nologin noinherit;
create role authenticated nologin noinherit;
create role service_role nologin noinherit bypassrls;
create role authenticator superuser nologin noinherit;
grant anon, authenticated, service_role to authenticator;
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
alter role authenticator set statement_timeout = '8s';

create role postgres nosuperuser createdb createrole login replication bypassrls
  password 'postgres';
grant anon, authenticated, service_role to postgres;
grant all on database postgres to postgres;
alter database postgres owner to postgres;
alter role postgres set search_path = "$user", public, extensions;

create schema extensions;
grant usage on schema extensions to postgres, anon, authenticated, service_role;
create extension pgtap with schema extensions;

create schema auth authorization supabase_admin;
grant all on schema auth to supabase_auth_admin;
create table auth.users (
  instance_id uuid,
  id uuid not null primary key,
  aud varchar(255),
  role varchar(255),
  email varchar(255),
  encrypted_password varchar(255),
  raw_app_meta_data jsonb,
  raw_user_meta_data jsonb,
  created_at timestamptz,
  updated_at timestamptz
);
alter table auth.users owner to supabase_auth_admin;

create function auth.uid() returns uuid language sql stable as $$
  select coalesce(
    nullif(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub', ''),
    nullif(current_setting('request.jwt.claim.sub', true), '')
  )::uuid
$$;
create function auth.role() returns text language sql stable as $$
  select nullif(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role', '')
$$;
create function auth.jwt() returns jsonb language sql stable as $$
  select nullif(current_setting('request.jwt.claims', true), '')::jsonb
$$;
alter function auth.uid() owner to supabase_auth_admin;
alter function auth.role() owner to supabase_auth_admin;
alter function auth.jwt() owner to supabase_auth_admin;

grant usage on schema auth to anon, authenticated, service_role, postgres;
grant all on all tables in schema auth to postgres, service_role;
grant execute on all functions in schema auth to anon, authenticated, service_role, postgres;

grant usage on schema public to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  grant all on tables to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  grant all on sequences to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  grant all on functions to anon, authenticated, service_role;
