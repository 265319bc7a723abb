// The fixed local defaults of README "Two commands" (the same as the Supabase CLI's). Dev and tests
// only.

import { EXECUTION_ENV as EXEC } from "../../execution/env-names.ts";
import { DEV_CREDENTIALS_KEYS, DEV_JWT_SECRET } from "../../worker/lib/dev-defaults.ts";
import { CONFIG_VARIABLES } from "../../worker/env.ts";
import { PORTS } from "./ports.ts";

export const API_URL = `http://127.0.0.1:${PORTS.devApi}`;
export const DEMO_TARGET_PORT = PORTS.demoTarget;
export const DEV_DB_PORT = PORTS.devDatabase;
export const SUPABASE_URL = `http://127.0.0.1:${PORTS.devAuth}`;

export { DEV_CREDENTIALS_KEYS };
export const JWT_SECRET = DEV_JWT_SECRET;
/** Superuser for migrations and seeds; the API logs in as `connectors_api` (same dev password). */
export const DB_PASSWORD = "postgres";

export function superuserUrl(port: number, user = "postgres"): string {
  return `postgresql://${user}:${DB_PASSWORD}@127.0.0.1:${port}/postgres`;
}

/** The login role the worker (Hyperdrive) and the task use, here as in production. */
export const API_LOGIN_ROLE = "connectors_api";

export function apiLoginUrl(port: number): string {
  return `postgresql://${API_LOGIN_ROLE}:${DB_PASSWORD}@127.0.0.1:${port}/postgres`;
}

/**
 * The seeded users' passwords at the local Supabase Auth stand-in (`npm run dev` prints them).
 * Local only: production users sign in at the project's real Supabase Auth.
 */
export const DEV_USER_PASSWORDS = {
  owner: "owner-dev-password",
  member: "member-dev-password",
  admin: "admin-dev-password",
} as const;

/** supabase-js needs a key; the stand-in accepts any. Production sets SUPABASE_ANON_KEY. */
export const DEV_SUPABASE_ANON_KEY = "local-dev-anon-key";

/** Variables the worker sees under `npm run dev`; the calling shell's values win. */
export const DEV_WORKER_DEFAULTS: Record<string, string> = {
  ENVIRONMENT: "development",
  SUPABASE_URL,
  SUPABASE_JWT_SECRET: JWT_SECRET,
  SUPABASE_ANON_KEY: DEV_SUPABASE_ANON_KEY,
  [EXEC.outboundAllowHosts]: `127.0.0.1:${DEMO_TARGET_PORT}`,
  [EXEC.credentialsKeys]: DEV_CREDENTIALS_KEYS,
  RUNNER: "inline",
  CORS_ORIGINS: "http://localhost:3000,http://127.0.0.1:3000",
  // wrangler dev runs with --log-level warn (dev-vars.ts), so info lines were never printed; but
  // each one still went to wrangler's devtools proxy, which keeps them all while no DevTools is
  // attached: its memory grew without bound (docs/PERFORMANCE.md, "Load and soak").
  LOG_LEVEL: "warn",
};

/** Shell variables that are forwarded to the worker when set (the bench turns its routes on). */
export const FORWARDED_VARIABLES = CONFIG_VARIABLES.filter((name) => name !== "BENCH_ROUTES");
