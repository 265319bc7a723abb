/*
  A connector's usage counters (execution_count, success_count, …) are one row that every start
  and every finish of its executions updates. Counted at once, each transaction that inserts or
  finishes an execution held that row's lock until its COMMIT arrived — across the client's round
  trips and whatever else the client did first — so under a webhook or batch load on one connector
  every other start queued behind it ("waiting on transactionid", idle in transaction), until the
  API gave up at its transaction timeout. Deferred to commit, the row is locked and released
  inside the COMMIT itself, on the server; the counts are the same.
*/
drop trigger count_connector_execution_insert on connectors.connector_executions;
drop trigger count_connector_execution_outcome on connectors.connector_executions;

create constraint trigger count_connector_execution_insert
  after insert on connectors.connector_executions
  deferrable initially deferred
  for each row
  when (new.connector_id is not null)
  execute function connectors.count_connector_execution();

create constraint trigger count_connector_execution_outcome
  after update of status on connectors.connector_executions
  deferrable initially deferred
  for each row
  when (new.connector_id is not null and old.status is distinct from new.status)
  execute function connectors.count_connector_execution();
