/*
  A field-mapping entry fed by a tainted value (SPEC §7: extracted from an answer to a request
  that carried a credential through a query, path or body placement) is not written onto the
  contact; the execution records which entries were skipped and why. Written by the runner
  (service_role) only, like the rest of an execution's results.
*/

alter table connectors.connector_executions
  add column mapping_skipped jsonb not null default '[]'::jsonb
    check (jsonb_typeof(mapping_skipped) = 'array');
