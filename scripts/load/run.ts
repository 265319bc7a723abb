// `npm run load`: the product under load, on this machine, loopback only, bounded in time and
// count. Its own PostgreSQL cluster (pg-load, 127.0.0.1:24360), a real `wrangler dev` (workerd)
// on 127.0.0.1:24361 with rate limits raised for the traffic, 5 workspaces with 4 users each:
//   A. 30 s of mixed API traffic from 20 concurrent clients: zero 5xx, zero cross-workspace reads;
//      p50/p99 latency and requests/s.
//   B. a burst of 300 executions started within seconds, with the inline runner and again through
//      a local Trigger.dev stand-in (a queue per workspace): every execution terminal, none lost,
//      none run twice (calls per execution and step, counted at the target), per-workspace
//      concurrency exactly at the limit (calls open at once at the target); executions/s. The
//      target answers after 200 ms and holds answers until the limit is open (5 s at most).
//   C. the second wave (wave.ts), on production's topology (RUNNER=trigger: the API's isolate
//      answers, the Trigger.dev stand-in runs; `--wave-runner=inline` runs it in the isolate, as
//      `npm run dev` does): per workspace a 200-item batch, 2 signed webhook
//      deliveries/s, a schedule on every connector and one start a second on a connector whose
//      OAuth 2.0 access token expires every 30 s, for 120 s, with 100 live-status event streams
//      held open and the API's latency probed; then drained: none lost, none duplicated (counted
//      at the target), per-workspace concurrency held, tokens refreshed with none refused, every
//      stream ended on its execution's final status, zero 5xx, p99 reported.
// Prints PASS/FAIL per claim and exits non-zero when one fails. Options: --seconds=N (phase A),
// --executions=N (phase B), --wave-seconds=N (phase C), --phases=AC (which phases run; all),
// --wave-runner=trigger|inline (phase C's runner; trigger).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { EXECUTION_ENV as EXEC } from "../../execution/env-names.ts";
import { type TriggerStandIn, startTriggerStandIn } from "../../tests/harness/trigger-standin.ts";
import { DISPATCH_GRACE_SECONDS } from "../../worker/services/sweeper.ts";
import { buildAssets } from "../build-assets.ts";
import {
  arrangeBurstConnector,
  burstDefinition,
  Claims,
  executionWindow,
  sampleRunning,
  seedTenants,
  startBurst,
  taskBodyFor,
  type Tenant,
  waitTerminal,
} from "../lib/burst.ts";
import { concurrencyReport, hitReport, readBack } from "../lib/checks.ts";
import { type CountingTarget, startCountingTarget } from "../lib/counting-target.ts";
import {
  type Cluster,
  ensurePostgresInstalled,
  migrate,
  startCluster,
  stopCluster,
} from "../lib/pg.ts";
import { OAuthProvider } from "../lib/oauth-provider.ts";
import { PORTS } from "../lib/ports.ts";
import { driveSweeper, startWorker, type WorkerProcess } from "../lib/wrangler-dev.ts";
import { latencyLine, runMixedTraffic, verifySeen } from "./mixed.ts";
import { OAUTH_ACCESS_TTL_SECONDS } from "./oauth.ts";
import { secondWave } from "./wave.ts";

const DB_PORT = PORTS.loadDatabase;
const WORKER_PORT = PORTS.loadWorker;
const WORKSPACES = 5;
const MEMBERS = 3;
const CLIENTS = 20;
const CONCURRENCY_LIMIT = 10;
const TOKEN = "tok_load_7a8b9c0d1e2f3a4b";
const TARGET_DELAY_MS = 200;
/** The target holds each workspace's answers until the limit's worth are open, this long at most. */
const HOLD_MS = 5_000;

function option(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  const value = arg ? Number(arg.split("=")[1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const MIXED_SECONDS = option("seconds", 30);
const BURST = option("executions", 300);
const WAVE_SECONDS = option("wave-seconds", 120);
/** Which phases run, e.g. `--phases=C` for the second wave alone (default all: A, B, C). */
/**
 * Where phase C's executions run: `trigger` (default) is production's topology — the API's
 * isolate answers, Trigger.dev's workers run (here the local stand-in, in this process, with a
 * pooled connection); `inline` runs them in the API's own isolate, as `npm run dev` does.
 */
const waveRunnerArg = process.argv.find((a) => a.startsWith("--wave-runner="))?.split("=")[1];
if (waveRunnerArg !== undefined && waveRunnerArg !== "trigger" && waveRunnerArg !== "inline")
  throw new Error("--wave-runner must be trigger or inline");
const WAVE_RUNNER: "trigger" | "inline" = waveRunnerArg ?? "trigger";
const PHASES = (process.argv.find((a) => a.startsWith("--phases="))?.split("=")[1] ?? "ABC")
  .toUpperCase()
  .split("");
const runs = (phase: string) => PHASES.includes(phase);
const say = (message: string) => console.log(`› ${message}`);

let cluster: Cluster | undefined;
let worker: WorkerProcess | undefined;
let target: CountingTarget | undefined;
let oauth: OAuthProvider | undefined;
let standIn: TriggerStandIn | undefined;
let sql: postgres.Sql | undefined;
let taskSql: postgres.Sql | undefined;
let dir = "";

async function cleanup(): Promise<void> {
  await worker?.stop().catch(() => {});
  await standIn?.close().catch(() => {});
  await target?.close().catch(() => {});
  await sql?.end({ timeout: 2 }).catch(() => {});
  await taskSql?.end({ timeout: 2 }).catch(() => {});
  if (cluster) stopCluster(cluster);
  if (dir) rmSync(dir, { recursive: true, force: true });
}

function workerVars(extra: Record<string, string>): Record<string, string> {
  return {
    ENVIRONMENT: "development",
    [EXEC.outboundAllowHosts]: target?.host ?? "",
    RATE_LIMIT_USER_PER_MINUTE: "1000000",
    RATE_LIMIT_WORKSPACE_PER_MINUTE: "1000000",
    [EXEC.concurrencyPerWorkspace]: String(CONCURRENCY_LIMIT),
    ...extra,
  };
}

/** Executions already finished, so the traffic phase has history to read. */
async function seedHistory(db: postgres.Sql, tenant: Tenant, connectorId: string) {
  const rows = await db<{ id: string }[]>`
    insert into connectors.connector_executions
      (workspace_id, connector_id, status, input, output, attempts, runner, run_id,
       queued_at, started_at, finished_at, duration_ms, created_by)
    select ${tenant.workspaceId}, ${connectorId}, 'succeeded', '{"email":"seed@load.test"}',
           '{"hit":{"seen":1}}', 1, 'inline', 'seed_' || g, now() - g * interval '1 minute',
           now() - g * interval '1 minute', now() - g * interval '1 minute' + interval '80 ms', 80,
           ${tenant.users[0]?.id ?? null}
    from generate_series(1, 40) as g
    returning id`;
  return rows.map((r) => r.id);
}

async function burstPhase(
  label: string,
  claims: Claims,
  tenants: Tenant[],
  connectors: Map<string, string>,
  db: postgres.Sql,
): Promise<void> {
  if (!target || !worker) throw new Error("stack not started");
  say(`${label}: starting ${BURST} executions`);
  target.clear();
  const [mark] = await db<{ at: Date }[]>`select now() as at`;
  // A vendor that takes a while, so runs overlap and the per-workspace limit is reached.
  target.setDelay(TARGET_DELAY_MS);
  target.setHold({ open: CONCURRENCY_LIMIT, maxMs: HOLD_MS });
  const sweeper = driveSweeper(() => worker?.url ?? "", 2_000);
  const sampler = sampleRunning(db, [...connectors.values()]);
  const burst = await startBurst(() => worker?.url ?? "", tenants, connectors, BURST, 50);
  const sentSeconds = (burst.sentAt - burst.startedAt) / 1000;
  say(`${label}: ${burst.ids.length} accepted in ${sentSeconds.toFixed(1)} s; waiting for them`);
  let last = "";
  const done = await waitTerminal(db, burst.ids, Date.now() + 180_000, (counts) => {
    const line = JSON.stringify(counts.byStatus);
    if (line !== last) say(`${label}: ${line}`);
    last = line;
  });
  target.setHold(undefined);
  const peaks = await sampler.stop();
  await sweeper.stop();
  await standIn?.settle();
  const hits = hitReport(target, burst.ids);
  const back = await readBack(
    cluster?.superuserUrl ?? "",
    [...connectors.values()],
    mark?.at ?? new Date(),
    burst.ids,
  );
  const concurrency = concurrencyReport(
    target,
    tenants.map((t) => t.workspaceId),
    CONCURRENCY_LIMIT,
  );
  const window = await executionWindow(db, burst.ids);
  const refused = [...burst.refused].map(([s, n]) => `${n}×${s}`).join(", ");
  const peak = Math.max(0, ...peaks.values());

  claims.check(
    `${label}: all ${BURST} starts answered 202`,
    burst.ids.length === BURST,
    `${burst.ids.length} in ${sentSeconds.toFixed(1)} s${refused ? `; refused ${refused}` : ""}`,
  );
  claims.check(
    `${label}: every execution reached a terminal state`,
    done.terminal === burst.ids.length,
    `${JSON.stringify(done.byStatus)}, last finished ${((done.at - burst.startedAt) / 1000).toFixed(1)} s after the first start`,
  );
  claims.check(
    `${label}: none lost (accepted ids = rows read back, all terminal)`,
    back.ok,
    back.detail,
  );
  claims.check(
    `${label}: every execution succeeded`,
    (done.byStatus.succeeded ?? 0) === burst.ids.length,
    `${done.byStatus.succeeded ?? 0} succeeded`,
  );
  claims.check(
    `${label}: none ran twice (calls per execution and step at the target = 1)`,
    hits.missing === 0 && hits.repeated === 0 && hits.strays === 0,
    `missing ${hits.missing}, repeated ${hits.repeated}, unknown ids ${hits.strays}`,
  );
  if (standIn && label.includes("trigger")) {
    const runs = new Map<string, number>();
    for (const c of standIn.calls) {
      const id = (c.payload as { executionId?: string }).executionId ?? "";
      if (!c.cached) runs.set(id, (runs.get(id) ?? 0) + 1);
    }
    const twice = burst.ids.filter((id) => (runs.get(id) ?? 0) > 1).length;
    claims.check(`${label}: one Trigger.dev run per execution`, twice === 0, `${twice} with more`);
  }
  claims.check(
    `${label}: per-workspace concurrency = EXECUTION_CONCURRENCY_PER_WORKSPACE (${CONCURRENCY_LIMIT}), at the target`,
    concurrency.exact,
    concurrency.detail,
  );
  claims.info(
    `${label}: rows running at once (sampled)`,
    `peak ${peak} per workspace ${[...peaks.values()].join("/")} over ${sampler.samples()} samples`,
  );
  const [waited] = await db<{ n: number }[]>`
    select count(*)::int as n from connectors.connector_executions
    where id = any(${burst.ids}::uuid[])
      and started_at > queued_at + make_interval(secs => ${DISPATCH_GRACE_SECONDS})`;
  claims.info(`${label}: peak connections to PostgreSQL (worker + runners)`, sampler.connections());
  claims.info(
    `${label}: queueing`,
    `${waited?.n ?? 0} executions waited past the ${DISPATCH_GRACE_SECONDS} s dispatch grace (deferred at the limit, then swept)`,
  );
  claims.info(
    `${label}: throughput`,
    `${window.perSecond.toFixed(1)} executions/s (${burst.ids.length} from first queued to last finished in ${window.seconds.toFixed(1)} s; ${sweeper.sweeps()} sweeps)`,
  );
}

async function mixedPhase(
  claims: Claims,
  tenants: Tenant[],
  browse: Map<string, string[]>,
  history: Map<string, string[]>,
): Promise<void> {
  if (!worker || !target || !sql) throw new Error("stack not started");
  const traffic = { base: worker.url, tenants, connectors: browse, executions: history };
  const definition = burstDefinition(target.host);
  say("A: 5 s of the same traffic from one client alone (baseline)");
  const solo = await runMixedTraffic({ ...traffic, clients: 1, durationMs: 5_000, definition });
  say(`A: ${MIXED_SECONDS} s of mixed traffic from ${CLIENTS} clients`);
  const mixed = await runMixedTraffic({
    ...traffic,
    clients: CLIENTS,
    durationMs: MIXED_SECONDS * 1000,
    definition,
  });
  mixed.serverErrors.push(...solo.serverErrors);
  mixed.crossReads.push(...solo.crossReads);
  mixed.unexpected.push(...solo.unexpected);
  const crossInDb = await verifySeen(sql, [...solo.seen, ...mixed.seen]);
  const statuses = [...mixed.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`);
  claims.check(
    "A: zero 5xx (and no dropped connection)",
    mixed.serverErrors.length === 0,
    mixed.serverErrors.length ? mixed.serverErrors.slice(0, 3).join(" | ") : statuses.join(", "),
  );
  claims.check(
    "A: zero cross-workspace reads",
    mixed.crossReads.length === 0 && crossInDb.length === 0,
    mixed.crossReads.length + crossInDb.length > 0
      ? [...mixed.crossReads, ...crossInDb].slice(0, 3).join(" | ")
      : `${mixed.seen.length + solo.seen.length} ids in answers checked against their rows`,
  );
  claims.check(
    "A: every answer was the one its operation expects",
    mixed.unexpected.length === 0,
    mixed.unexpected.slice(0, 3).join(" | ") || "",
  );
  claims.info(
    "A: throughput",
    `${mixed.requests} requests in ${mixed.seconds.toFixed(1)} s = ${(mixed.requests / mixed.seconds).toFixed(1)} requests/s`,
  );
  claims.info(
    "A: one client alone (baseline)",
    `${(solo.requests / solo.seconds).toFixed(1)} requests/s, ${latencyLine(solo.latencies)}`,
  );
  claims.info("A: latency (all)", latencyLine(mixed.latencies));
  for (const [op, list] of mixed.byOp)
    claims.info(`A: latency ${op} (${list.length})`, latencyLine(list));
}

/** Restarts wrangler dev with the Trigger.dev runner (RUNNER=trigger → the local stand-in). */
async function restartOnTrigger(): Promise<void> {
  if (!worker || !standIn || !cluster) throw new Error("stack not started");
  await worker.stop();
  worker = await startWorker({
    port: WORKER_PORT,
    vars: workerVars({
      RUNNER: "trigger",
      TRIGGER_SECRET_KEY: standIn.secretKey,
      TRIGGER_API_URL: standIn.url,
    }),
    connectionString: cluster.apiLoginUrl,
    dir,
  });
  say(`wrangler dev restarted on ${worker.url} (trigger runner → ${standIn.url})`);
}

/** Why the worker answered 503, tallied from its log (the error's first words). */
function unavailableReasons(claims: Claims, label: string): void {
  const reasons = new Map<string, number>();
  for (const line of (worker?.output() ?? "").split("\n")) {
    if (!line.includes("database unavailable")) continue;
    const reason = /"error":"([^"]{0,80})/.exec(line)?.[1] ?? line.slice(0, 80);
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  claims.info(
    `${label}: the worker's "database unavailable" answers by cause`,
    [...reasons].map(([r, n]) => `${n}× ${r}`).join(" | ") || "none",
  );
}

async function main(): Promise<void> {
  const claims = new Claims();
  const started = Date.now();
  process.on("SIGINT", () => {
    cleanup().finally(() => process.exit(130));
  });
  ensurePostgresInstalled(say);
  // Locally wrangler's Hyperdrive binding is a direct connection per client (no pool, unlike
  // Hyperdrive in production): 100 open streams hold a session each, so the cluster allows more.
  cluster = await startCluster({
    name: "pg-load",
    port: DB_PORT,
    fresh: true,
    fast: true,
    maxConnections: 400,
    say,
  });
  migrate(cluster, () => {});
  sql = postgres(cluster.superuserUrl, { max: 4, onnotice: () => {} });
  taskSql = postgres(cluster.apiLoginUrl, {
    // every workspace at its limit at once, so the pool never caps the runs
    max: CONCURRENCY_LIMIT * (WORKSPACES + 1),
    onnotice: () => {},
  });
  buildAssets();
  dir = mkdtempSync(join(tmpdir(), "connectors-load-"));
  oauth = new OAuthProvider({ accessTtlSeconds: OAUTH_ACCESS_TTL_SECONDS });
  target = await startCountingTarget(TOKEN, { oauth });
  standIn = await startTriggerStandIn(taskBodyFor(taskSql, target.host), {
    concurrencyPerKey: CONCURRENCY_LIMIT,
  });
  const tenants = await seedTenants(sql, WORKSPACES, MEMBERS);
  say(
    `PostgreSQL on :${DB_PORT}, target ${target.host}, ${WORKSPACES} workspaces × ${MEMBERS + 1} users`,
  );

  worker = await startWorker({
    port: WORKER_PORT,
    vars: workerVars({ RUNNER: "inline" }),
    connectionString: cluster.apiLoginUrl,
    dir,
  });
  say(`wrangler dev on ${worker.url} (inline runner)`);

  // Connectors to browse (4 per workspace, each with history) and one burst connector each.
  const browse = new Map<string, string[]>();
  const history = new Map<string, string[]>();
  const burstConnectors = new Map<string, string>();
  for (const tenant of tenants) {
    const id = await arrangeBurstConnector(worker.url, tenant, { host: target.host, token: TOKEN });
    burstConnectors.set(tenant.workspaceId, id);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const [row] = await sql<{ id: string }[]>`
        insert into connectors.connectors (workspace_id, name, definition, created_by)
        values (${tenant.workspaceId}, ${`Browse ${i + 1}`}, ${sql.json(burstDefinition(target.host, tenant.workspaceId))},
                ${tenant.users[0]?.id ?? null})
        returning id`;
      ids.push(row?.id ?? "");
    }
    browse.set(tenant.workspaceId, ids);
    const seeded: string[] = [];
    for (const id of ids) seeded.push(...(await seedHistory(sql, tenant, id)));
    history.set(tenant.workspaceId, seeded);
  }

  // A. Mixed traffic: first one client alone (the baseline latency), then all of them.
  if (runs("A")) await mixedPhase(claims, tenants, browse, history);
  // B1. Burst with the inline runner.
  if (runs("B")) await burstPhase("B1 inline", claims, tenants, burstConnectors, sql);
  // C. Connectors that run themselves: batches, webhooks and schedules at once.
  const everyConnector = new Map(
    tenants.map((t) => [
      t.workspaceId,
      [burstConnectors.get(t.workspaceId) ?? "", ...(browse.get(t.workspaceId) ?? [])],
    ]),
  );
  const wave = async () => {
    if (!worker || !target || !sql || !oauth) throw new Error("stack not started");
    await secondWave(
      {
        base: worker.url,
        sql,
        tenants,
        connectors: everyConnector,
        target,
        limit: CONCURRENCY_LIMIT,
        seconds: WAVE_SECONDS,
        oauth,
        say,
        runner: WAVE_RUNNER,
      },
      claims,
    );
    unavailableReasons(claims, `C second wave (${WAVE_RUNNER})`);
  };
  if (runs("C") && WAVE_RUNNER === "inline") await wave();

  // B2. The same burst through the Trigger.dev stand-in (a queue per workspace); then phase C on
  // the production topology.
  if (runs("B") || (runs("C") && WAVE_RUNNER === "trigger")) await restartOnTrigger();
  if (runs("B")) await burstPhase("B2 trigger", claims, tenants, burstConnectors, sql);
  if (runs("C") && WAVE_RUNNER === "trigger") await wave();

  claims.info(
    "setup",
    `wrangler dev (workerd) on loopback, PostgreSQL 15 (fsync off), sweeper fired every 2 s (dispatch grace ${DISPATCH_GRACE_SECONDS} s), took ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  claims.print("npm run load — summary");
  process.exitCode = claims.failed === 0 ? 0 : 1;
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanup();
    // postgres.js and undici keep sockets alive a little; the summary is printed, so leave.
    setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();
  });
