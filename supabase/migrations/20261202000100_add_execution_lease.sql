/*
  The lease of a running execution (README "Executions", docs/RELIABILITY.md). `lease_id` is
  drawn anew at every claim, and every write of a run holds only while the row still carries its
  lease: a run whose claim was taken over writes nothing. `heartbeat_at` is renewed by the live
  run; a row is reclaimed only once it was not renewed for the stale window.
  `step_taint` keeps, per committed step whose extracted values are tainted, the credential names
  tainting them and those values sealed with the credentials keyring (never in plain text), so
  that a resumed run can taint them again; it is emptied when the execution finishes.
  Written by the runner (service_role) only.
*/

alter table connectors.connector_executions
  add column lease_id uuid,
  add column heartbeat_at timestamptz,
  add column step_taint jsonb not null default '{}'::jsonb
    check (jsonb_typeof(step_taint) = 'object');

create index connector_executions_running_heartbeat_idx
  on connectors.connector_executions (coalesce(heartbeat_at, claimed_at))
  where status = 'running';
