// Builds and indexes the Trigger.dev tasks offline with the trigger.dev CLI's own modules — the
// same bundle `trigger.dev deploy` uploads (target "deploy"), then the CLI's indexer run on it
// locally. `trigger.dev deploy --dry-run` wants a login first; this needs no account.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { DATA_DIR, ROOT } from "./paths.ts";

const CLI = join(ROOT, "node_modules/trigger.dev/dist/esm");

export interface IndexedTask {
  id: string;
  filePath: string;
  exportName?: string;
  queue?: { name?: string; concurrencyLimit?: number | null };
  concurrency?: { inline?: { perKey?: number; total?: number }; limits?: string[] };
  retry?: { maxAttempts?: number };
  maxDuration?: number;
}

type CliModules = {
  loadConfig: (options: {
    cwd: string;
    overrides?: { project?: string };
    warn?: boolean;
  }) => Promise<unknown>;
  buildWorker: (options: Record<string, unknown>) => Promise<{
    outputPath: string;
    runtime: string;
    indexWorkerEntryPoint: string;
    files: { entry: string; out: string }[];
  }>;
  indexWorkerManifest: (options: Record<string, unknown>) => Promise<{ tasks: IndexedTask[] }>;
};

async function cli(): Promise<CliModules> {
  const load = (path: string) => import(pathToFileURL(join(CLI, path)).href);
  const [config, build, indexing] = await Promise.all([
    load("config.js"),
    load("build/buildWorker.js"),
    load("indexing/indexWorkerManifest.js"),
  ]);
  return {
    loadConfig: config.loadConfig,
    buildWorker: build.buildWorker,
    indexWorkerManifest: indexing.indexWorkerManifest,
  };
}

export interface TriggerBundle {
  outputPath: string;
  runtime: string;
  files: { entry: string; out: string }[];
  indexWorkerEntryPoint: string;
  buildManifestPath: string;
}

/**
 * `trigger.dev deploy`'s build step, into a folder under the checkout (the bundle's external
 * packages resolve from its node_modules).
 */
export async function buildTasks(
  destination = join(DATA_DIR, "trigger-build"),
): Promise<TriggerBundle> {
  const { loadConfig, buildWorker } = await cli();
  rmSync(destination, { recursive: true, force: true });
  mkdirSync(destination, { recursive: true });
  const resolvedConfig = await loadConfig({
    cwd: ROOT,
    overrides: { project: "proj_offline_build" },
    warn: false,
  });
  const manifest = await buildWorker({
    target: "deploy",
    environment: "prod",
    destination,
    resolvedConfig,
    rewritePaths: false,
    envVars: {},
    forcedExternals: [],
    plain: true,
  });
  return {
    outputPath: manifest.outputPath,
    runtime: manifest.runtime,
    files: manifest.files,
    indexWorkerEntryPoint: manifest.indexWorkerEntryPoint,
    buildManifestPath: join(destination, "build.json"),
  };
}

/** The CLI's indexer over a bundle; `env` is the Trigger.dev environment it sees. */
export async function indexTasks(
  bundle: TriggerBundle,
  env: Record<string, string | undefined> = {},
): Promise<IndexedTask[]> {
  const { indexWorkerManifest } = await cli();
  const indexed = await indexWorkerManifest({
    runtime: bundle.runtime,
    indexWorkerPath: bundle.indexWorkerEntryPoint,
    buildManifestPath: bundle.buildManifestPath,
    env: { PATH: process.env.PATH, ...env },
    cwd: bundle.outputPath,
  });
  return indexed.tasks;
}
