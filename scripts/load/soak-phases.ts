// Diagnostic: which traffic makes workerd's resident memory grow. One phase at a time, each for
// PHASE_S seconds, VmRSS of wrangler's proxy workerd and of the user worker's workerd (and the
// user isolate's V8 heap after a forced GC) at each phase's end. PHASES (comma-separated): idle,
// health, reads (the list, limit=20), reads1 (limit=1), sql (/__bench/sql: a connection and
// `select 1`), starts; NOHEAP=1 leaves the devtools alone.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { EXECUTION_ENV as EXEC } from "../../execution/env-names.ts";
import { buildAssets } from "../build-assets.ts";
import { arrangeBurstConnector, call, seedTenants } from "../lib/burst.ts";
import { connectDevtools, heapAfterGc } from "../lib/devtools.ts";
import { migrate, startCluster, stopCluster } from "../lib/pg.ts";
import { PORTS } from "../lib/ports.ts";
import { descendants, rssKiB } from "../lib/process-memory.ts";
import { startWorker } from "../lib/wrangler-dev.ts";

const PHASE_S = Number(process.env.PHASE_S ?? 50);
const PHASES = (process.env.PHASES ?? "idle,health,reads,starts").split(",");
const say = (m: string) => console.log(`› ${m}`);
const cluster = await startCluster({
  name: "pg-soak",
  port: PORTS.soakDatabase,
  fresh: true,
  fast: true,
  say,
});
migrate(cluster, () => {});
const sql = postgres(cluster.superuserUrl, { max: 2, onnotice: () => {} });
buildAssets();
const dir = mkdtempSync(join(tmpdir(), "connectors-phases-"));
const targetChild = spawn(process.execPath, [join(import.meta.dirname, "soak-target.ts")], {
  env: { ...process.env, SOAK_TARGET_TOKEN: "tok_soak_3c4d5e6f7a8b9c0d" },
  stdio: ["ignore", "pipe", "inherit"],
});
const targetHost = (
  JSON.parse(
    await new Promise<string>((resolve) =>
      createInterface({ input: targetChild.stdout as NodeJS.ReadableStream }).once("line", resolve),
    ),
  ) as { host: string }
).host;
const tenants = await seedTenants(sql, 2, 2);
const worker = await startWorker({
  port: PORTS.soakWorker,
  vars: {
    ENVIRONMENT: "development",
    RUNNER: "inline",
    [EXEC.outboundAllowHosts]: targetHost,
    [EXEC.concurrencyPerWorkspace]: "10",
    RATE_LIMIT_USER_PER_MINUTE: "1000000",
    RATE_LIMIT_WORKSPACE_PER_MINUTE: "1000000",
    // `sql`: /__bench/sql (a PostgreSQL connection and `select 1`, nothing else).
    BENCH_ROUTES: "true",
  },
  connectionString: cluster.apiLoginUrl,
  dir,
  inspectorPort: PORTS.soakInspector,
  extraArgs: process.env.WRANGLER_CONFIG ? ["--config", process.env.WRANGLER_CONFIG] : [],
});
const connectors = new Map<string, string>();
for (const t of tenants) {
  connectors.set(
    t.workspaceId,
    await arrangeBurstConnector(worker.url, t, {
      host: targetHost,
      token: "tok_soak_3c4d5e6f7a8b9c0d",
    }),
  );
}
// DRAIN=1: a DevTools client stays attached for the whole run and discards what it is sent.
let drained = 0;
const drain = process.env.DRAIN === "1" ? await connectDevtools(PORTS.soakInspector) : null;
drain?.on("Runtime.consoleAPICalled", () => {
  drained++;
});
const procs = () => {
  const out: Record<string, number> = {};
  for (const p of descendants(worker.pid ?? 0).filter((p) => p.name === "workerd")) {
    const cmd = readFileSync(`/proc/${p.pid}/cmdline`, "utf8");
    out[cmd.includes(`entry=127.0.0.1:${PORTS.soakWorker}`) ? "proxy" : "user"] = rssKiB(p.pid);
  }
  return out;
};
const heap = async () => {
  if (process.env.NOHEAP === "1") return "-";
  if (drain) {
    try {
      return `${((await heapAfterGc(drain)).usedSize / 2 ** 20).toFixed(1)} (console messages drained: ${drained})`;
    } catch (error) {
      return `n/a (${error})`;
    }
  }
  const s = await connectDevtools(PORTS.soakInspector, 10_000, 15_000).catch(() => null);
  if (!s) return "n/a";
  try {
    return ((await heapAfterGc(s)).usedSize / 2 ** 20).toFixed(1);
  } catch (error) {
    return `n/a (${error})`;
  } finally {
    s.close();
  }
};
const report = async (label: string, n: number) => {
  const p = procs();
  say(
    `${label.padEnd(8)} requests ${String(n).padStart(5)}  proxy ${((p.proxy ?? 0) / 1024).toFixed(1)} MiB  user ${((p.user ?? 0) / 1024).toFixed(1)} MiB  user V8 heap after GC ${await heap()} MiB`,
  );
};
const perSecond = async (rate: number, work: () => Promise<unknown>) => {
  const until = Date.now() + PHASE_S * 1000;
  let n = 0;
  const loops = Array.from({ length: rate }, async () => {
    while (Date.now() < until) {
      const next = Date.now() + 1000;
      await work().catch(() => {});
      n++;
      await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
    }
  });
  await Promise.all(loops);
  return n;
};
await report("start", 0);
for (const phase of PHASES) {
  const t = tenants[0];
  const member = t?.users[1]?.token ?? "";
  const ws = `/v1/workspaces/${t?.workspaceId}`;
  let n = 0;
  if (phase === "idle") await new Promise((r) => setTimeout(r, PHASE_S * 1000));
  if (phase === "health")
    n = await perSecond(8, async () => (await fetch(`${worker.url}/health`)).arrayBuffer());
  if (phase === "reads")
    n = await perSecond(8, () => call(worker.url, member, "GET", `${ws}/connectors?limit=20`));
  if (phase === "reads1")
    n = await perSecond(8, () => call(worker.url, member, "GET", `${ws}/connectors?limit=1`));
  if (phase === "sql")
    n = await perSecond(8, async () => (await fetch(`${worker.url}/__bench/sql`)).arrayBuffer());
  if (phase === "starts")
    n = await perSecond(4, () =>
      call(
        worker.url,
        member,
        "POST",
        `${ws}/connectors/${connectors.get(t?.workspaceId ?? "")}/executions`,
        { input: { email: "a@load.test" } },
      ),
    );
  await report(phase, n);
}
await worker.stop();
await sql.end();
stopCluster(cluster);
rmSync(dir, { recursive: true, force: true });
targetChild.kill();
process.exit(0);
