// A real local PostgreSQL 15 for dev and tests: installs it (and pgTAP) from Debian's packages
// when missing, creates a cluster in the project's ignored data folder, starts and stops it,
// applies the Supabase compatibility layer, the migrations and the seed.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { DB_PASSWORD, apiLoginUrl, superuserUrl } from "./local-defaults.ts";
import { DATA_DIR, ROOT } from "./paths.ts";
import { portInUse } from "./ports.ts";

export const PG_BIN = "/usr/lib/postgresql/15/bin";
const PGTAP_CONTROL = "/usr/share/postgresql/15/extension/pgtap.control";

export interface Cluster {
  name: string;
  dataDir: string;
  port: number;
  superuserUrl: string;
  apiLoginUrl: string;
}

type Say = (message: string) => void;

function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv } = {}): string {
  const result = spawnSync(command, args, {
    // The postgres user may not be able to enter the caller's folder (e.g. a clone under /root).
    cwd: "/",
    encoding: "utf8",
    env: { ...process.env, ...options.env },
  });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim();
    throw new Error(`${command} ${args.join(" ")} failed (${result.status}):\n${output}`);
  }
  return result.stdout;
}

function hasCommand(path: string): boolean {
  return existsSync(path);
}

/** Installs PostgreSQL 15 and pgTAP from Debian's packages if this machine lacks them. */
export function ensurePostgresInstalled(say: Say): void {
  const missing: string[] = [];
  if (!hasCommand(join(PG_BIN, "postgres")) || !hasCommand(join(PG_BIN, "psql"))) {
    missing.push("postgresql-15", "postgresql-client-15");
  }
  if (!existsSync(PGTAP_CONTROL)) missing.push("postgresql-15-pgtap");
  if (!hasCommand("/usr/bin/pg_prove")) missing.push("libtap-parser-sourcehandler-pgtap-perl");
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `PostgreSQL 15 / pgTAP are missing. Install them with:\n  sudo apt-get install -y ${missing.join(" ")}`,
    );
  }
  say(`installing ${missing.join(", ")} from Debian's packages (one time)…`);
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  run("apt-get", ["update", "-qq"], { env });
  run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...new Set(missing)], { env });
}

/**
 * The cluster folder: `.data/<name>` in the clone, or — when the postgres user cannot reach the
 * clone (e.g. under /root) — a folder under /var/lib/connectors-dev that `.data/<name>` links
 * to. Always the real path, since the postgres user must not go through the clone.
 */
function clusterDir(name: string): string {
  mkdirSync(DATA_DIR, { recursive: true });
  const preferred = join(DATA_DIR, name);
  if (existsSync(preferred)) return realpathSync(preferred);
  const reachable = spawnSync("runuser", ["-u", "postgres", "--", "test", "-x", DATA_DIR], {
    cwd: "/",
  });
  if (reachable.status === 0) return preferred;
  const hash = createHash("sha1").update(ROOT).digest("hex").slice(0, 12);
  const outside = join("/var/lib/connectors-dev", hash, name);
  mkdirSync(outside, { recursive: true });
  symlinkSync(outside, preferred);
  return outside;
}

function asPostgres(args: string[]): string {
  return run("runuser", ["-u", "postgres", "--", ...args]);
}

function isRunning(dataDir: string): boolean {
  const result = spawnSync(
    "runuser",
    ["-u", "postgres", "--", join(PG_BIN, "pg_ctl"), "-D", dataDir, "status"],
    { cwd: "/" },
  );
  return result.status === 0;
}

export interface StartOptions {
  name: string;
  port: number;
  /** Throw away any existing data first (tests). */
  fresh?: boolean;
  /** Trade durability for speed (tests). */
  fast?: boolean;
  /** The bootstrap superuser's name (a hosted-like cluster: supabase_admin). */
  superuser?: string;
  /** max_connections (default 200). */
  maxConnections?: number;
  say: Say;
}

/** Creates (if needed) and starts a cluster; reuses one that is already running. */
export async function startCluster(options: StartOptions): Promise<Cluster> {
  const { name, port, say } = options;
  const root = clusterDir(name);
  const dataDir = join(root, "data");
  const cluster: Cluster = {
    name,
    dataDir,
    port,
    superuserUrl: superuserUrl(port, options.superuser),
    apiLoginUrl: apiLoginUrl(port),
  };
  if (options.fresh && existsSync(dataDir)) {
    if (isRunning(dataDir)) stopCluster(cluster);
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    say(`creating PostgreSQL cluster "${name}"…`);
    mkdirSync(dataDir, { recursive: true });
    const pwfile = join(root, "pwfile");
    writeFileSync(pwfile, `${DB_PASSWORD}\n`);
    run("chown", ["-R", "postgres:postgres", root]);
    asPostgres([
      join(PG_BIN, "initdb"),
      "-D",
      dataDir,
      "-U",
      options.superuser ?? "postgres",
      `--pwfile=${pwfile}`,
      "--auth-local=trust",
      "--auth-host=scram-sha-256",
      "-E",
      "UTF8",
      "--locale=C.UTF-8",
    ]);
    rmSync(pwfile, { force: true });
  }
  if (isRunning(dataDir)) return cluster;
  if (await portInUse(port)) {
    throw new Error(
      `Port ${port} is taken by another program; stop it (or the other PostgreSQL) and retry.`,
    );
  }
  const settings = [
    "-c listen_addresses=127.0.0.1",
    `-p ${port}`,
    `-k ${root}`,
    `-c max_connections=${options.maxConnections ?? 200}`,
    "-c shared_buffers=128MB",
    options.fast ? "-c fsync=off -c synchronous_commit=off -c full_page_writes=off" : "",
  ].join(" ");
  asPostgres([
    join(PG_BIN, "pg_ctl"),
    "-D",
    dataDir,
    "-l",
    join(root, "postgres.log"),
    "-w",
    "-t",
    "60",
    "-o",
    settings,
    "start",
  ]);
  return cluster;
}

export function stopCluster(cluster: Pick<Cluster, "dataDir">): void {
  if (!isRunning(cluster.dataDir)) return;
  spawnSync(
    "runuser",
    [
      "-u",
      "postgres",
      "--",
      join(PG_BIN, "pg_ctl"),
      "-D",
      cluster.dataDir,
      "-m",
      "fast",
      "-w",
      "stop",
    ],
    { cwd: "/" },
  );
}

/** Runs SQL files (and statements) with psql as the superuser, stopping at the first error. */
export function psql(
  cluster: Cluster,
  parts: ({ file: string } | { sql: string })[],
  options: { singleTransaction?: boolean; url?: string } = {},
): string {
  const args = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", options.url ?? cluster.superuserUrl];
  if (options.singleTransaction) args.push("-1");
  for (const part of parts) {
    if ("file" in part) args.push("-f", part.file);
    else args.push("-c", part.sql);
  }
  return execFileSync(join(PG_BIN, "psql"), args, {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

const MIGRATIONS_DIR = join(ROOT, "supabase/migrations");

export interface MigrateOptions {
  /** Who runs the migrations (default: the superuser); a hosted project: its `postgres`. */
  url?: string;
  /** A local cluster gets the compatibility layer first and the dev login password after. */
  local?: boolean;
}

/**
 * Applies every migration not yet applied, in filename order, each in its own transaction and
 * recorded in supabase_migrations as `supabase db push` does; on local clusters with the
 * compatibility layer before and the dev login password after.
 */
export function migrate(cluster: Cluster, say: Say, options: MigrateOptions = {}): number {
  const local = options.local ?? true;
  const as = { url: options.url };
  if (local) psql(cluster, [{ file: join(ROOT, "supabase/local/compat.sql") }]);
  psql(
    cluster,
    [
      {
        sql:
          "create schema if not exists supabase_migrations; " +
          "create table if not exists supabase_migrations.schema_migrations " +
          "(version text primary key, name text, statements text[]);",
      },
    ],
    as,
  );
  const applied = new Set(
    psql(
      cluster,
      [{ sql: "copy (select version from supabase_migrations.schema_migrations) to stdout" }],
      as,
    )
      .split("\n")
      .filter(Boolean),
  );
  let count = 0;
  for (const file of readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith(".sql"))
    .sort()) {
    const match = /^(\d+)_(.+)\.sql$/.exec(file);
    if (!match) throw new Error(`migration ${file} is not named <timestamp>_<name>.sql`);
    const [, version, name] = match as unknown as [string, string, string];
    if (applied.has(version)) continue;
    say(`applying migration ${file}`);
    psql(
      cluster,
      [
        { file: join(MIGRATIONS_DIR, file) },
        {
          sql: `insert into supabase_migrations.schema_migrations (version, name) values ('${version}', '${name.replace(/'/g, "''")}')`,
        },
      ],
      { ...as, singleTransaction: true },
    );
    count += 1;
  }
  if (local) psql(cluster, [{ file: join(ROOT, "supabase/local/dev-login.sql") }]);
  return count;
}

/** Applies supabase/seed.sql (written to be re-runnable). */
export function seedSql(cluster: Cluster): void {
  const seed = join(ROOT, "supabase/seed.sql");
  if (existsSync(seed) && readFileSync(seed, "utf8").trim()) psql(cluster, [{ file: seed }]);
}
