// PostgreSQL stopped mid-run, through the real worker (workerd, Hyperdrive binding, inline runner):
// executions in flight finish once it is back — their HTTP call made once, their writes retried —
// while the API answers 503 `unavailable` with the error envelope, starts nothing, and recovers
// by itself.
import { type Claims, call, startBurst, waitTerminal } from "../lib/burst.ts";
import { hitReport } from "../lib/checks.ts";
import { type ChaosStack, sleep, until } from "./stack.ts";
import { unavailableEverywhere } from "./unavailable.ts";

const IN_FLIGHT = 20;

export async function databaseOutage(stack: ChaosStack, claims: Claims): Promise<void> {
  const { target, tenants, connectors, say } = stack;
  await stack.restartWorker({ RUNNER: "inline" });
  const tenant = tenants[0];
  const token = tenant?.users[1]?.token ?? "";
  const ws = tenant?.workspaceId ?? "";
  const connectorId = connectors.get(ws) ?? "";
  target.clear();
  target.setDelay(1_500);

  // Executions in flight: their target calls are answered only after the database is gone.
  const burst = await startBurst(stack.url, tenants, connectors, IN_FLIGHT, IN_FLIGHT);
  const inFlight = await until(() => target.hits.size >= burst.ids.length, 20_000);
  claims.check(
    "database: executions in flight when PostgreSQL stops",
    burst.ids.length === IN_FLIGHT && inFlight,
    `${target.hits.size} of ${burst.ids.length} target calls in flight`,
  );
  const [before] = await stack.sql<{ n: number }[]>`
    select count(*)::int as n from connectors.connector_executions`;

  say("database: stopping PostgreSQL");
  const stoppedAt = Date.now();
  stack.stopDatabase();
  const hitsAtStop = [...target.hits.values()].reduce((a, b) => a + b, 0);
  let down = true;
  const answers = await unavailableEverywhere(stack.url(), {
    token,
    workspaceId: ws,
    connectorId,
    executionId: burst.ids[0] ?? "",
    stillDown: () => down,
  });
  claims.check(
    "database: every API call answers 503 unavailable with the envelope and Retry-After, no internals",
    answers.bad.length === 0,
    answers.bad.slice(0, 3).join(" | ") || `${answers.checked} routes checked`,
  );
  claims.check("database: /health answers 503 degraded", answers.health, answers.healthDetail);
  await sleep(Math.max(0, 2_500 - (Date.now() - stoppedAt)));
  down = false;
  say("database: starting PostgreSQL again");
  await stack.startDatabase();
  const downSeconds = (Date.now() - stoppedAt) / 1000;

  const recoveredIn = Date.now();
  const recovered = await until(async () => {
    const res = await call(stack.url(), token, "GET", `/v1/workspaces/${ws}/connectors`);
    return res.status === 200;
  }, 30_000);
  claims.check(
    "database: the API recovers by itself (no worker restart)",
    recovered,
    `200 again ${((Date.now() - recoveredIn) / 1000).toFixed(1)} s after PostgreSQL was back (down ${downSeconds.toFixed(1)} s)`,
  );

  const done = await waitTerminal(stack.sql, burst.ids, Date.now() + 60_000);
  target.setDelay(0);
  const hits = hitReport(target, burst.ids);
  const hitsAfter = [...target.hits.values()].reduce((a, b) => a + b, 0);
  claims.check(
    "database: runs caught by the outage still succeed — the write is retried, not the HTTP call",
    (done.byStatus.succeeded ?? 0) === IN_FLIGHT && hits.missing === 0 && hits.repeated === 0,
    `${JSON.stringify(done.byStatus)}; target hits per execution: missing ${hits.missing}, repeated ${hits.repeated}`,
  );
  const [after] = await stack.sql<{ n: number }[]>`
    select count(*)::int as n from connectors.connector_executions`;
  claims.check(
    "database: the outage started nothing (no new row, no target call)",
    (after?.n ?? 0) === (before?.n ?? 0) && hitsAfter === hitsAtStop,
    `rows ${before?.n} → ${after?.n}, target calls ${hitsAtStop} → ${hitsAfter}`,
  );
}
