// `npm run soak -- --minutes N` (default 30): the dev-like stack under steady mixed traffic for N
// minutes. Its own PostgreSQL cluster (127.0.0.1:24364), a real `wrangler dev` (workerd, inline
// runner) on 127.0.0.1:24365 (devtools on 24366), the counting target in a process of its own.
// Two workspaces, each with a connector on the target, a signed webhook and a schedule firing
// every minute; traffic: API reads, one start a second and one webhook delivery a second per
// workspace, the sweeper every 5 s (it fires the schedules). Every minute the memory of workerd
// (VmRSS; the worker's process and wrangler's proxy apart), of PostgreSQL (PSS of its
// long-lived processes), of the target and of this driver is sampled. PASS when none of the worker's
// workerd, PostgreSQL, the target and the driver grew more than 10% from the end of warm-up
// (minute 3; minute 1 in runs under 5 minutes) to the last sample, and, once the queue drained,
// the database's rows match the target's count: succeeded executions = executions the target
// saw, step results = calls, none failed, none called twice. `--heap` adds the worker's V8 heap
// after a forced collection each minute and the constructors that grew most (diagnostic).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import postgres from "postgres";
import { EXECUTION_ENV as EXEC } from "../../execution/env-names.ts";
import { buildAssets } from "../build-assets.ts";
import {
  type ApiAnswer,
  arrangeBurstConnector,
  call,
  Claims,
  percentile,
  seedTenants,
  type Tenant,
  waitTerminal,
} from "../lib/burst.ts";
import {
  connectDevtools,
  type HeapAggregate,
  heapAfterGc,
  heapGrowth,
  heapSnapshotAggregate,
} from "../lib/devtools.ts";
import { ROOT } from "../lib/paths.ts";
import {
  type Cluster,
  ensurePostgresInstalled,
  migrate,
  startCluster,
  stopCluster,
} from "../lib/pg.ts";
import { PORTS } from "../lib/ports.ts";
import { descendants, postmasterPid, pssKiB, rssKiB, treeRssKiB } from "../lib/process-memory.ts";
import { signDelivery } from "../lib/webhook-signature.ts";
import { driveSweeper, startWorker, type WorkerProcess } from "../lib/wrangler-dev.ts";

const TOKEN = "tok_soak_3c4d5e6f7a8b9c0d";
const WORKSPACES = 2;
const CONCURRENCY_LIMIT = 10;
/** A process may grow this much from the post-warm-up sample to the last. */
const GROWTH_LIMIT = 0.1;

const arg = process.argv.find((a) => a.startsWith("--minutes"));
const MINUTES = Number(
  arg?.includes("=")
    ? arg.split("=")[1]
    : (process.argv[process.argv.indexOf("--minutes") + 1] ?? 30),
);
if (!Number.isInteger(MINUTES) || MINUTES < 2) throw new Error("--minutes must be an integer ≥ 2");
/**
 * `--heap`: every minute, through wrangler's devtools port, force a full collection and read the
 * V8 heap used; heap snapshots at minute 1 and at the last minute, and the constructors that grew
 * most between them. Diagnostic: the forced collections change what VmRSS shows.
 */
const HEAP = process.argv.includes("--heap");
/**
 * The sample the claims start from. The worker's workerd fills its allocator's and V8's pools for
 * about three minutes of this traffic, then stays flat (docs/PERFORMANCE.md, "Load and soak"):
 * growth is judged from minute 3 on (minute 1 for runs shorter than 5 minutes).
 */
const WARM_UP = MINUTES >= 5 ? 3 : 1;
const say = (message: string) => console.log(`› ${message}`);

let cluster: Cluster | undefined;
let worker: WorkerProcess | undefined;
let targetProcess: ChildProcess | undefined;
let sql: postgres.Sql | undefined;
let dir = "";

async function cleanup(): Promise<void> {
  await worker?.stop().catch(() => {});
  targetProcess?.kill("SIGTERM");
  await sql?.end({ timeout: 2 }).catch(() => {});
  if (cluster) stopCluster(cluster);
  if (dir) rmSync(dir, { recursive: true, force: true });
}

interface TargetStats {
  calls: number;
  executions: number;
  repeated: number;
  refused: number;
}

async function startTargetProcess(): Promise<{ host: string; stats: () => Promise<TargetStats> }> {
  const child = spawn(process.execPath, [join(ROOT, "scripts/load/soak-target.ts")], {
    env: { ...process.env, SOAK_TARGET_TOKEN: TOKEN },
    stdio: ["ignore", "pipe", "inherit"],
  });
  targetProcess = child;
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    rl.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the target exited (${code})`)));
  });
  const info = JSON.parse(line) as { host: string; stats: string };
  return {
    host: info.host,
    stats: async () => (await (await fetch(info.stats)).json()) as TargetStats,
  };
}

interface Sample {
  minute: number;
  kib: Record<string, number>;
}

/**
 * wrangler dev runs two workerd processes: its proxy (the entry socket on our port, wrangler's
 * ProxyWorker and devtools proxy) and the one running our worker. Each is shown; the claim is on
 * their sum.
 */
function workerdSplit(root: number): { proxy: number; user: number } {
  const split = { proxy: 0, user: 0 };
  for (const p of descendants(root).filter((d) => d.name === "workerd")) {
    let cmd = "";
    try {
      cmd = readFileSync(`/proc/${p.pid}/cmdline`, "utf8");
    } catch {
      // exited
    }
    if (cmd.includes(`entry=127.0.0.1:${PORTS.soakWorker}`)) split.proxy += rssKiB(p.pid);
    else split.user += rssKiB(p.pid);
  }
  return split;
}

/**
 * PSS of PostgreSQL's long-lived processes: the postmaster and its auxiliaries (checkpointer,
 * writers, launchers), each counted for its share of shared_buffers only. Client backends are
 * left out: there is one per open connection (per request, lane and sweep here), so their sum at
 * a sample is the number of connections open at that instant — summed RSS swung by ±100 MiB
 * between samples, their PSS by ±20 MiB — and each ends with its connection.
 */
function postgresServerPssKiB(postmaster: number): number {
  return descendants(postmaster)
    .filter((p) => {
      try {
        const cmd = readFileSync(`/proc/${p.pid}/cmdline`, "utf8");
        return !/\d+\.\d+\.\d+\.\d+\(\d+\)|\[local\]/.test(cmd);
      } catch {
        return false;
      }
    })
    .reduce((sum, p) => sum + pssKiB(p.pid), 0);
}

function sampleMemory(minute: number, pids: { worker: number; target: number }): Sample {
  if (!cluster) throw new Error("no cluster");
  const split = workerdSplit(pids.worker);
  return {
    minute,
    kib: {
      workerd: treeRssKiB(pids.worker, /^workerd$/),
      "wd.proxy": split.proxy,
      "wd.user": split.user,
      postgres: postgresServerPssKiB(postmasterPid(cluster.dataDir)),
      target: rssKiB(pids.target),
      driver: rssKiB(process.pid),
    },
  };
}

function table(samples: Sample[]): string {
  const names = Object.keys(samples[0]?.kib ?? {});
  const mib = (kib: number) => (kib / 1024).toFixed(1).padStart(10);
  const head = `  minute ${names.map((n) => n.padStart(10)).join("")}   (MiB; VmRSS; postgres: PSS without client backends)`;
  const rows = samples.map(
    (s) => `  ${String(s.minute).padStart(6)} ${names.map((n) => mib(s.kib[n] ?? 0)).join("")}`,
  );
  return [head, ...rows].join("\n");
}

interface Traffic {
  requests: number;
  latencies: number[];
  serverErrors: string[];
  unexpected: string[];
}

/** Steady traffic until `until`: reads, starts and signed deliveries, per workspace. */
async function steadyTraffic(
  base: string,
  tenants: Tenant[],
  connectors: Map<string, string>,
  hooks: Map<string, { id: string; secret: string }>,
  until: number,
): Promise<Traffic> {
  const out: Traffic = { requests: 0, latencies: [], serverErrors: [], unexpected: [] };
  const record = (op: string, res: ApiAnswer<unknown>, ok: number) => {
    out.requests += 1;
    out.latencies.push(res.ms);
    if (res.status >= 500 || res.status === 0)
      out.serverErrors.push(`${op} → ${res.status} ${res.text.slice(0, 160)}`);
    else if (res.status !== ok)
      out.unexpected.push(`${op} → ${res.status} ${res.text.slice(0, 160)}`);
  };
  const everySecond = async (work: (n: number) => Promise<void>) => {
    for (let n = 0; Date.now() < until; n++) {
      const next = Date.now() + 1_000;
      await work(n);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
    }
  };
  await Promise.all(
    tenants.flatMap((tenant) => {
      const ws = `/v1/workspaces/${tenant.workspaceId}`;
      const connectorId = connectors.get(tenant.workspaceId) ?? "";
      const hook = hooks.get(tenant.workspaceId);
      const member = tenant.users[1]?.token ?? "";
      return [
        everySecond(async (n) => {
          const res = await call(
            base,
            member,
            "POST",
            `${ws}/connectors/${connectorId}/executions`,
            {
              input: { email: `soak-${n}@load.test` },
            },
          );
          record("start", res, 202);
        }),
        everySecond(async (n) => {
          const body = JSON.stringify({ email: `hook-${n}@load.test`, n });
          const started = performance.now();
          const res = await fetch(`${base}/v1/hooks/${hook?.id}`, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "connectors-signature": signDelivery(hook?.secret ?? "", body),
            },
            body,
          })
            .then(async (r) => ({ status: r.status, text: await r.text() }))
            .catch((error: unknown) => ({ status: 0, text: String(error) }));
          record(
            "webhook",
            { ...res, body: null, headers: new Headers(), ms: performance.now() - started },
            202,
          );
        }),
        everySecond(async () => {
          record(
            "list_connectors",
            await call(base, member, "GET", `${ws}/connectors?limit=20`),
            200,
          );
          record(
            "list_executions",
            await call(base, member, "GET", `${ws}/executions?limit=20`),
            200,
          );
          record(
            "get_connector",
            await call(base, member, "GET", `${ws}/connectors/${connectorId}`),
            200,
          );
        }),
      ];
    }),
  );
  out.latencies.sort((a, b) => a - b);
  return out;
}

async function main(): Promise<void> {
  const claims = new Claims();
  const started = Date.now();
  process.on("SIGINT", () => {
    cleanup().finally(() => process.exit(130));
  });
  ensurePostgresInstalled(say);
  cluster = await startCluster({
    name: "pg-soak",
    port: PORTS.soakDatabase,
    fresh: true,
    fast: true,
    say,
  });
  migrate(cluster, () => {});
  sql = postgres(cluster.superuserUrl, { max: 2, onnotice: () => {} });
  buildAssets();
  dir = mkdtempSync(join(tmpdir(), "connectors-soak-"));
  const target = await startTargetProcess();
  const tenants = await seedTenants(sql, WORKSPACES, 2);
  worker = await startWorker({
    port: PORTS.soakWorker,
    vars: {
      ENVIRONMENT: "development",
      RUNNER: "inline",
      [EXEC.outboundAllowHosts]: target.host,
      [EXEC.concurrencyPerWorkspace]: String(CONCURRENCY_LIMIT),
      RATE_LIMIT_USER_PER_MINUTE: "1000000",
      RATE_LIMIT_WORKSPACE_PER_MINUTE: "1000000",
    },
    connectionString: cluster.apiLoginUrl,
    dir,
    inspectorPort: PORTS.soakInspector,
  });
  say(`PostgreSQL on :${PORTS.soakDatabase}, wrangler dev on ${worker.url}, target ${target.host}`);

  const connectors = new Map<string, string>();
  const hooks = new Map<string, { id: string; secret: string }>();
  for (const tenant of tenants) {
    const id = await arrangeBurstConnector(worker.url, tenant, { host: target.host, token: TOKEN });
    connectors.set(tenant.workspaceId, id);
    const owner = tenant.users[0]?.token ?? "";
    const ws = `/v1/workspaces/${tenant.workspaceId}/connectors/${id}`;
    const schedule = await call(worker.url, owner, "PUT", `${ws}/schedule`, {
      cron: "* * * * *",
      timezone: "UTC",
      input: { email: "schedule@load.test" },
    });
    if (schedule.status !== 201) throw new Error(`schedule: ${schedule.status} ${schedule.text}`);
    const hook = await call<{ id: string; secret: string }>(
      worker.url,
      owner,
      "POST",
      `${ws}/webhooks`,
      {
        description: "soak",
      },
    );
    if (hook.status !== 201) throw new Error(`webhook: ${hook.status} ${hook.text}`);
    hooks.set(tenant.workspaceId, hook.body);
  }

  const pids = { worker: worker.pid ?? 0, target: targetProcess?.pid ?? 0 };
  const samples: Sample[] = [sampleMemory(0, pids)];
  const [mark] = await sql<{ at: Date }[]>`select now() as at`;
  const begin = Date.now();
  const until = begin + MINUTES * 60_000;
  say(`steady traffic for ${MINUTES} minutes; memory sampled every minute`);
  const sweeper = driveSweeper(() => worker?.url ?? "", 5_000);
  const heapLines: string[] = [];
  let firstSnapshot: HeapAggregate | undefined;
  const heapSample = async (minute: number) => {
    const session = await connectDevtools(PORTS.soakInspector);
    try {
      const heap = await heapAfterGc(session);
      let line = `minute ${minute}: V8 heap used after a forced GC ${(heap.usedSize / 2 ** 20).toFixed(1)} MiB (total ${(heap.totalSize / 2 ** 20).toFixed(1)} MiB)`;
      if (minute === WARM_UP || minute === MINUTES) {
        const snapshot = await heapSnapshotAggregate(session);
        line += `; snapshot ${snapshot.nodes} nodes, ${(snapshot.total / 2 ** 20).toFixed(1)} MiB`;
        if (minute === WARM_UP) firstSnapshot = snapshot;
        else if (firstSnapshot) {
          heapLines.push(`grew most from minute 1 to ${minute} (self size):`);
          heapLines.push(...heapGrowth(firstSnapshot, snapshot).map((l) => `  ${l}`));
        }
      }
      heapLines.push(line);
      say(line);
    } finally {
      session.close();
    }
  };
  const sampler = (async () => {
    for (let minute = 1; minute <= MINUTES; minute++) {
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, begin + minute * 60_000 - Date.now())),
      );
      const sample = sampleMemory(minute, pids);
      samples.push(sample);
      say(
        `minute ${minute}: ${Object.entries(sample.kib)
          .map(([k, v]) => `${k} ${(v / 1024).toFixed(1)} MiB`)
          .join(", ")}`,
      );
      if (HEAP) {
        await heapSample(minute).catch((error: unknown) => {
          say(`minute ${minute}: heap sample failed: ${error}`);
        });
      }
    }
  })();
  const traffic = await steadyTraffic(worker.url, tenants, connectors, hooks, until);
  await sampler;
  await sql`update connectors.connector_schedules set enabled = false`;
  await new Promise((resolve) => setTimeout(resolve, 6_000));

  // Drain: everything started must end before the counts are compared.
  const ids = (
    await sql<{ id: string }[]>`
      select id from connectors.connector_executions where created_at >= ${mark?.at ?? new Date()}`
  ).map((r) => r.id);
  const done = await waitTerminal(sql, ids, Date.now() + 300_000, () => {});
  await sweeper.stop();
  const [rows] = await sql<
    { succeeded: number; other: number; steps: number; byTrigger: string }[]
  >`
    select count(*) filter (where status = 'succeeded')::int as succeeded,
           count(*) filter (where status <> 'succeeded')::int as other,
           coalesce(sum(jsonb_array_length(step_results)), 0)::int as steps,
           string_agg(distinct trigger, ',') as "byTrigger"
    from connectors.connector_executions where id = any(${ids}::uuid[])`;
  const hits = await target.stats();

  console.log(
    `\nMemory samples (minute 0 = before the traffic; warm-up ends at minute ${WARM_UP})\n${table(samples)}`,
  );
  if (heapLines.length > 0) console.log(`\nV8 heap (--heap)\n${heapLines.join("\n")}`);
  const warm = samples.find((s) => s.minute === WARM_UP);
  const last = samples.at(-1);
  // The claim on workerd is on the process that runs our worker (wd.user). wrangler's proxy
  // (wd.proxy: its ProxyWorker and devtools proxy, not in production) grows with every request
  // it forwards, whatever the worker does; it is shown, with its rate, not claimed.
  for (const name of Object.keys(warm?.kib ?? {}).filter(
    (n) => n !== "workerd" && n !== "wd.proxy",
  )) {
    const from = warm?.kib[name] ?? 0;
    const to = last?.kib[name] ?? 0;
    const growth = from > 0 ? to / from - 1 : Number.POSITIVE_INFINITY;
    claims.check(
      `memory: ${name} grew at most ${GROWTH_LIMIT * 100}% after warm-up`,
      from > 0 && growth <= GROWTH_LIMIT,
      `${(from / 1024).toFixed(1)} MiB at minute ${warm?.minute} → ${(to / 1024).toFixed(1)} MiB at minute ${last?.minute} (${(growth * 100).toFixed(1)}%)`,
    );
  }
  claims.check(
    "every execution reached a terminal state",
    done.terminal === ids.length,
    `${ids.length} executions (${rows?.byTrigger}): ${JSON.stringify(done.byStatus)}`,
  );
  claims.check(
    "rows match the target: succeeded executions = executions it saw, step results = its calls, none failed, none twice",
    (rows?.succeeded ?? -1) === hits.executions &&
      (rows?.steps ?? -1) === hits.calls &&
      rows?.other === 0 &&
      hits.repeated === 0,
    `${rows?.succeeded} succeeded, ${rows?.other} not; ${rows?.steps} step results; target: ${hits.executions} executions, ${hits.calls} calls, ${hits.repeated} repeated, ${hits.refused} refused`,
  );
  claims.check(
    "zero 5xx and every answer as expected",
    traffic.serverErrors.length === 0 && traffic.unexpected.length === 0,
    [...traffic.serverErrors, ...traffic.unexpected].slice(0, 3).join(" | ") ||
      `${traffic.requests} requests`,
  );
  const f = (p: number) => `${percentile(traffic.latencies, p).toFixed(1)} ms`;
  claims.info("API latency", `p50 ${f(50)}, p99 ${f(99)}, max ${f(100)}`);
  const proxyFrom = warm?.kib["wd.proxy"] ?? 0;
  const proxyTo = last?.kib["wd.proxy"] ?? 0;
  const span = (last?.minute ?? 0) - (warm?.minute ?? 0);
  claims.info(
    "wrangler's proxy workerd (not claimed)",
    `${(proxyFrom / 1024).toFixed(1)} → ${(proxyTo / 1024).toFixed(1)} MiB from minute ${warm?.minute} to ${last?.minute}: ${((proxyTo - proxyFrom) / 1024 / Math.max(1, span)).toFixed(1)} MiB a minute, ~${((proxyTo - proxyFrom) / Math.max(1, (traffic.requests * span) / MINUTES)).toFixed(0)} KiB per API request forwarded`,
  );
  claims.info(
    "setup",
    `wrangler dev (workerd, inline runner), PostgreSQL 15 (fsync off), ${WORKSPACES} workspaces, took ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  claims.print(`npm run soak -- --minutes ${MINUTES} — summary`);
  process.exitCode = claims.failed === 0 ? 0 : 1;
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanup();
    setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();
  });
