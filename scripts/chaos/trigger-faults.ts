// Trigger.dev misbehaving under a burst (docs/RELIABILITY.md): the stand-in answers 5xx to some
// trigger calls (no run), accepts others and never answers (the dispatch times out), and kills
// some runs' attempts while their vendor call is open (Trigger.dev retries them). Every execution
// ends succeeded; each step is called once, except a step whose call was open at a kill, at most
// twice (counted at the target).
import { type Claims, startBurst, waitTerminal } from "../lib/burst.ts";
import { listKeys, repeatReport } from "../lib/checks.ts";
import { driveSweeper } from "../lib/wrangler-dev.ts";
import { type ChaosStack, sleep } from "./stack.ts";
import { checkNoneLost, inFlightAtKills, useTriggerStandIn } from "./trigger-runs.ts";

/**
 * Kills the running attempt of up to `count` runs while their vendor call is open (every call
 * at the target since it was cleared belongs to this scenario).
 */
function killWhileCalling(stack: ChaosStack, count: number) {
  const { standIn, target } = stack;
  const killed = new Set<string>();
  let stopped = false;
  const loop = (async () => {
    while (!stopped && killed.size < count) {
      const now = Date.now();
      for (const call of target.calls) {
        // Open, and recently: the answer (300 ms) is still far off when the kill lands.
        if (call.closedAt !== undefined || now - call.openedAt > 100) continue;
        if (killed.has(call.executionId)) continue;
        const run = [...standIn.calls]
          .reverse()
          .find((c) => (c.payload as { executionId?: string }).executionId === call.executionId);
        if (run && standIn.kill(run.runId)) killed.add(call.executionId);
        if (killed.size >= count) break;
      }
      await sleep(20);
    }
  })();
  return {
    killed: () => killed.size,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

export async function triggerFaults(
  stack: ChaosStack,
  claims: Claims,
  options: { executions: number },
): Promise<void> {
  const { target, standIn, tenants, connectors, say } = stack;
  await useTriggerStandIn(stack);
  target.clear();
  target.setDelay(300);
  const [mark] = await stack.sql<{ at: Date }[]>`select now() as at`;
  const faultsBefore = standIn.faults.length;
  const share = Math.max(1, Math.floor(options.executions / 10));
  // The dispatch's SDK call tries twice: 2 × share refusals fail about `share` dispatches.
  standIn.failNext(2 * share, { status: 503 });
  standIn.hangNext(share);
  say(
    `trigger-faults: ${options.executions} starts; ~${share} refused (503), ${share} accepted without an answer, ${share} runs killed mid-call`,
  );
  const sweeper = driveSweeper(stack.url, 2_000);
  const killer = killWhileCalling(stack, share);
  const burst = await startBurst(stack.url, tenants, connectors, options.executions, 40);
  claims.check(
    "trigger-faults: every start answers 202 (a refused or unanswered trigger call included)",
    burst.ids.length === options.executions,
    `${burst.ids.length} of ${options.executions} accepted`,
  );

  let last = "";
  const done = await waitTerminal(
    stack.sql,
    burst.ids,
    burst.lastAcceptedAt + 180_000,
    (counts) => {
      const line = JSON.stringify(counts.byStatus);
      if (line !== last) say(`trigger-faults: ${line}`);
      last = line;
    },
  );
  await killer.stop();
  await sweeper.stop();
  await standIn.settle();
  target.setDelay(0);

  const faults = standIn.faults.slice(faultsBefore);
  const count = (kind: string) => faults.filter((f) => f.kind === kind).length;
  claims.check(
    "trigger-faults: the faults happened (503s, unanswered triggers, killed attempts)",
    count("refused") > 0 && count("hung") > 0 && count("killed") > 0,
    `${count("refused")} refused, ${count("hung")} unanswered, ${count("killed")} attempts killed`,
  );
  claims.check(
    "trigger-faults: every execution terminal and succeeded within 180 s of the last accepted start",
    (done.byStatus.succeeded ?? 0) === burst.ids.length,
    `${JSON.stringify(done.byStatus)} ${((done.at - burst.lastAcceptedAt) / 1000).toFixed(1)} s after the last 202, ${sweeper.sweeps()} sweeps`,
  );
  const report = repeatReport(target, burst.ids, inFlightAtKills(standIn, target, faultsBefore));
  claims.check(
    "trigger-faults: each step called once, except a call open at a kill (then twice)",
    report.missing === 0 && report.strays === 0 && report.unexcused.length === 0,
    `missing ${report.missing}, unknown ${report.strays}, repeats excused ${report.excused.length} (${listKeys(report.excused)}), not excused ${report.unexcused.length} (${listKeys(report.unexcused)})`,
  );
  await checkNoneLost(stack, claims, "trigger-faults", mark?.at, burst.ids);
}
