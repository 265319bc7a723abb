// B3/B4's server: a PostgreSQL cluster of its own (port 24350), migrated and seeded with one
// workspace, its members and 50 connectors, and `wrangler dev` (port 24351) started the way
// `npm run dev` starts it (env file, Hyperdrive pointed at the cluster), with the benchmark
// routes on and rate limits high enough for the load. It serves the production bundle built
// once at the start (`--no-bundle`) and a copy of the assets, so an edit or a rebuild elsewhere
// in the tree cannot reload it mid-run.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { specExample } from "../../lib/demo-data.ts";
import { workerVariables, wranglerDevArgs, writeVarsFile } from "../../lib/dev-vars.ts";
import { JWT_SECRET, SUPABASE_URL } from "../../lib/local-defaults.ts";
import { ROOT } from "../../lib/paths.ts";
import { assertPortFree, PORTS } from "../../lib/ports.ts";
import {
  type Cluster,
  ensurePostgresInstalled,
  migrate,
  startCluster,
  stopCluster,
} from "../../lib/pg.ts";
import { mintToken } from "../../lib/tokens.ts";
import { commandLine, descendantsNamed } from "./proc.ts";

const DB_PORT = PORTS.benchDatabase;
const API_PORT = PORTS.benchApi;
const INSPECTOR_PORT = PORTS.benchInspector;
const WORKSPACE_ID = "b0000000-0000-4000-8000-000000000001";
const USERS = 20;
const CONNECTORS = 50;

export type BenchStack = {
  base: string;
  workspaceId: string;
  /** One valid token per seeded member. */
  tokens: string[];
  /** The bench cluster's superuser, to arrange rows and read them back. */
  superuserUrl: string;
  /** The worker's login role (RLS applies), as a task process connects. */
  apiLoginUrl: string;
  /** The workerd process that runs the worker: its CPU time is the server's. */
  runtimePid: number;
  /** `wrangler dev`'s own hops, the same for every route: its entry proxy (workerd) and Node. */
  devPids: number[];
  stop(): Promise<void>;
};

async function seed(cluster: Cluster): Promise<{ id: string; email: string }[]> {
  const users = Array.from({ length: USERS }, (_, i) => ({
    id: `b0000000-0000-4000-8001-${String(i + 1).padStart(12, "0")}`,
    email: `bench-${i + 1}@bench.test`,
  }));
  const sql = postgres(cluster.superuserUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.begin(async (tx) => {
      await tx`insert into connectors.workspaces (id, name) values (${WORKSPACE_ID}, 'Bench')`;
      for (const [i, user] of users.entries()) {
        await tx`insert into auth.users (id, email) values (${user.id}, ${user.email})`;
        await tx`
          insert into connectors.workspace_members (workspace_id, user_id, role)
          values (${WORKSPACE_ID}, ${user.id}, ${i === 0 ? "owner" : "member"})`;
      }
      for (let i = 0; i < CONNECTORS; i++) {
        await tx`
          insert into connectors.connectors (workspace_id, name, description, definition, created_by)
          values (${WORKSPACE_ID}, ${`Connector ${i + 1}`}, 'Finds a person and tags them.',
                  ${tx.json(specExample("api.example.com"))}, ${users[0]?.id ?? null})`;
      }
    });
  } finally {
    await sql.end();
  }
  return users;
}

/** `wrangler deploy --dry-run` into `dir`, and a copy of wrangler.toml that serves that bundle. */
function buildWorker(dir: string): string {
  const outdir = join(dir, "build");
  const result = spawnSync("wrangler", ["deploy", "--dry-run", "--outdir", outdir], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${result.stderr}`);
  // A copy: `npm test` rebuilds dist/public, and wrangler dev would reload on that.
  const assets = join(dir, "assets");
  cpSync(join(ROOT, "dist/public"), assets, { recursive: true });
  const config = readFileSync(join(ROOT, "wrangler.toml"), "utf8")
    // The assets are built and copied already; the custom build's paths are the root's.
    .replace(/^\[build\]\n(?:[^\n[].*\n)*/m, "")
    .replace(/^main = .*$/m, `main = ${JSON.stringify(join(outdir, "index.js"))}`)
    .replace(/^directory = .*$/m, `directory = ${JSON.stringify(assets)}`);
  const path = join(dir, "wrangler.toml");
  writeFileSync(path, config);
  return path;
}

async function waitForHealth(base: string, child: ChildProcess, log: () => string) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited:\n${log()}`);
    try {
      const res = await fetch(`${base}/health`);
      if (res.status === 200) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`wrangler dev did not become healthy in 90 s:\n${log()}`);
}

export type BenchStackOptions = {
  /** Worker variables on top of the bench's own (e.g. the runner and its API's address). */
  vars?: Record<string, string>;
};

export async function startBenchStack(
  say: (message: string) => void,
  options: BenchStackOptions = {},
): Promise<BenchStack> {
  ensurePostgresInstalled(say);
  const cluster = await startCluster({
    name: "pg-bench",
    port: DB_PORT,
    fresh: true,
    fast: true,
    say,
  });
  const dir = mkdtempSync(join(tmpdir(), "connectors-bench-"));
  let wrangler: ChildProcess | undefined;
  const stop = async () => {
    if (wrangler?.pid && wrangler.exitCode === null) {
      const exited = new Promise((resolve) => wrangler?.once("exit", resolve));
      process.kill(-wrangler.pid, "SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (wrangler.exitCode === null) process.kill(-wrangler.pid, "SIGKILL");
    }
    stopCluster(cluster);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    migrate(cluster, () => {});
    const users = await seed(cluster);
    const config = buildWorker(dir);
    const varsFile = join(dir, "bench.vars");
    writeVarsFile(varsFile, {
      ...workerVariables({}),
      BENCH_ROUTES: "true",
      RATE_LIMIT_USER_PER_MINUTE: "100000000",
      RATE_LIMIT_WORKSPACE_PER_MINUTE: "100000000",
      ...options.vars,
    });
    const base = `http://127.0.0.1:${API_PORT}`;
    await assertPortFree(API_PORT, "bench wrangler dev");
    await assertPortFree(INSPECTOR_PORT, "bench wrangler devtools");
    // wrangler dev now and then fails to bind while another one starts: one more try.
    for (let attempt = 1; ; attempt++) {
      let output = "";
      wrangler = spawn(
        "wrangler",
        [
          ...wranglerDevArgs({ port: API_PORT, varsFile, persistTo: join(dir, "state") }),
          "--config",
          config,
          "--no-bundle",
          // Its own devtools port: the default (9229) may belong to another wrangler dev.
          "--inspector-port",
          String(INSPECTOR_PORT),
        ],
        {
          cwd: ROOT,
          detached: true,
          stdio: ["ignore", "pipe", "pipe"],
          env: {
            ...process.env,
            CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: cluster.apiLoginUrl,
            WRANGLER_SEND_METRICS: "false",
          },
        },
      );
      // Request log lines are drained (not kept): only the start-up output matters on failure.
      const keep = (chunk: Buffer) => {
        if (output.length < 20_000) output += String(chunk);
      };
      wrangler.stdout?.on("data", keep);
      wrangler.stderr?.on("data", keep);
      try {
        await waitForHealth(base, wrangler, () => output);
        break;
      } catch (error) {
        if (attempt >= 2 || wrangler.exitCode === null) throw error;
        say("wrangler dev exited while starting; trying once more");
      }
    }
    const workerds = descendantsNamed(wrangler.pid as number, "workerd");
    const isProxy = (pid: number) => commandLine(pid).includes(`entry=127.0.0.1:${API_PORT}`);
    const runtimePid = workerds.find((pid) => !isProxy(pid));
    if (runtimePid === undefined) throw new Error("B3: no workerd runtime found under wrangler");
    const devPids = [
      ...workerds.filter(isProxy),
      ...descendantsNamed(wrangler.pid as number, "node"),
    ];
    const tokens = await Promise.all(
      users.map((user) => mintToken(user, { secret: JWT_SECRET, supabaseUrl: SUPABASE_URL })),
    );
    return {
      base,
      workspaceId: WORKSPACE_ID,
      tokens,
      superuserUrl: cluster.superuserUrl,
      apiLoginUrl: cluster.apiLoginUrl,
      runtimePid,
      devPids,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
