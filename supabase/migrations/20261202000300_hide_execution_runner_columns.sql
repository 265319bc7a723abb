/*
  Runner-only columns of connector_executions are not readable by members (docs/RELIABILITY.md,
  docs/SECURITY.md). `step_taint` holds the sealed values of tainted steps (ciphertext bound to
  the execution, but still the credential's neighbourhood); `lease_id`, `heartbeat_at` and
  `sweep_lease_until` are the runner's and the sweeper's lease bookkeeping. The API's execution
  object names none of them. Members keep SELECT on every other column; a column added later
  is readable only when its migration grants it.
*/

revoke select on table connectors.connector_executions from authenticated;
grant select (
  id, workspace_id, connector_id, definition, status, input, output, step_results, error,
  attempts, runner, run_id, claimed_at, idempotency_key, contact_id, created_by, queued_at,
  started_at, finished_at, duration_ms, created_at, updated_at, mapping_skipped, redispatches,
  dispatched_at
) on table connectors.connector_executions to authenticated;
