// The chaos suite's own stack: a PostgreSQL cluster (pg-chaos, 127.0.0.1:24370) it may stop and
// start, a counting target, a Trigger.dev stand-in it may take down, workspaces with users, and a
// real `wrangler dev` on 127.0.0.1:24373 that scenarios restart with their own variables.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { EXECUTION_ENV as EXEC } from "../../execution/env-names.ts";
import { type TriggerStandIn, startTriggerStandIn } from "../../tests/harness/trigger-standin.ts";
import { buildAssets } from "../build-assets.ts";
import { arrangeBurstConnector, seedTenants, taskBodyFor, type Tenant } from "../lib/burst.ts";
import { type CountingTarget, startCountingTarget } from "../lib/counting-target.ts";
import {
  type Cluster,
  ensurePostgresInstalled,
  migrate,
  startCluster,
  stopCluster,
} from "../lib/pg.ts";
import { PORTS } from "../lib/ports.ts";
import { startWorker, type WorkerProcess } from "../lib/wrangler-dev.ts";

export const DB_PORT = PORTS.chaosDatabase;
export const WORKER_PORT = PORTS.chaosWorker;
export const CONCURRENCY_LIMIT = 10;
const WORKSPACES = 5;
/** The counting target's bearer token, which every workspace stores as its burst credential. */
export const TOKEN = "tok_chaos_1b2c3d4e5f6a7b8c";

export interface ChaosStack {
  cluster: Cluster;
  /** Superuser connection for arranging and checking (reconnects after an outage). */
  sql: postgres.Sql;
  target: CountingTarget;
  standIn: TriggerStandIn;
  tenants: Tenant[];
  /** The burst connector of each workspace. */
  connectors: Map<string, string>;
  worker(): WorkerProcess;
  url(): string;
  /**
   * Stops the running worker (if any) and starts one with these variables on top of the base;
   * `connectionString` points its Hyperdrive elsewhere (e.g. through a proxy) for this run only.
   */
  restartWorker(
    vars: Record<string, string>,
    options?: { connectionString?: string },
  ): Promise<void>;
  stopDatabase(): void;
  startDatabase(): Promise<void>;
  say(message: string): void;
  close(): Promise<void>;
}

export async function startChaosStack(): Promise<ChaosStack> {
  const say = (message: string) => console.log(`› ${message}`);
  ensurePostgresInstalled(say);
  const cluster = await startCluster({
    name: "pg-chaos",
    port: DB_PORT,
    fresh: true,
    fast: true,
    say,
  });
  migrate(cluster, () => {});
  buildAssets();
  const dir = mkdtempSync(join(tmpdir(), "connectors-chaos-"));
  const sql = postgres(cluster.superuserUrl, { max: 4, onnotice: () => {}, connect_timeout: 3 });
  const taskSql = postgres(cluster.apiLoginUrl, {
    // every workspace at its limit at once, so the pool never caps the runs
    max: CONCURRENCY_LIMIT * (WORKSPACES + 1),
    onnotice: () => {},
  });
  const target = await startCountingTarget(TOKEN);
  const standIn = await startTriggerStandIn(taskBodyFor(taskSql, target.host), {
    concurrencyPerKey: CONCURRENCY_LIMIT,
  });
  const tenants = await seedTenants(sql, WORKSPACES, 3);
  let worker: WorkerProcess | undefined;

  const base = (): Record<string, string> => ({
    ENVIRONMENT: "development",
    RUNNER: "inline",
    [EXEC.outboundAllowHosts]: target.host,
    RATE_LIMIT_USER_PER_MINUTE: "1000000",
    RATE_LIMIT_WORKSPACE_PER_MINUTE: "1000000",
    [EXEC.concurrencyPerWorkspace]: String(CONCURRENCY_LIMIT),
  });

  const stack: ChaosStack = {
    cluster,
    sql,
    target,
    standIn,
    tenants,
    connectors: new Map(),
    worker: () => {
      if (!worker) throw new Error("no worker running");
      return worker;
    },
    url: () => `http://127.0.0.1:${WORKER_PORT}`,
    restartWorker: async (vars, options) => {
      await worker?.stop();
      worker = await startWorker({
        port: WORKER_PORT,
        vars: { ...base(), ...vars },
        connectionString: options?.connectionString ?? cluster.apiLoginUrl,
        dir,
      });
    },
    stopDatabase: () => stopCluster(cluster),
    startDatabase: async () => {
      await startCluster({ name: "pg-chaos", port: DB_PORT, fast: true, say: () => {} });
    },
    say,
    close: async () => {
      await worker?.stop().catch(() => {});
      await standIn.close().catch(() => {});
      await target.close().catch(() => {});
      await sql.end({ timeout: 2 }).catch(() => {});
      await taskSql.end({ timeout: 2 }).catch(() => {});
      stopCluster(cluster);
      rmSync(dir, { recursive: true, force: true });
    },
  };

  await stack.restartWorker({});
  for (const tenant of tenants) {
    const id = await arrangeBurstConnector(stack.url(), tenant, {
      host: target.host,
      token: TOKEN,
    });
    stack.connectors.set(tenant.workspaceId, id);
  }
  say(`chaos stack: PostgreSQL :${DB_PORT}, wrangler dev :${WORKER_PORT}, target ${target.host}`);
  return stack;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it is true or `timeoutMs` passes; returns whether it became true. */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 200,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
}
