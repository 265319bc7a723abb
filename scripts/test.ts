// `npm test`: everything, from a fresh clone — types, lint, the OpenAPI lint, pgTAP, the Node suites against a
// real PostgreSQL started here (its own cluster and port), the Workers-runtime suite, and the
// production bundle (`wrangler deploy --dry-run`). Ends with the line `N passed, N failed`.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { buildAssets } from "./build-assets.ts";
import { DATA_DIR, ROOT } from "./lib/paths.ts";
import { type Cluster, stopCluster } from "./lib/pg.ts";
import { startTestDatabase } from "../tests/harness/database.ts";

interface Tally {
  passed: number;
  failed: number;
}

const tally: Tally = { passed: 0, failed: 0 };
const summary: string[] = [];
/** When the stage now running began: each summary line ends with the stage's wall-clock seconds. */
let stageStarted = Date.now();

function stage(name: string, result: Tally): void {
  tally.passed += result.passed;
  tally.failed += result.failed;
  const seconds = ((Date.now() - stageStarted) / 1000).toFixed(0);
  stageStarted = Date.now();
  summary.push(
    `${result.failed ? "✗" : "✓"} ${name}: ${result.passed} passed, ${result.failed} failed (${seconds} s)`,
  );
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  console.log(`\n› ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, ...env },
  });
  return result.status ?? 1;
}

function check(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): boolean {
  const ok = run(command, args, env) === 0;
  stage(name, { passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
  return ok;
}

function vitest(name: string, args: string[], env: NodeJS.ProcessEnv): void {
  const report = join(DATA_DIR, `vitest-${name}.json`);
  rmSync(report, { force: true });
  const status = run(
    "vitest",
    ["run", ...args, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
    env,
  );
  if (!existsSync(report)) {
    stage(name, { passed: 0, failed: 1 });
    return;
  }
  const json = JSON.parse(readFileSync(report, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numFailedTestSuites: number;
  };
  const failed = json.numFailedTests + (json.numFailedTests === 0 && status !== 0 ? 1 : 0);
  stage(name, { passed: json.numPassedTests, failed: failed + json.numFailedTestSuites });
}

function pgTap(cluster: Cluster): void {
  const dir = join(ROOT, "supabase/tests/database");
  const files = readdirSync(dir)
    .filter((file) => file.endsWith(".test.sql"))
    .sort()
    .map((file) => join(dir, file));
  console.log(`\n› pg_prove ${files.length} files`);
  const result = spawnSync("pg_prove", ["--verbose", "-d", cluster.superuserUrl, ...files], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env },
  });
  const output = `${result.stdout}${result.stderr}`;
  const lines = output.split("\n");
  const failedLines = lines.filter((line) => /^\s*not ok \d+/.test(line));
  for (const line of lines) {
    if (/^\s*not ok|^# |Failed|Dubious|ERROR|Result/.test(line)) console.log(line);
  }
  const passed = lines.filter((line) => /^\s*ok \d+/.test(line)).length;
  const failed = failedLines.length + (result.status !== 0 && failedLines.length === 0 ? 1 : 0);
  console.log(`pgTAP: ${passed} assertions passed, ${failed} failed`);
  stage("pgTAP", { passed, failed });
}

function bundleSize(dir: string): string {
  const file = join(dir, "index.js");
  if (!existsSync(file)) return "";
  const raw = readFileSync(file);
  return ` (index.js ${(statSync(file).size / 1024).toFixed(0)} KiB, ${(gzipSync(raw).length / 1024).toFixed(0)} KiB gzip)`;
}

async function main(): Promise<void> {
  const started = Date.now();
  buildAssets();
  stageStarted = Date.now();
  check("types (tsc --noEmit)", "tsc", ["--noEmit"]);
  check("lint (biome check)", "biome", ["check", "."]);
  check("OpenAPI (redocly lint, client types up to date)", "node", [
    "scripts/openapi.ts",
    "--check",
  ]);

  let cluster: Cluster | undefined;
  try {
    cluster = await startTestDatabase((message) => console.log(`› ${message}`));
    stage("database migrations", { passed: 1, failed: 0 });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    stage("database migrations", { passed: 0, failed: 1 });
  }

  if (cluster) {
    const env = {
      TEST_SUPERUSER_URL: cluster.superuserUrl,
      TEST_API_LOGIN_URL: cluster.apiLoginUrl,
    };
    try {
      pgTap(cluster);
      vitest("node", ["--project", "unit", "--project", "api"], env);
      vitest("workers", ["--config", "vitest.workers.config.ts"], env);
    } finally {
      stopCluster(cluster);
    }
  }

  const outdir = join(DATA_DIR, "bundle");
  rmSync(outdir, { recursive: true, force: true });
  const deployed = check(
    "production bundle (wrangler deploy --dry-run)",
    "wrangler",
    ["deploy", "--dry-run", "--outdir", outdir],
    { WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
  );
  if (deployed) summary[summary.length - 1] += bundleSize(outdir);

  console.log(`\n${summary.join("\n")}`);
  console.log(`took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`${tally.passed} passed, ${tally.failed} failed`);
  process.exitCode = tally.failed === 0 ? 0 : 1;
}

await main();
