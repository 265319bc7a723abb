// A real `wrangler dev` (workerd) for the load and chaos scripts: its own port, its own state
// folder, its own variables, Hyperdrive pointed at a given cluster. It runs in a process group of
// its own so that stopping it (or killing it, for the chaos suite) takes workerd down with it.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { wranglerDevArgs, writeVarsFile } from "./dev-vars.ts";
import { DEV_WORKER_DEFAULTS } from "./local-defaults.ts";
import { ROOT } from "./paths.ts";
import { assertPortFree } from "./ports.ts";

export interface WorkerOptions {
  port: number;
  /** Variables on top of the dev defaults (RUNNER, OUTBOUND_ALLOW_HOSTS, RATE_LIMIT_*, …). */
  vars: Record<string, string>;
  /** The `connectors_api` URL of the cluster Hyperdrive should reach. */
  connectionString: string;
  /** A folder for the vars file and wrangler's local state (Durable Objects). */
  dir: string;
  /** wrangler's devtools port (the default, 9229, may belong to another wrangler dev). */
  inspectorPort?: number;
  /** More `wrangler dev` arguments (e.g. `--config` for a variant of wrangler.toml). */
  extraArgs?: string[];
}

export interface WorkerProcess {
  url: string;
  /** wrangler's process id (workerd runs below it, in its process group). */
  pid: number | undefined;
  /** Everything wrangler printed, for a failure report. */
  output(): string;
  /** SIGTERM to the whole group; resolves when wrangler has exited. */
  stop(): Promise<void>;
  /** SIGKILL to the whole group: a crash, no shutdown. */
  kill(): Promise<void>;
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/health`);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`wrangler dev did not become healthy on ${url} within ${timeoutMs} ms`);
}

export async function startWorker(options: WorkerOptions): Promise<WorkerProcess> {
  await assertPortFree(options.port, "wrangler dev");
  if (options.inspectorPort) await assertPortFree(options.inspectorPort, "wrangler devtools");
  mkdirSync(options.dir, { recursive: true });
  const varsFile = join(options.dir, `worker-${options.port}.vars`);
  writeVarsFile(varsFile, { ...DEV_WORKER_DEFAULTS, ...options.vars });
  const url = `http://127.0.0.1:${options.port}`;
  let output = "";
  const child = spawn(
    "wrangler",
    [
      ...wranglerDevArgs({ port: options.port, varsFile, persistTo: join(options.dir, "state") }),
      ...(options.inspectorPort ? ["--inspector-port", String(options.inspectorPort)] : []),
      ...(options.extraArgs ?? []),
    ],
    {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: options.connectionString,
        WRANGLER_SEND_METRICS: "false",
      },
    },
  );
  const keep = (chunk: Buffer) => {
    output = (output + String(chunk)).slice(-200_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
    try {
      process.kill(-child.pid, name);
    } catch {
      // already gone
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  };
  const worker: WorkerProcess = {
    url,
    pid: child.pid,
    output: () => output,
    stop: () => signal("SIGTERM"),
    kill: () => signal("SIGKILL"),
  };
  try {
    await waitForHealth(url, child, 90_000);
  } catch (error) {
    await worker.kill();
    throw new Error(`${error instanceof Error ? error.message : error}\n${output.slice(-4000)}`);
  }
  return worker;
}

/** Fires the worker's `scheduled` handler (the cron sweeper), as `npm run dev` does. */
export async function fireScheduled(url: string): Promise<number> {
  const res = await fetch(`${url}/__scheduled?cron=${encodeURIComponent("* * * * *")}`);
  await res.arrayBuffer();
  return res.status;
}

/** Calls the sweeper every `everyMs` (one at a time, like a cron) until stopped. */
export function driveSweeper(
  url: () => string,
  everyMs: number,
): { stop(): Promise<void>; sweeps(): number } {
  let stopped = false;
  let count = 0;
  const loop = (async () => {
    while (!stopped) {
      const started = Date.now();
      try {
        await fireScheduled(url());
        count += 1;
      } catch {
        // the worker is restarting: try again next time
      }
      const wait = Math.max(0, everyMs - (Date.now() - started));
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
    },
    sweeps: () => count,
  };
}
