// How the execution lifecycle reaches the database: postgres.js, one short transaction per
// step, as service_role where the runner (which acts for no user) needs it.
import type postgres from "postgres";

export type Sql = postgres.Sql;
export type Tx = postgres.TransactionSql;

/** Runs a query in the transaction the caller chose (the user's under RLS, or service_role). */
export type InTransaction = <T>(query: (tx: Tx) => Promise<T>) => Promise<T>;

/**
 * Sends a transaction's role setup without waiting for its answer, so it travels with the
 * transaction's first query (one round trip instead of two). Statements run in order on the
 * transaction's connection; if the setup failed, postgres.js rolls back and reports its error.
 */
export function pipelined(setup: postgres.PendingQuery<postgres.Row[]>): void {
  // Its failure surfaces through the transaction; this only keeps it from being unhandled.
  setup.execute().catch(() => {});
}

const SERVICE_ROLE = (tx: Tx) =>
  tx`select set_config('role', 'service_role', true),
            set_config('request.jwt.claims', '{"role":"service_role"}', true)`;

/**
 * Runs `fn` in one transaction as `service_role` (bypasses RLS): runner, sweeper, admin.
 * `pipelined` saves the API a round trip; a runner waits for the setup instead, since it must
 * outlive a database restart and postgres.js can fail outside any promise when a pipelined
 * query meets a dropped connection.
 */
export function asService<T>(
  sql: Sql,
  fn: (tx: Tx) => Promise<T>,
  setup: "pipelined" | "awaited" = "awaited",
): Promise<T> {
  return sql.begin(async (tx) => {
    if (setup === "pipelined") pipelined(SERVICE_ROLE(tx));
    else await SERVICE_ROLE(tx);
    return fn(tx);
  }) as Promise<T>;
}
