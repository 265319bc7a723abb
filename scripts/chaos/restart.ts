// The worker killed (SIGKILL, no shutdown) and restarted while a burst runs on the inline
// runner: every execution still ends in a terminal state within the sweeper's window (a stale
// claim goes back to the queue after STALE_CLAIM_SECONDS, an undispatched row after the dispatch
// grace). Clients retry their POSTs with the same Idempotency-Key, so none is created twice.
import { DISPATCH_GRACE_SECONDS } from "../../worker/services/sweeper.ts";
import { type Claims, startBurst, waitTerminal } from "../lib/burst.ts";
import { driveSweeper } from "../lib/wrangler-dev.ts";
import { type ChaosStack, sleep, until } from "./stack.ts";

const STALE_CLAIM_SECONDS = 10;

export async function workerRestart(
  stack: ChaosStack,
  claims: Claims,
  options: { executions: number },
): Promise<void> {
  const { target, tenants, connectors, say } = stack;
  const vars = { RUNNER: "inline", STALE_CLAIM_SECONDS: String(STALE_CLAIM_SECONDS) };
  await stack.restartWorker(vars);
  target.hits.clear();
  target.setDelay(300);
  const [mark] = await stack.sql<{ at: Date }[]>`select now() as at`;
  const sweeper = driveSweeper(stack.url, 2_000);

  let restartedAt = 0;
  const crash = (async () => {
    await until(() => target.hits.size >= 40, 30_000, 50);
    say(`restart: killing wrangler dev with ${target.hits.size} target calls made`);
    await stack.worker().kill();
    await sleep(1_000);
    await stack.restartWorker(vars);
    restartedAt = Date.now();
    say("restart: wrangler dev is back");
  })();
  const burst = await startBurst(stack.url, tenants, connectors, options.executions, 30, {
    retryUntil: Date.now() + 120_000,
  });
  await crash;
  const window = STALE_CLAIM_SECONDS + DISPATCH_GRACE_SECONDS + 30;
  say(`restart: ${burst.ids.length} accepted (${burst.retried} retried); window ${window} s`);
  const done = await waitTerminal(stack.sql, burst.ids, restartedAt + window * 1000);
  await sweeper.stop();
  target.setDelay(0);

  const unique = new Set(burst.ids).size;
  const [rows] = await stack.sql<{ n: number }[]>`
    select count(*)::int as n from connectors.connector_executions
    where created_at >= ${mark?.at ?? new Date()}
      and connector_id = any(${[...connectors.values()]}::uuid[])`;
  claims.check(
    "restart: every start accepted once (Idempotency-Key retries across the crash)",
    burst.ids.length === options.executions && unique === options.executions && rows?.n === unique,
    `${burst.ids.length} answers, ${unique} distinct, ${rows?.n} rows, ${burst.retried} POSTs retried`,
  );
  claims.check(
    `restart: every execution terminal within the sweeper's window (${window} s)`,
    done.terminal === burst.ids.length,
    `${JSON.stringify(done.byStatus)}, all terminal ${((done.at - restartedAt) / 1000).toFixed(1)} s after the restart`,
  );
  claims.check(
    "restart: every execution succeeded",
    (done.byStatus.succeeded ?? 0) === burst.ids.length,
    `${done.byStatus.succeeded ?? 0} of ${burst.ids.length}`,
  );
  const reran = await stack.sql<{ id: string }[]>`
    select id from connectors.connector_executions
    where id = any(${burst.ids}::uuid[]) and attempts > 1`;
  const reranIds = new Set(reran.map((r) => r.id));
  const repeated = burst.ids.filter((id) => (target.hits.get(id) ?? 0) > 1);
  const missing = burst.ids.filter((id) => (target.hits.get(id) ?? 0) === 0).length;
  claims.check(
    "restart: a step repeats only for a run that died mid-step (then reclaimed)",
    missing === 0 && repeated.every((id) => reranIds.has(id)),
    `${reran.length} reclaimed after the crash, ${repeated.length} target calls repeated, ${missing} missing`,
  );
}
