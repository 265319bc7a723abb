/*
  The login role the API (through Hyperdrive) and the Trigger.dev task connect as. Supabase
  reserves `authenticator` (a project cannot set its password or grant it), so the product
  brings its own. NOINHERIT: it holds no privilege by itself; every transaction starts with
  `set local role authenticated` (a user's request, RLS decides) or `service_role` (runner,
  sweeper, dispatch), so a connection that skips that step reads nothing.
  No password here: it is set once per environment at deploy time (docs/DEPLOY.md) and, for
  the local clusters, by supabase/local/dev-login.sql. Creating it only when missing keeps the
  migration re-runnable where roles outlive a database (local resets, branches).
*/
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'connectors_api') then
    create role connectors_api login noinherit nocreatedb nocreaterole nobypassrls;
  end if;
end
$$;

alter role connectors_api login noinherit;
grant authenticated, service_role to connectors_api;

-- A runaway query cannot hold a pooled connection: every login role has a statement timeout.
alter role connectors_api set statement_timeout = '8s';
