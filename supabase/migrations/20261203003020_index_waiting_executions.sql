/*
  The inline runner's drain (docs/RELIABILITY.md): when a run ends it takes its workspace's
  oldest queued, undispatched execution. This index finds that row without scanning every
  workspace's queue.
*/
create index connector_executions_waiting_idx
  on connectors.connector_executions (workspace_id, queued_at, id)
  where status = 'queued' and run_id is null;
