// Two sweepers under a backlog (docs/RELIABILITY.md): queued executions nobody dispatched,
// inserted directly, are drained by two sweep callers at once against the worker's `scheduled`
// entry. Every row gets exactly one Trigger.dev run (counted at the stand-in: a repeat only as
// the same idempotency key, which it answers with the same run), and the drain keeps up with the
// dispatch rate one sweeper reaches on a small batch measured first, in the same run.
import type postgres from "postgres";
import { type Claims, waitTerminal } from "../lib/burst.ts";
import { listKeys } from "../lib/checks.ts";
import { driveSweeper, fireScheduled } from "../lib/wrangler-dev.ts";
import type { ChaosStack } from "./stack.ts";
import {
  checkNoneLost,
  checkOncePerStep,
  runsPerExecution,
  useTriggerStandIn,
} from "./trigger-runs.ts";

/** Queued rows of the burst connectors, `count` in all, queued past the dispatch grace. */
async function insertBacklog(sql: postgres.Sql, connectorIds: string[], count: number) {
  const per = Math.ceil(count / connectorIds.length);
  const rows = await sql<{ id: string }[]>`
    insert into connectors.connector_executions
      (workspace_id, connector_id, definition, input, queued_at)
    select c.workspace_id, c.id, c.definition,
           jsonb_build_object('email', 'backlog-' || g || '@load.test'),
           now() - interval '1 minute'
    from connectors.connectors c cross join generate_series(1, ${per}) g
    where c.id = any(${connectorIds}::uuid[])
    returning id`;
  return rows.map((r) => r.id);
}

/** Rows per second between the first and the last new run the stand-in created for `ids`. */
function dispatchRate(stack: ChaosStack, ids: string[], from: number) {
  const wanted = new Set(ids);
  const times = stack.standIn.calls
    .slice(from)
    .filter(
      (c) => !c.cached && wanted.has((c.payload as { executionId?: string }).executionId ?? ""),
    )
    .map((c) => c.at);
  if (times.length < 2) return { runs: times.length, perSecond: 0 };
  const seconds = Math.max(0.001, (Math.max(...times) - Math.min(...times)) / 1000);
  return { runs: times.length, perSecond: times.length / seconds };
}

export async function backlogDrain(
  stack: ChaosStack,
  claims: Claims,
  options: { rows: number; probe: number },
): Promise<void> {
  const { target, standIn, connectors, say } = stack;
  await useTriggerStandIn(stack);
  target.clear();
  target.setDelay(0);
  const [mark] = await stack.sql<{ at: Date }[]>`select now() as at`;
  const connectorIds = [...connectors.values()];

  say(`backlog: one sweeper over ${options.probe} rows, to measure its dispatch rate`);
  const probeFrom = standIn.calls.length;
  const probe = await insertBacklog(stack.sql, connectorIds, options.probe);
  await fireScheduled(stack.url());
  const single = dispatchRate(stack, probe, probeFrom);
  await waitTerminal(stack.sql, probe, Date.now() + 180_000);

  say(`backlog: ${options.rows} queued rows, two sweepers at once`);
  const from = standIn.calls.length;
  const ids = await insertBacklog(stack.sql, connectorIds, options.rows);
  const insertedAt = Date.now();
  const sweepers = [driveSweeper(stack.url, 1_000), driveSweeper(stack.url, 1_000)];
  // Dispatch, then the runs themselves: generous for a loaded machine, from the insert.
  const deadline = insertedAt + Math.max(180_000, ids.length * 60);
  let last = "";
  const done = await waitTerminal(stack.sql, ids, deadline, (counts) => {
    const line = JSON.stringify(counts.byStatus);
    if (line !== last) say(`backlog: ${line}`);
    last = line;
  });
  for (const sweeper of sweepers) await sweeper.stop();
  await standIn.settle();

  const all = [...probe, ...ids];
  const runs = runsPerExecution(standIn, all, probeFrom);
  const notOnce = all.filter((id) => runs.runs(id) !== 1 || runs.keys(id) !== 1);
  claims.check(
    "backlog: every row dispatched exactly once (one run and one idempotency key each, at the stand-in)",
    notOnce.length === 0,
    `${all.length - notOnce.length}/${all.length} once; not once: ${listKeys(notOnce)}`,
  );
  const drain = dispatchRate(stack, ids, from);
  claims.info(
    "backlog: one sweeper's dispatch rate",
    `${single.perSecond.toFixed(0)} rows/s over ${single.runs} rows`,
  );
  claims.check(
    "backlog: two sweepers drain it at ≥ 50% of one sweeper's dispatch rate (measured in this run)",
    single.perSecond > 0 && drain.perSecond >= 0.5 * single.perSecond,
    `${drain.perSecond.toFixed(0)} rows/s over ${drain.runs} rows (${((100 * drain.perSecond) / Math.max(1, single.perSecond)).toFixed(0)}% of one sweeper's), ${sweepers.map((s) => s.sweeps()).join(" + ")} sweeps`,
  );
  claims.check(
    `backlog: every execution terminal and succeeded within ${((deadline - insertedAt) / 1000).toFixed(0)} s of the insert`,
    (done.byStatus.succeeded ?? 0) === ids.length,
    `${JSON.stringify(done.byStatus)} ${((done.at - insertedAt) / 1000).toFixed(1)} s after the insert`,
  );
  checkOncePerStep(claims, "backlog", target, all);
  await checkNoneLost(stack, claims, "backlog", mark?.at, all);
}
