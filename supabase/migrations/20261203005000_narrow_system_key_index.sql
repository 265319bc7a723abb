/*
  System idempotency keys (a schedule's slot, a webhook delivery) are unique among the rows the
  service starts, named by their trigger. Keyed on `created_by is null` (20261203000100), the
  index also took in a member's own rows once that member was deleted (created_by is set null):
  two deleted users' equal keys could not both be nulled, and a deleted member's row keyed like a
  future slot would have looked like that slot already run.
*/
drop index connectors.connector_executions_system_key_idx;
create unique index connector_executions_system_key_idx
  on connectors.connector_executions (workspace_id, idempotency_key)
  where idempotency_key is not null and trigger in ('schedule', 'webhook');
