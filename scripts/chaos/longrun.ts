// Live runs are not reclaimed by age (docs/RELIABILITY.md, the lease): with a short stale window
// and the sweeper driven every 2 s, a burst of two-step executions whose vendor answers each call
// only after longer than that window keeps every run alive past it several times over. Each run
// renews its lease by heartbeat, so none is taken over: one claim per row, each step called once
// at the target, one step result per step. A runner that reclaims by the claim's age fails here.
import { EXECUTION_ENV as EXEC } from "../../execution/env-names.ts";
import { burstDefinition, call, type Claims, startBurst, waitTerminal } from "../lib/burst.ts";
import { hitReport, listKeys } from "../lib/checks.ts";
import { driveSweeper } from "../lib/wrangler-dev.ts";
import type { ChaosStack } from "./stack.ts";

const STALE_CLAIM_SECONDS = 10;
const HEARTBEAT_SECONDS = 3;
/** Each vendor answer takes longer than the stale window. */
const ANSWER_MS = 15_000;
const STEPS = ["first", "second"];

/** The burst connector with two steps, each answered slowly by the target. */
async function twoStepConnector(stack: ChaosStack, workspaceId: string, owner: string) {
  const single = burstDefinition(stack.target.host, workspaceId);
  const [step] = single.steps;
  if (!step) throw new Error("the burst definition has no step");
  const steps = STEPS.map((id) => ({
    ...step,
    id,
    request: { ...step.request, headers: { ...step.request.headers, "x-step": id } },
  }));
  const created = await call<{ id: string }>(
    stack.url(),
    owner,
    "POST",
    `/v1/workspaces/${workspaceId}/connectors`,
    { name: "Long run", definition: { ...single, steps } },
  );
  if (created.status !== 201)
    throw new Error(`creating the connector failed: ${created.status} ${created.text}`);
  return created.body.id;
}

export async function longRun(
  stack: ChaosStack,
  claims: Claims,
  options: { executions: number },
): Promise<void> {
  const { target, tenants, say } = stack;
  await stack.restartWorker({
    RUNNER: "inline",
    STALE_CLAIM_SECONDS: String(STALE_CLAIM_SECONDS),
    [EXEC.heartbeatSeconds]: String(HEARTBEAT_SECONDS),
  });
  const connectors = new Map<string, string>();
  for (const tenant of tenants) {
    const owner = tenant.users[0]?.token ?? "";
    connectors.set(tenant.workspaceId, await twoStepConnector(stack, tenant.workspaceId, owner));
  }
  target.clear();
  target.setDelay(ANSWER_MS);
  const sweeper = driveSweeper(stack.url, 2_000);
  const burst = await startBurst(stack.url, tenants, connectors, options.executions, 10);
  // two answers of ANSWER_MS each, then room for a loaded machine
  const window = (2 * ANSWER_MS) / 1000 + 90;
  say(`longrun: ${burst.ids.length} accepted; window ${window} s`);
  const done = await waitTerminal(stack.sql, burst.ids, burst.lastAcceptedAt + window * 1000);
  await sweeper.stop();
  target.setDelay(0);

  claims.check(
    `longrun: every execution terminal within ${window} s of the last accepted start`,
    burst.ids.length === options.executions && done.terminal === burst.ids.length,
    `${burst.ids.length} accepted, ${JSON.stringify(done.byStatus)}`,
  );
  claims.check(
    "longrun: every execution succeeded",
    (done.byStatus.succeeded ?? 0) === burst.ids.length,
    `${done.byStatus.succeeded ?? 0} of ${burst.ids.length}`,
  );
  const held = target.calls.filter(
    (c) => c.closedAt !== undefined && c.closedAt - c.openedAt > STALE_CLAIM_SECONDS * 1000,
  ).length;
  claims.check(
    `longrun: every vendor call was held longer than the stale window (${STALE_CLAIM_SECONDS} s)`,
    target.calls.length > 0 && held === target.calls.length,
    `${held} of ${target.calls.length} calls`,
  );
  const rows = await stack.sql<{ id: string; attempts: number; steps: number }[]>`
    select id, attempts, jsonb_array_length(step_results)::int as steps
    from connectors.connector_executions where id = any(${burst.ids}::uuid[])`;
  const reclaimed = rows.filter((r) => r.attempts !== 1).map((r) => `${r.id} ×${r.attempts}`);
  claims.check(
    "longrun: no live run reclaimed (attempts = 1 on every row)",
    rows.length === burst.ids.length && reclaimed.length === 0,
    `${rows.length} rows; claimed more than once: ${listKeys(reclaimed)}`,
  );
  const hits = hitReport(target, burst.ids, STEPS);
  claims.check(
    "longrun: each step called exactly once at the target",
    hits.missing === 0 && hits.repeated === 0 && hits.strays === 0,
    `missing ${hits.missing}, repeated ${listKeys(hits.repeatedKeys)}, unknown ${hits.strays}`,
  );
  const wrong = rows.filter((r) => r.steps !== STEPS.length).map((r) => `${r.id} (${r.steps})`);
  claims.check(
    "longrun: stepResults holds one entry per step",
    rows.length === burst.ids.length && wrong.length === 0,
    `rows with another count: ${listKeys(wrong)}`,
  );
}
