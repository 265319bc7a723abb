// `npm run dev`'s promise that shell variables reach the worker, through the real mechanism:
// the dev script's env file and `wrangler dev` (workerd), not a simulation.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { workerVariables, wranglerDevArgs, writeVarsFile } from "../scripts/lib/dev-vars.ts";
import { ROOT } from "../scripts/lib/paths.ts";
import { assertPortFree, PORTS } from "../scripts/lib/ports.ts";

const PORT = Number(process.env.TEST_DEV_STACK_PORT ?? PORTS.devStackTest);
const base = `http://127.0.0.1:${PORT}`;
let wrangler: ChildProcess | undefined;
let dir = "";
let output = "";

beforeAll(async () => {
  await assertPortFree(PORT, "the dev-stack test's wrangler dev");
  dir = mkdtempSync(join(tmpdir(), "connectors-dev-"));
  const vars = workerVariables({ CORS_ORIGINS: "http://dashboard.test", RUNNER: "inline" });
  const varsFile = join(dir, "dev.vars");
  writeVarsFile(varsFile, vars);
  expect(statSync(varsFile).mode & 0o777).toBe(0o600);
  wrangler = spawn(
    "wrangler",
    wranglerDevArgs({ port: PORT, varsFile, persistTo: join(dir, "state") }),
    {
      cwd: ROOT,
      env: {
        ...process.env,
        CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: inject("apiLoginUrl"),
        WRANGLER_SEND_METRICS: "false",
        // No network here: use the placeholder `request.cf` instead of fetching it.
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  wrangler.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  wrangler.stderr?.on("data", (chunk) => {
    output += String(chunk);
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(`${base}/health`);
      if (res.status === 200) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`wrangler dev did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}, 90_000);

afterAll(async () => {
  const child = wrangler;
  if (child && child.exitCode === null) {
    // wrangler stops its workerd on SIGTERM; wait for that so no port outlives the suite.
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (child.exitCode === null) child.kill("SIGKILL");
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("the dev stack's variables reach the worker", () => {
  it("defaults apply: the worker reports the inline runner and a reachable database", async () => {
    const res = await fetch(`${base}/health`);
    expect(await res.json()).toMatchObject({
      status: "ok",
      runner: "inline",
      database: "reachable",
      environment: "development",
    });
  });

  it("CORS_ORIGINS from the shell replaces the default: that origin is allowed, others are not", async () => {
    const preflight = (origin: string) =>
      fetch(`${base}/v1/me`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "GET" },
      });
    const allowed = await preflight("http://dashboard.test");
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://dashboard.test");
    const refused = await preflight("http://localhost:3000");
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("serves /docs with its script from the worker's static assets", async () => {
    const page = await fetch(`${base}/docs`);
    expect(await page.text()).toContain("/docs/assets/scalar.js");
    const script = await fetch(`${base}/docs/assets/scalar.js`);
    expect(script.status).toBe(200);
    expect(
      Number(script.headers.get("content-length") ?? (await script.arrayBuffer()).byteLength),
    ).toBeGreaterThan(100_000);
  });
});
