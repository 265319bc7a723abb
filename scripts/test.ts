// `npm test`: everything, from a fresh clone — types, lint, the OpenAPI lint, pgTAP, the Node suites against a
// real PostgreSQL started here (its own cluster and port), the Workers-runtime suite, the console
// in a real Chromium (Playwright, tests/browser) and the production bundle (`wrangler deploy
// --dry-run`). Ends with the line `N passed, N failed`.
//
// What runs beside what (README "Testing"): the browser suites (a stack of their own), types, lint
// and the OpenAPI check start at once; when the database is up, pgTAP runs, then the node suites in
// two processes (the serial ones in a database of their own), then the workers stage and the
// bundle. Stages that run beside others print their output whole when they end; the main vitest
// run prints as it goes.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { buildAssets } from "./build-assets.ts";
import { DATA_DIR, ROOT } from "./lib/paths.ts";
import { type Cluster, psql, stopCluster } from "./lib/pg.ts";
import { run, Stages, type Tally } from "./lib/stages.ts";
import { startTestDatabase } from "../tests/harness/database.ts";

const stages = new Stages();

/**
 * The type checks use TypeScript 7 (the native compiler, several times faster than 5.x on this
 * code). It is installed under an alias because openapi-typescript still needs 5.x's JS API, and
 * is called by path because both packages name their binary `tsc`.
 */
const TSC = join(ROOT, "node_modules/typescript7/bin/tsc");

async function vitest(
  args: string[],
  env: NodeJS.ProcessEnv,
  name: string,
  buffer = false,
): Promise<Tally> {
  const report = join(DATA_DIR, `vitest-${name}.json`);
  rmSync(report, { force: true });
  const { status } = await run(
    "vitest",
    ["run", ...args, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
    { env, buffer },
  );
  if (!existsSync(report)) return { passed: 0, failed: 1 };
  const json = JSON.parse(readFileSync(report, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numFailedTestSuites: number;
  };
  const failed = json.numFailedTests + (json.numFailedTests === 0 && status !== 0 ? 1 : 0);
  return { passed: json.numPassedTests, failed: failed + json.numFailedTestSuites };
}

/**
 * A second database in the test cluster, copied from the migrated one, for the suites that need a
 * database to themselves (vitest.config.ts SERIAL): with it they run beside the other suites
 * instead of after them. Databases do not see each other's rows, advisory locks or notifications.
 */
function serialDatabase(cluster: Cluster): NodeJS.ProcessEnv {
  const at = (url: string, database: string) => {
    const parsed = new URL(url);
    parsed.pathname = `/${database}`;
    return parsed.toString();
  };
  // Issued from template1: a database cannot be copied while a session (this one) is in it.
  psql(cluster, [{ sql: "create database connectors_serial template postgres" }], {
    url: at(cluster.superuserUrl, "template1"),
  });
  return {
    TEST_SUPERUSER_URL: at(cluster.superuserUrl, "connectors_serial"),
    TEST_API_LOGIN_URL: at(cluster.apiLoginUrl, "connectors_serial"),
  };
}

/** pg_prove over every pgTAP file; prints only failures and the totals. */
function pgTap(cluster: Cluster): Promise<Tally> {
  const dir = join(ROOT, "supabase/tests/database");
  const files = readdirSync(dir)
    .filter((file) => file.endsWith(".test.sql"))
    .sort()
    .map((file) => join(dir, file));
  return new Promise((resolve) => {
    const child = spawn("pg_prove", ["--verbose", "-d", cluster.superuserUrl, ...files], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.on("error", (error) => {
      output += `ERROR ${error.message}\n`;
    });
    child.on("close", (code) => {
      const lines = output.split("\n");
      const failedLines = lines.filter((line) => /^\s*not ok \d+/.test(line));
      const shown = lines.filter((line) => /^\s*not ok|^# |Failed|Dubious|ERROR|Result/.test(line));
      const passed = lines.filter((line) => /^\s*ok \d+/.test(line)).length;
      const failed = failedLines.length + (code !== 0 && failedLines.length === 0 ? 1 : 0);
      console.log(`\n› pg_prove ${files.length} files`);
      console.log(`${shown.join("\n")}\npgTAP: ${passed} assertions passed, ${failed} failed`);
      resolve({ passed, failed });
    });
  });
}

/** The console in a real Chromium (Playwright), against a stack of its own (tests/browser). */
async function browser(): Promise<Tally> {
  const report = join(DATA_DIR, "playwright/report.json");
  rmSync(report, { force: true });
  const { status } = await run("playwright", ["test"], { buffer: true });
  if (!existsSync(report)) return { passed: 0, failed: 1 };
  const json = JSON.parse(readFileSync(report, "utf8")) as {
    stats: { expected: number; unexpected: number; flaky: number };
    errors?: unknown[];
  };
  const failed =
    json.stats.unexpected + json.stats.flaky + (json.errors?.length ?? 0) || (status !== 0 ? 1 : 0);
  return { passed: json.stats.expected, failed };
}

function bundleSize(dir: string): string {
  const file = join(dir, "index.js");
  if (!existsSync(file)) return "";
  const raw = readFileSync(file);
  return ` (index.js ${(statSync(file).size / 1024).toFixed(0)} KiB, ${(gzipSync(raw).length / 1024).toFixed(0)} KiB gzip)`;
}

function bundle(): Promise<Tally> {
  const outdir = join(DATA_DIR, "bundle");
  rmSync(outdir, { recursive: true, force: true });
  return stages.stage("production bundle (wrangler deploy --dry-run)", async () => {
    const { status } = await run("wrangler", ["deploy", "--dry-run", "--outdir", outdir], {
      env: { WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
      buffer: true,
    });
    const ok = status === 0;
    return { passed: ok ? 1 : 0, failed: ok ? 0 : 1, note: ok ? bundleSize(outdir) : "" };
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  buildAssets();
  const checks = Promise.all([
    stages.check("types (tsc --noEmit)", "node", [TSC, "--noEmit"], { buffer: true }),
    stages.check(
      "console types (tsc -p console: the typed API client)",
      "node",
      [TSC, "--noEmit", "-p", "console"],
      { buffer: true },
    ),
    stages.check("lint (biome check)", "biome", ["check", "."], { buffer: true }),
    stages.check(
      "OpenAPI (redocly lint, client types up to date)",
      "node",
      ["scripts/openapi.ts", "--check"],
      { buffer: true },
    ),
  ]);
  // The browser suites start a stack of their own (tests/browser/stack.ts): they run from the
  // start, beside everything else.
  const browsed = stages.stage("browser (Playwright, Chromium)", () => browser());

  let cluster: Cluster | undefined;
  let serialEnv: NodeJS.ProcessEnv = {};
  await stages.stage("database migrations", async () => {
    cluster = await startTestDatabase((message) => console.log(`› ${message}`));
    serialEnv = serialDatabase(cluster);
    return { passed: 1, failed: 0 };
  });

  let bundled: Promise<Tally> | undefined;
  if (cluster) {
    const db = cluster;
    const env = { TEST_SUPERUSER_URL: db.superuserUrl, TEST_API_LOGIN_URL: db.apiLoginUrl };
    try {
      await stages.stage("pgTAP", () => pgTap(db));
      // vitest.config.ts: unit and api several files at once, then the heavy ones two at a time;
      // beside them, in a process and a database of their own, the serial suites one at a time.
      const serial = stages.stage("node, serial (a database of their own)", () =>
        vitest(["--project", "serial"], { ...env, ...serialEnv }, "serial", true),
      );
      await stages.stage("node", () =>
        vitest(
          [
            "--project",
            "unit",
            "--project",
            "api",
            "--project",
            "unit-heavy",
            "--project",
            "api-heavy",
          ],
          env,
          "node",
        ),
      );
      const workers = stages.stage("workers", () =>
        vitest(["--config", "vitest.workers.config.ts"], env, "workers"),
      );
      bundled = bundle();
      await Promise.all([workers, serial]);
    } finally {
      stopCluster(db);
    }
  }

  await Promise.all([checks, bundled ?? bundle(), browsed]);
  console.log(`\n${stages.summary()}`);
  console.log(`took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const { passed, failed } = stages.tally;
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

await main();
