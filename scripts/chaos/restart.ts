// The worker killed (SIGKILL, no shutdown) and restarted while a burst runs on the inline
// runner: every execution still ends in a terminal state within the sweeper's window counted from
// the last accepted start (a stale claim goes back to the queue after STALE_CLAIM_SECONDS, an
// undispatched row after the dispatch grace). Clients retry their POSTs with the same
// Idempotency-Key, so none is created twice. Vendor calls are counted at the target: a step may
// be called twice only when it was in flight at the kill — its first call had reached the target
// and its result was not committed in the database snapshot taken right after the kill.
import { EXECUTION_ENV as EXEC } from "../../execution/env-names.ts";
import { DISPATCH_GRACE_SECONDS } from "../../worker/services/sweeper.ts";
import { type Claims, startBurst, waitTerminal } from "../lib/burst.ts";
import {
  type Committed,
  committedSteps,
  inFlightAtDeath,
  listKeys,
  readBack,
  repeatReport,
  untilTransactionsSettled,
} from "../lib/checks.ts";
import { driveSweeper } from "../lib/wrangler-dev.ts";
import { type ChaosStack, sleep, until } from "./stack.ts";

// 10 s / 3 s let live runs of the restarted worker lapse on a loaded machine (load ~12 on 2 cores)
const STALE_CLAIM_SECONDS = 30;
const HEARTBEAT_SECONDS = 5;

export async function workerRestart(
  stack: ChaosStack,
  claims: Claims,
  options: { executions: number },
): Promise<void> {
  const { target, tenants, connectors, say } = stack;
  const vars = {
    RUNNER: "inline",
    STALE_CLAIM_SECONDS: String(STALE_CLAIM_SECONDS),
    // the stale window must exceed three missed heartbeats
    [EXEC.heartbeatSeconds]: String(HEARTBEAT_SECONDS),
  };
  await stack.restartWorker(vars);
  target.clear();
  target.setDelay(300);
  const [mark] = await stack.sql<{ at: Date }[]>`select now() as at`;
  const since = mark?.at ?? new Date();
  const sweeper = driveSweeper(stack.url, 2_000);

  const connectorIds = [...connectors.values()];
  let snapshot = new Map<string, Committed>();
  let sentBy = 0;
  let settled = false;
  const crash = (async () => {
    await until(() => target.calls.length >= 40, 60_000, 50);
    say(`restart: killing wrangler dev with ${target.calls.length} target calls made`);
    await stack.worker().kill();
    // Nothing runs until the restart (the sweeper is driven through the dead worker): let the
    // commits the dead process had sent land, then read what it had committed.
    await sleep(300);
    settled = await untilTransactionsSettled(stack.cluster.superuserUrl, 5_000);
    snapshot = await committedSteps(stack.cluster.superuserUrl, connectorIds, since);
    await sleep(700);
    // a call the target received before the new worker starts was sent by the killed one
    sentBy = Date.now();
    await stack.restartWorker(vars);
    say("restart: wrangler dev is back");
  })();
  const burst = await startBurst(stack.url, tenants, connectors, options.executions, 30, {
    retryUntil: Date.now() + 120_000,
  });
  await crash;
  const window = STALE_CLAIM_SECONDS + DISPATCH_GRACE_SECONDS + 30;
  say(`restart: ${burst.ids.length} accepted (${burst.retried} retried); window ${window} s`);
  const done = await waitTerminal(stack.sql, burst.ids, burst.lastAcceptedAt + window * 1000);
  await sweeper.stop();
  target.setDelay(0);

  const unique = new Set(burst.ids).size;
  const [rows] = await stack.sql<{ n: number }[]>`
    select count(*)::int as n from connectors.connector_executions
    where created_at >= ${since} and connector_id = any(${connectorIds}::uuid[])`;
  claims.check(
    "restart: every start accepted once (Idempotency-Key retries across the crash)",
    burst.ids.length === options.executions && unique === options.executions && rows?.n === unique,
    `${burst.ids.length} answers, ${unique} distinct, ${rows?.n} rows, ${burst.retried} POSTs retried`,
  );
  claims.check(
    `restart: every execution terminal within ${window} s of the last accepted start`,
    done.terminal === burst.ids.length,
    `${JSON.stringify(done.byStatus)}, all terminal ${((done.at - burst.lastAcceptedAt) / 1000).toFixed(1)} s after the last 202`,
  );
  const back = await readBack(stack.cluster.superuserUrl, connectorIds, since, burst.ids);
  claims.check(
    "restart: none lost (accepted ids = rows read back, all terminal)",
    back.ok,
    back.detail,
  );
  const failures = await stack.sql<{ id: string; kind: string | null }[]>`
    select id, error->>'kind' as kind from connectors.connector_executions
    where id = any(${burst.ids}::uuid[]) and status <> 'succeeded'`;
  claims.check(
    "restart: every execution succeeded",
    (done.byStatus.succeeded ?? 0) === burst.ids.length,
    `${done.byStatus.succeeded ?? 0} of ${burst.ids.length}; others: ${listKeys(failures.map((f) => `${f.id} (${f.kind})`))}`,
  );
  const [claimed] = await stack.sql<{ n: number }[]>`
    select count(*)::int as n from connectors.connector_executions
    where id = any(${burst.ids}::uuid[]) and attempts > 1`;
  claims.info("restart: executions claimed more than once", String(claimed?.n ?? 0));
  const inFlight = inFlightAtDeath(target, snapshot, sentBy);
  const repeats = repeatReport(target, burst.ids, inFlight, ["hit"], sentBy);
  claims.check(
    "restart: each step called once, twice only if it was in flight at the kill (sent, not committed)",
    settled && repeats.missing === 0 && repeats.strays === 0 && repeats.unexcused.length === 0,
    `${inFlight.size} steps in flight at the kill (${snapshot.size} rows in the snapshot${settled ? "" : ", taken while transactions were still open"}); missing ${repeats.missing}, unknown ${repeats.strays}; repeated in flight: ${listKeys(repeats.excused)}; repeated otherwise: ${listKeys(repeats.unexcused)}`,
  );
}
