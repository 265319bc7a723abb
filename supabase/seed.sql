/*
  SQL seed, applied after the migrations by `npm run dev` / `npm run db:reset`
  (and by `supabase db reset` on the Supabase CLI). Intentionally empty of
  workspace data: users, workspaces, contacts, encrypted credentials, official
  templates and the demo connector are created by the TypeScript seed script
  (scripts/), because credentials must be encrypted with the app's key and
  users on a real project are created through the Auth admin API.
  Anything added here must be safe to re-run (insert … on conflict do nothing).
*/
