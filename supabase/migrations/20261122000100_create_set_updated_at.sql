/*
  Shared trigger function that keeps `updated_at` honest: the application
  never has to remember to set it, and a client cannot backdate it.
  Attach it as `before update` (optionally `of <columns>` so that counter
  updates made by other triggers do not count as edits).
*/
create function public.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

revoke execute on function public.set_updated_at() from public, anon, authenticated;
