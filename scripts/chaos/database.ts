// PostgreSQL stopped mid-run, through the real worker (workerd, Hyperdrive binding, inline runner):
// executions in flight finish once it is back — their HTTP call made once, their writes retried —
// while the API answers 503 `unavailable` with the error envelope, starts nothing, and recovers
// by itself.
import { type Claims, call, startBurst, waitTerminal } from "../lib/burst.ts";
import { hitReport } from "../lib/checks.ts";
import { type ChaosStack, sleep, until } from "./stack.ts";

const IN_FLIGHT = 20;
const INTERNALS = /\s at |ECONNREFUSED|postgres|select |insert |\.ts:\d|node_modules/i;

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
  const prefix = `/v1/workspaces/${ws}`;
  const calls: [string, string, unknown][] = [
    ["GET", "/v1/me", undefined],
    ["GET", `${prefix}/connectors`, undefined],
    ["GET", `${prefix}/connectors/${connectorId}`, undefined],
    ["POST", `${prefix}/connectors/${connectorId}/executions`, { input: { email: "down@x.test" } }],
    ["POST", `${prefix}/connectors/${connectorId}/test`, { input: { email: "down@x.test" } }],
    ["GET", `${prefix}/executions/${burst.ids[0]}`, undefined],
    ["GET", "/v1/templates", undefined],
  ];
  const bad: string[] = [];
  for (const [method, path, body] of calls) {
    const res = await call<{ error?: { code?: string; requestId?: string; message?: string } }>(
      stack.url(),
      token,
      method,
      path,
      body,
    );
    const envelope =
      res.body?.error?.code === "unavailable" &&
      typeof res.body.error.requestId === "string" &&
      typeof res.body.error.message === "string";
    if (res.status !== 503 || !envelope || res.headers.get("retry-after") === null) {
      bad.push(`${method} ${path} → ${res.status} ${res.text.slice(0, 160)}`);
    }
    if (INTERNALS.test(res.text))
      bad.push(`${method} ${path} leaked internals: ${res.text.slice(0, 160)}`);
  }
  const health = await call<{ status?: string }>(stack.url(), "", "GET", "/health");
  claims.check(
    "database: every API call answers 503 unavailable with the envelope and Retry-After, no internals",
    bad.length === 0,
    bad.slice(0, 3).join(" | ") || `${calls.length} routes checked`,
  );
  claims.check(
    "database: /health answers 503 degraded",
    health.status === 503 && health.body?.status === "degraded",
    `${health.status} ${health.text.slice(0, 100)}`,
  );
  await sleep(Math.max(0, 2_500 - (Date.now() - stoppedAt)));
  say("database: starting PostgreSQL again");
  await stack.startDatabase();
  const downSeconds = (Date.now() - stoppedAt) / 1000;

  const recoveredIn = Date.now();
  const recovered = await until(async () => {
    const res = await call(stack.url(), token, "GET", `${prefix}/connectors`);
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
