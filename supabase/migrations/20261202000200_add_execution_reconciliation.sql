/*
  Reconciliation with the runner (README "Executions"): a queued row whose run died before it
  claimed is dispatched again with a new idempotency key. `redispatches` counts those new runs
  (and names the key), `dispatched_at` dates the current run id so a run gets a grace period
  before its status is checked, and `sweep_lease_until` hands a batch of rows to one sweep at a
  time. Written by the sweeper (service_role) only.
*/

alter table connectors.connector_executions
  add column redispatches integer not null default 0 check (redispatches >= 0),
  add column dispatched_at timestamptz,
  add column sweep_lease_until timestamptz;

-- authenticated keeps its column-level update grant (status, runner, run_id, updated_at) only.
revoke update (redispatches, dispatched_at, sweep_lease_until)
  on table connectors.connector_executions from authenticated;
grant all on table connectors.connector_executions to service_role;
