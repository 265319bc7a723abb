// The per-workspace concurrency limit, measured at the vendor: the target holds each workspace's
// answers until the limit's worth are open (or HOLD_MS passes), so the most calls open at once
// per workspace equals EXECUTION_CONCURRENCY_PER_WORKSPACE — reached,
// never passed — with the inline runner and through the Trigger.dev stand-in (whose queue per
// workspace is the limit there).
import { type Claims, startBurst, waitTerminal } from "../lib/burst.ts";
import { concurrencyReport, hitReport } from "../lib/checks.ts";
import { driveSweeper } from "../lib/wrangler-dev.ts";
import { type ChaosStack, CONCURRENCY_LIMIT } from "./stack.ts";

const HOLD_MS = 15_000;
const CLIENTS = 50;

export async function concurrencyAtTarget(
  stack: ChaosStack,
  claims: Claims,
  options: { perWorkspace: number },
): Promise<void> {
  const runners: [string, Record<string, string>][] = [
    ["inline", { RUNNER: "inline" }],
    [
      "trigger",
      {
        RUNNER: "trigger",
        TRIGGER_SECRET_KEY: stack.standIn.secretKey,
        TRIGGER_API_URL: stack.standIn.url,
      },
    ],
  ];
  const { target, tenants, connectors, say } = stack;
  const count = options.perWorkspace * tenants.length;
  for (const [runner, vars] of runners) {
    await stack.restartWorker(vars);
    target.clear();
    target.setHold({ open: CONCURRENCY_LIMIT, maxMs: HOLD_MS });
    const sweeper = driveSweeper(stack.url, 2_000);
    say(
      `concurrency: ${count} executions (${runner} runner), target holds answers until ${CONCURRENCY_LIMIT} are open`,
    );
    // 50 clients at once keep every workspace's queue ahead of its limit without opening more
    // database connections than the local cluster takes (Hyperdrive pools them in production).
    const burst = await startBurst(stack.url, tenants, connectors, count, CLIENTS, {
      retryUntil: Date.now() + 60_000,
    });
    const refused = [...burst.refused].map(([s, n]) => `${n}×${s}`).join(", ");
    const done = await waitTerminal(stack.sql, burst.ids, burst.lastAcceptedAt + 120_000);
    await sweeper.stop();
    await stack.standIn.settle();
    target.setHold(undefined);
    const report = concurrencyReport(
      target,
      tenants.map((t) => t.workspaceId),
      CONCURRENCY_LIMIT,
    );
    const hits = hitReport(target, burst.ids);
    claims.check(
      `concurrency (${runner}): peak open calls per workspace = the limit (${CONCURRENCY_LIMIT}), at the target`,
      report.exact,
      report.detail,
    );
    claims.check(
      `concurrency (${runner}): all succeeded, each step called once`,
      (done.byStatus.succeeded ?? 0) === count &&
        burst.ids.length === count &&
        hits.missing + hits.repeated + hits.strays === 0,
      `${burst.ids.length} accepted${refused ? ` (refused ${refused})` : ""}, ${JSON.stringify(done.byStatus)}; missing ${hits.missing}, repeated ${hits.repeated}, unknown ${hits.strays}`,
    );
  }
}
