/*
  Where a credential may be placed in a request (SPEC §7), decided by its owner on the
  credential: `placements` lists the parts a `{{credentials.x}}` placeholder may fill (header,
  query, path, body; default header only), and `query_param` pins the one query parameter that
  may carry it as an api_key. Both are bound into the ciphertext's AAD by the application, like
  `allowed_hosts`, so an edit here without storing the value again makes the row undecryptable.
  Written by the credential-writing path (owners and admins), read by members as metadata.
*/
-- A check constraint cannot hold a subquery; duplicates are found here instead.
create function connectors.valid_credential_placements(placements text[])
returns boolean
language sql
immutable
set search_path = ''
as $$
  select placements is not null
    and array_ndims(placements) = 1
    and cardinality(placements) between 1 and 4
    and array_position(placements, null) is null
    and placements <@ array['header', 'query', 'path', 'body']::text[]
    and cardinality(placements) = (select count(distinct p) from unnest(placements) p)
$$;

alter table connectors.workspace_api_credentials
  add column placements text[] not null default '{header}'
    constraint workspace_api_credentials_placements_check
    check (connectors.valid_credential_placements(placements)),
  add column query_param text
    constraint workspace_api_credentials_query_param_check
    check (query_param ~ '^[A-Za-z0-9_.~-]{1,64}$');

grant select (placements, query_param)
  on table connectors.workspace_api_credentials to authenticated;
grant insert (placements, query_param)
  on table connectors.workspace_api_credentials to authenticated;
grant update (placements, query_param)
  on table connectors.workspace_api_credentials to authenticated;
