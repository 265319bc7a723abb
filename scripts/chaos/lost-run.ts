// Runs that die before they claim (docs/RELIABILITY.md): part of a burst is accepted by the
// Trigger.dev stand-in and never started, reported EXPIRED or CRASHED. The sweeper's
// reconciliation (RECONCILE_GRACE_SECONDS set small) asks the API about queued rows whose run has
// not claimed them, and dispatches the lost ones again under a new key: every execution ends
// within a deadline from the last accepted start, and the vendor is called once per step.
import { type Claims, startBurst, waitTerminal } from "../lib/burst.ts";
import { driveSweeper } from "../lib/wrangler-dev.ts";
import type { ChaosStack } from "./stack.ts";
import {
  checkNoneLost,
  checkOncePerStep,
  runsPerExecution,
  useTriggerStandIn,
} from "./trigger-runs.ts";

const GRACE_SECONDS = 5;

export async function lostRuns(
  stack: ChaosStack,
  claims: Claims,
  options: { executions: number },
): Promise<void> {
  const { target, standIn, tenants, connectors, say } = stack;
  await useTriggerStandIn(stack, { RECONCILE_GRACE_SECONDS: String(GRACE_SECONDS) });
  target.clear();
  const [mark] = await stack.sql<{ at: Date }[]>`select now() as at`;
  const callsBefore = standIn.calls.length;
  const third = Math.floor(options.executions / 3);
  const sweeper = driveSweeper(stack.url, 2_000);

  say(`lost-run: ${third} runs lost EXPIRED, ${third} CRASHED, the rest run`);
  const parts: { ids: string[]; lastAcceptedAt: number }[] = [];
  for (const [status, count] of [
    ["EXPIRED", third],
    ["CRASHED", third],
    [null, options.executions - 2 * third],
  ] as const) {
    standIn.withhold(status);
    parts.push(await startBurst(stack.url, tenants, connectors, count, 25));
  }
  standIn.withhold(null);
  const lost = [...(parts[0]?.ids ?? []), ...(parts[1]?.ids ?? [])];
  const ids = parts.flatMap((p) => p.ids);
  const lastAcceptedAt = Math.max(...parts.map((p) => p.lastAcceptedAt));
  claims.check(
    "lost-run: every start answers 202",
    ids.length === options.executions,
    `${ids.length} of ${options.executions} accepted`,
  );

  // Grace, a sweep to find the run dead, a dispatch grace and a sweep to send the new run, then
  // the run itself: generous for a loaded machine, counted from the last accepted start.
  const deadline = lastAcceptedAt + 180_000;
  let last = "";
  const done = await waitTerminal(stack.sql, ids, deadline, (counts) => {
    const line = JSON.stringify(counts.byStatus);
    if (line !== last) say(`lost-run: ${line}`);
    last = line;
  });
  await sweeper.stop();
  await standIn.settle();
  claims.check(
    "lost-run: every execution terminal and succeeded within 180 s of the last accepted start",
    (done.byStatus.succeeded ?? 0) === ids.length,
    `${JSON.stringify(done.byStatus)} ${((done.at - lastAcceptedAt) / 1000).toFixed(1)} s after the last 202, ${sweeper.sweeps()} sweeps`,
  );

  const runs = runsPerExecution(standIn, ids, callsBefore);
  const lostReplaced = lost.filter((id) => runs.runs(id) === 2 && runs.keys(id) === 2).length;
  const keptOne = parts[2]?.ids.filter((id) => runs.runs(id) === 1).length ?? 0;
  claims.check(
    "lost-run: each lost run was replaced once under a new key; the others kept their one run",
    lostReplaced === lost.length && keptOne === (parts[2]?.ids.length ?? 0),
    `${lostReplaced}/${lost.length} lost runs replaced once, ${keptOne}/${parts[2]?.ids.length ?? 0} others with one run`,
  );
  checkOncePerStep(claims, "lost-run", target, ids);
  await checkNoneLost(stack, claims, "lost-run", mark?.at, ids);
}
