/*
  One rating (1–5, optional review) per user per template, replaceable.
  Whoever can read a template can read its ratings and rate it; the
  template's rating_avg/rating_count are recomputed by a trigger.
*/
create table public.template_ratings (
  template_id uuid not null references public.connector_templates (id) on delete cascade,
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  rating smallint not null check (rating between 1 and 5),
  review text check (char_length(review) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (template_id, user_id)
);

-- The primary key serves lookups by template; policies also filter by user.
create index template_ratings_user_id_idx on public.template_ratings (user_id);
-- Reviews of a template, newest first.
create index template_ratings_template_id_created_at_idx
  on public.template_ratings (template_id, created_at desc, user_id);

create trigger set_updated_at
  before update on public.template_ratings
  for each row execute function public.set_updated_at();

alter table public.template_ratings enable row level security;

revoke all on table public.template_ratings from anon, authenticated;
grant select on table public.template_ratings to authenticated;
grant insert (template_id, user_id, rating, review) on table public.template_ratings
  to authenticated;
grant update (rating, review, updated_at) on table public.template_ratings to authenticated;
grant delete on table public.template_ratings to authenticated;
grant all on table public.template_ratings to service_role;

-- The subqueries on connector_templates run under its RLS: "can read the template".
create policy "Users can read ratings of templates they can read"
  on public.template_ratings for select
  to authenticated
  using (exists (select 1 from public.connector_templates t where t.id = template_id));

create policy "Users can rate templates they can read"
  on public.template_ratings for insert
  to authenticated
  with check (
    user_id = (select auth.uid())
    and exists (select 1 from public.connector_templates t where t.id = template_id)
  );

create policy "Users can change their own ratings"
  on public.template_ratings for update
  to authenticated
  using (user_id = (select auth.uid()))
  with check (
    user_id = (select auth.uid())
    and exists (select 1 from public.connector_templates t where t.id = template_id)
  );

create policy "Users can delete their own ratings"
  on public.template_ratings for delete
  to authenticated
  using (user_id = (select auth.uid()));
