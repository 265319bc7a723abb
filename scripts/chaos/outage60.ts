// PostgreSQL down for a minute while executions are mid-step, for both runners: the inline runner
// (wrangler dev, RUNNER=inline) and the Trigger.dev task (RUNNER=trigger: the stand-in runs the
// task body in this process). The runs wait the outage out — their writes retried, their leases
// kept — and finish once it is back: nothing lost, no step sent twice, no run reclaimed.
import { survivePostgresWriteAfterClose } from "../../trigger/postgres-guard.ts";
import { type Claims, burstDefinition, call, startBurst, waitTerminal } from "../lib/burst.ts";
import { hitReport, listKeys, readBack } from "../lib/checks.ts";
import { driveSweeper } from "../lib/wrangler-dev.ts";
import { type ChaosStack, sleep, until } from "./stack.ts";

const PER_WORKSPACE = 4;
const STEPS = ["hit", "again"];
/** From the database's return: back-offs (ours and the driver's) and the second step. */
const DEADLINE_SECONDS = 90;

/** The burst connector with a second step, so a step also starts after the outage. */
function twoStepDefinition(host: string, workspaceId: string) {
  const one = burstDefinition(host, workspaceId);
  const [hit] = one.steps;
  if (!hit) throw new Error("the burst connector has no step");
  const again = {
    ...hit,
    id: "again",
    request: { ...hit.request, headers: { ...hit.request.headers, "x-step": "again" } },
  };
  return { ...one, steps: [hit, again] };
}

async function arrangeConnectors(stack: ChaosStack): Promise<Map<string, string>> {
  const connectors = new Map<string, string>();
  for (const tenant of stack.tenants) {
    const created = await call<{ id: string }>(
      stack.url(),
      tenant.users[0]?.token ?? "",
      "POST",
      `/v1/workspaces/${tenant.workspaceId}/connectors`,
      {
        name: "Two steps",
        definition: twoStepDefinition(stack.target.host, tenant.workspaceId),
      },
    );
    if (created.status !== 201) throw new Error(`connector: ${created.status} ${created.text}`);
    connectors.set(tenant.workspaceId, created.body.id);
  }
  return connectors;
}

export async function databaseOutage60(
  stack: ChaosStack,
  claims: Claims,
  options: { outageSeconds: number },
): Promise<void> {
  // The stand-in runs the task body in this process: guarded as the task's runtime is.
  survivePostgresWriteAfterClose((event) => stack.say(event));
  const connectors = await arrangeConnectors(stack);
  for (const runner of ["inline", "trigger"] as const) {
    await outageFor(runner, stack, claims, connectors, options.outageSeconds);
  }
}

async function outageFor(
  runner: "inline" | "trigger",
  stack: ChaosStack,
  claims: Claims,
  connectors: Map<string, string>,
  outageSeconds: number,
): Promise<void> {
  const { target, tenants, standIn, say } = stack;
  const name = `outage60 (${runner})`;
  await stack.restartWorker(
    runner === "inline"
      ? { RUNNER: "inline" }
      : { RUNNER: "trigger", TRIGGER_SECRET_KEY: standIn.secretKey, TRIGGER_API_URL: standIn.url },
  );
  target.clear();
  // Each call is answered a while after PostgreSQL stopped: its result is written after that.
  target.setDelay(3_000);
  const [mark] = await stack.sql<{ at: Date }[]>`select now() as at`;
  const since = mark?.at ?? new Date();
  // The cron sweeper keeps firing all along: it must neither reclaim nor re-dispatch a live run.
  const sweeper = driveSweeper(stack.url, 2_000);

  const count = PER_WORKSPACE * tenants.length;
  const burst = await startBurst(stack.url, tenants, connectors, count, count);
  const inFlight = await until(() => target.calls.length >= burst.ids.length, 30_000, 50);
  claims.check(
    `${name}: every execution mid-step when PostgreSQL stops`,
    burst.ids.length === count && inFlight,
    `${burst.ids.length} accepted, ${target.calls.length} first-step calls open`,
  );

  say(`${name}: PostgreSQL down for ${outageSeconds} s`);
  stack.stopDatabase();
  await sleep(outageSeconds * 1000);
  await stack.startDatabase();
  const backAt = Date.now();
  say(`${name}: PostgreSQL is back`);

  const done = await waitTerminal(stack.sql, burst.ids, backAt + DEADLINE_SECONDS * 1000);
  await sweeper.stop();
  if (runner === "trigger") await standIn.settle();
  target.setDelay(0);

  claims.check(
    `${name}: every execution terminal and succeeded within ${DEADLINE_SECONDS} s of PostgreSQL's return`,
    (done.byStatus.succeeded ?? 0) === burst.ids.length,
    `${JSON.stringify(done.byStatus)}, ${((done.at - backAt) / 1000).toFixed(1)} s after it was back`,
  );
  const hits = hitReport(target, burst.ids, STEPS);
  claims.check(
    `${name}: each step called exactly once at the target`,
    hits.missing === 0 && hits.repeated === 0 && hits.strays === 0,
    `${burst.ids.length} × ${STEPS.length} steps: missing ${hits.missing}, unknown ${hits.strays}, repeated ${listKeys(hits.repeatedKeys)}`,
  );
  const [rows] = await stack.sql<{ reclaimed: number; partial: number }[]>`
    select count(*) filter (where attempts <> 1)::int as reclaimed,
           count(*) filter (where jsonb_array_length(step_results) <> ${STEPS.length})::int
             as partial
    from connectors.connector_executions where id = any(${burst.ids}::uuid[])`;
  claims.check(
    `${name}: no run reclaimed, one step result per step`,
    rows?.reclaimed === 0 && rows.partial === 0,
    `${rows?.reclaimed} with attempts ≠ 1, ${rows?.partial} with step results ≠ ${STEPS.length}`,
  );
  const back = await readBack(
    stack.cluster.superuserUrl,
    [...connectors.values()],
    since,
    burst.ids,
  );
  claims.check(
    `${name}: none lost (accepted ids = rows read back, all terminal)`,
    back.ok,
    back.detail,
  );
  if (runner === "inline") {
    const log = stack.worker().output();
    const count = (text: string) => log.split(text).length - 1;
    const [crashed, gaveUp, retried] = [
      count("inline execution crashed"),
      count("execution.write_failed"),
      count("execution.write_retry"),
    ];
    claims.check(
      `${name}: the inline runner waited it out (writes retried, none abandoned, no crash)`,
      retried > 0 && crashed === 0 && gaveUp === 0,
      `${retried} write retries, ${gaveUp} writes abandoned, ${crashed} "inline execution crashed"`,
    );
  }
}
