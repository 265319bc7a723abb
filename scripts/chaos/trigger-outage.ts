// The Trigger.dev API down for a while under a burst (README "Executions"): every start still
// answers 202 and the executions wait `queued` with no run; once it is back, the cron sweeper
// dispatches all of them — each exactly once (Trigger.dev idempotency key = execution id).
import { type Claims, startBurst, statusCounts, waitTerminal } from "../lib/burst.ts";
import { hitReport, readBack } from "../lib/checks.ts";
import { driveSweeper } from "../lib/wrangler-dev.ts";
import { type ChaosStack, sleep } from "./stack.ts";

export async function triggerOutage(
  stack: ChaosStack,
  claims: Claims,
  options: { executions: number; outageSeconds: number },
): Promise<void> {
  const { target, standIn, tenants, connectors, say } = stack;
  await stack.restartWorker({
    RUNNER: "trigger",
    TRIGGER_SECRET_KEY: standIn.secretKey,
    TRIGGER_API_URL: standIn.url,
  });
  target.clear();
  target.setDelay(50);
  const [mark] = await stack.sql<{ at: Date }[]>`select now() as at`;
  const callsBefore = standIn.calls.length;

  say(
    `trigger: Trigger.dev stand-in down for ${options.outageSeconds} s; bursting ${options.executions}`,
  );
  await standIn.down();
  const downAt = Date.now();
  const sweeper = driveSweeper(stack.url, 5_000);
  const burst = await startBurst(stack.url, tenants, connectors, options.executions, 50);
  claims.check(
    "trigger: every start answers 202 while Trigger.dev is down",
    burst.ids.length === options.executions,
    `${burst.ids.length} accepted in ${((burst.sentAt - burst.startedAt) / 1000).toFixed(1)} s`,
  );
  let leftQueue = 0;
  let samples = 0;
  // The outage lasts `outageSeconds` past the last accepted start, however long the burst took.
  while (samples === 0 || Date.now() - burst.lastAcceptedAt < options.outageSeconds * 1000) {
    const counts = await statusCounts(stack.sql, burst.ids);
    const [dispatched] = await stack.sql<{ n: number }[]>`
      select count(*)::int as n from connectors.connector_executions
      where id = any(${burst.ids}::uuid[]) and run_id is not null`;
    leftQueue = Math.max(
      leftQueue,
      counts.total - (counts.byStatus.queued ?? 0),
      dispatched?.n ?? 0,
    );
    samples += 1;
    await sleep(2_000);
  }
  const sweepsWhileDown = sweeper.sweeps();
  claims.check(
    "trigger: while it is down every execution stays queued with no run",
    leftQueue === 0 && samples > 0,
    `${samples} samples over ${((Date.now() - downAt) / 1000).toFixed(0)} s, ${sweepsWhileDown} sweeps tried meanwhile`,
  );

  say("trigger: stand-in back up; the sweeper takes over");
  await standIn.up();
  const upAt = Date.now();
  await sweeper.stop();
  const after = driveSweeper(stack.url, 2_000);
  let last = "";
  const done = await waitTerminal(stack.sql, burst.ids, Date.now() + 180_000, (counts) => {
    const line = JSON.stringify(counts.byStatus);
    if (line !== last) say(`trigger: ${line}`);
    last = line;
  });
  await after.stop();
  await standIn.settle();
  target.setDelay(0);

  const runs = new Map<string, number>();
  for (const c of standIn.calls.slice(callsBefore)) {
    const id = (c.payload as { executionId?: string }).executionId ?? "";
    if (!c.cached) runs.set(id, (runs.get(id) ?? 0) + 1);
  }
  const notOnce = burst.ids.filter((id) => runs.get(id) !== 1).length;
  const hits = hitReport(target, burst.ids);
  claims.check(
    "trigger: once it is back the sweeper dispatches all of them, and all succeed",
    (done.byStatus.succeeded ?? 0) === burst.ids.length,
    `${JSON.stringify(done.byStatus)} ${((done.at - upAt) / 1000).toFixed(1)} s after it came back, ${after.sweeps()} sweeps`,
  );
  const back = await readBack(
    stack.cluster.superuserUrl,
    [...connectors.values()],
    mark?.at ?? new Date(),
    burst.ids,
  );
  claims.check(
    "trigger: none lost (accepted ids = rows read back, all terminal)",
    back.ok,
    back.detail,
  );
  claims.check(
    "trigger: exactly once each (one Trigger.dev run and one target call per execution)",
    notOnce === 0 && hits.missing === 0 && hits.repeated === 0 && hits.strays === 0,
    `runs ≠ 1: ${notOnce}; target hits missing ${hits.missing}, repeated ${hits.repeated}, unknown ${hits.strays}`,
  );
}
