// The task runtime's configuration (Trigger.dev environment variables), parsed once.
import { z } from "zod";
import { type Keyring, parseKeyring } from "../engine/crypto.ts";
import { type OutboundPolicy, parseAllowList } from "../engine/outbound.ts";
import { EXECUTION_ENV as EXEC, leaseProblem } from "../execution/env-names.ts";

const TaskEnvSchema = z.object({
  /**
   * A login that may `set role service_role`: the `connectors_api` role through Supabase's
   * transaction pooler (docs/DEPLOY.md). TLS is required for any host but loopback.
   */
  DATABASE_URL: z.string().min(1),
  /** PEM of the CA that signed the database's certificate: TLS then verifies the server too. */
  DATABASE_CA_CERT: z.string().min(1).optional(),
  [EXEC.credentialsKeys]: z.string().min(1),
  [EXEC.outboundAllowHosts]: z.string().optional(),
  [EXEC.staleClaimSeconds]: z.coerce.number().int().positive().default(360),
  [EXEC.heartbeatSeconds]: z.coerce.number().int().positive().default(15),
});

/** postgres.js options for the task's pool, derived from the environment. */
export interface TaskDatabase {
  url: string;
  /** `verify-full` checks the certificate against the system's CAs, `require` only encrypts. */
  ssl: false | "require" | "verify-full" | { ca: string; rejectUnauthorized: true };
  /** Supabase's transaction pooler cannot keep prepared statements across transactions. */
  prepare: false;
  max: number;
}

export interface TaskConfig {
  database: TaskDatabase;
  keyring: Keyring;
  policy: OutboundPolicy;
  staleClaimSeconds: number;
  heartbeatSeconds: number;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
const PLAINTEXT_MODES = new Set(["disable", "allow", "prefer"]);

class ConfigError extends Error {
  constructor(names: string[]) {
    super(`task configuration invalid: ${names.join(", ")}`);
    this.name = "ConfigError";
  }
}

/**
 * TLS on every connection that leaves the machine: `sslmode` may only be made stricter
 * (`require`, `verify-ca`, `verify-full`), and with DATABASE_CA_CERT the certificate is checked.
 * Messages name the variable and the rule, never the URL (it holds the password).
 */
export function taskDatabase(url: string, caCert?: string): TaskDatabase {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(["DATABASE_URL (not a URL; percent-encode the password)"]);
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new ConfigError(["DATABASE_URL (must be postgres:// or postgresql://)"]);
  }
  const mode = parsed.searchParams.get("sslmode")?.toLowerCase();
  const local = LOOPBACK.test(parsed.hostname);
  if (!local && mode && PLAINTEXT_MODES.has(mode)) {
    throw new ConfigError([`DATABASE_URL (sslmode=${mode} is refused: TLS is required)`]);
  }
  // The ssl option replaces the URL's sslmode in postgres.js, so it carries the decision.
  let ssl: TaskDatabase["ssl"] = false;
  if (caCert) ssl = { ca: caCert, rejectUnauthorized: true };
  else if (mode === "verify-ca" || mode === "verify-full") ssl = "verify-full";
  else if (mode === "require" || !local) ssl = "require";
  return { url, ssl, prepare: false, max: 4 };
}

export function parseTaskConfig(env: Record<string, string | undefined>): TaskConfig {
  const parsed = TaskEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => issue.path.join(".")));
  }
  const stale = parsed.data[EXEC.staleClaimSeconds];
  const heartbeat = parsed.data[EXEC.heartbeatSeconds];
  const lease = leaseProblem(stale, heartbeat);
  if (lease) throw new ConfigError([`${EXEC.staleClaimSeconds} (${lease})`]);
  return {
    database: taskDatabase(parsed.data.DATABASE_URL, parsed.data.DATABASE_CA_CERT),
    keyring: parseKeyring(parsed.data[EXEC.credentialsKeys]),
    policy: parseAllowList(parsed.data[EXEC.outboundAllowHosts]),
    staleClaimSeconds: stale,
    heartbeatSeconds: heartbeat,
  };
}

const limit = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export interface TaskConcurrency {
  /** Runs per workspace (per concurrencyKey): one workspace cannot take every slot. */
  perKey: number;
  /** Runs of the task altogether: the executions leave room for the rest of the environment. */
  total: number;
}

/**
 * The task's concurrency, read when the task is indexed at deploy time from the Trigger.dev
 * environment (EXECUTION_CONCURRENCY_PER_WORKSPACE, EXECUTION_CONCURRENCY_TOTAL). A bad value
 * fails the deploy's indexing rather than silently deploying another limit.
 */
export function taskConcurrency(env: Record<string, string | undefined>): TaskConcurrency {
  const { concurrencyPerWorkspace: PER_KEY, concurrencyTotal: TOTAL } = EXEC;
  const perKey = limit(10).safeParse(env[PER_KEY] || undefined);
  const total = limit(50).safeParse(env[TOTAL] || undefined);
  const bad = [
    ...(perKey.success ? [] : [`${PER_KEY} (a positive integer)`]),
    ...(total.success ? [] : [`${TOTAL} (a positive integer)`]),
  ];
  if (bad.length > 0 || !perKey.success || !total.success) throw new ConfigError(bad);
  if (total.data < perKey.data) {
    throw new ConfigError([`${TOTAL} (must be at least ${PER_KEY})`]);
  }
  return { perKey: perKey.data, total: total.data };
}
