import { z } from "zod";
import { type OutboundPolicy, parseAllowList } from "../engine/outbound.ts";
import { EXECUTION_ENV as EXEC, leaseProblem } from "../execution/env-names.ts";
import { DEV_CREDENTIALS_KEYS, DEV_JWT_SECRET } from "./lib/dev-defaults.ts";
import { LOG_LEVELS } from "./lib/log.ts";

const DEV_KEY_ENTRIES = new Set(DEV_CREDENTIALS_KEYS.split(","));
import type { RateLimiter } from "./lib/rate-limiter.ts";

/** Bindings and variables as Cloudflare hands them to the worker (all vars are strings). */
export interface Bindings {
  HYPERDRIVE: Hyperdrive;
  RATE_LIMITER?: DurableObjectNamespace<RateLimiter>;
  ENVIRONMENT?: string;
  SUPABASE_URL?: string;
  SUPABASE_JWT_SECRET?: string;
  SUPABASE_JWKS_URL?: string;
  /** The project's public (anon/publishable) key, handed to the console's supabase-js. */
  SUPABASE_ANON_KEY?: string;
  /** The worker's static assets (the API docs' script, the console). */
  ASSETS?: Fetcher;
  CORS_ORIGINS?: string;
  /** The API's public origin: OAuth redirect_uri (`<it>/v1/oauth/callback`); default the request's. */
  PUBLIC_API_URL?: string;
  [EXEC.outboundAllowHosts]?: string;
  [EXEC.credentialsKeys]?: string;
  RUNNER?: string;
  ALLOW_INLINE_RUNNER?: string;
  TRIGGER_SECRET_KEY?: string;
  TRIGGER_API_URL?: string;
  [EXEC.staleClaimSeconds]?: string;
  [EXEC.reconcileGraceSeconds]?: string;
  [EXEC.heartbeatSeconds]?: string;
  RATE_LIMIT_USER_PER_MINUTE?: string;
  RATE_LIMIT_WORKSPACE_PER_MINUTE?: string;
  [EXEC.concurrencyPerWorkspace]?: string;
  /**
   * `true` adds the benchmark-only routes under /__bench (scripts/bench); refused in production.
   */
  BENCH_ROUTES?: string;
  /** The lowest level written: debug, info (default), warn or error. */
  LOG_LEVEL?: string;
}

const csv = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0),
  );

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((value) => value === "true" || value === "1");

const positiveInt = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return fallback;
      const n = Number(value);
      if (!Number.isInteger(n) || n <= 0) {
        ctx.addIssue({ code: "custom", message: "must be a positive integer" });
        return z.NEVER;
      }
      return n;
    });

const ConfigSchema = z
  .object({
    ENVIRONMENT: z.enum(["development", "test", "production"]).default("development"),
    SUPABASE_URL: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, "")),
    SUPABASE_JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    SUPABASE_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
    SUPABASE_ANON_KEY: z.string().max(4096).optional(),
    CORS_ORIGINS: csv,
    PUBLIC_API_URL: z
      .url({ protocol: /^https?$/ })
      .optional()
      .transform((value) => (value === undefined ? null : new URL(value).origin)),
    [EXEC.outboundAllowHosts]: csv,
    [EXEC.credentialsKeys]: z.string().optional(),
    RUNNER: z.enum(["trigger", "inline"]).optional(),
    ALLOW_INLINE_RUNNER: flag,
    TRIGGER_SECRET_KEY: z.string().min(1).optional(),
    TRIGGER_API_URL: z.url({ protocol: /^https?$/ }).default("https://api.trigger.dev"),
    [EXEC.staleClaimSeconds]: positiveInt(360),
    [EXEC.reconcileGraceSeconds]: positiveInt(60),
    [EXEC.heartbeatSeconds]: positiveInt(15),
    RATE_LIMIT_USER_PER_MINUTE: positiveInt(600),
    RATE_LIMIT_WORKSPACE_PER_MINUTE: positiveInt(3000),
    [EXEC.concurrencyPerWorkspace]: positiveInt(10),
    BENCH_ROUTES: flag,
    LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  })
  .transform((raw, ctx) => {
    const runner = raw.RUNNER ?? (raw.TRIGGER_SECRET_KEY ? "trigger" : "inline");
    if (runner === "trigger" && !raw.TRIGGER_SECRET_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["TRIGGER_SECRET_KEY"],
        message: "required when RUNNER=trigger",
      });
    }
    // Workers bound waitUntil time, so production must not run executions inline by accident.
    if (runner === "inline" && raw.ENVIRONMENT === "production" && !raw.ALLOW_INLINE_RUNNER) {
      ctx.addIssue({
        code: "custom",
        path: ["RUNNER"],
        message: "the inline runner is refused in production unless ALLOW_INLINE_RUNNER=true",
      });
    }
    if (raw.ENVIRONMENT === "production") {
      // The dev defaults are published in this repository: never secrets anywhere real.
      if (raw.SUPABASE_JWT_SECRET === DEV_JWT_SECRET) {
        ctx.addIssue({
          code: "custom",
          path: ["SUPABASE_JWT_SECRET"],
          message: "the published dev secret is refused in production",
        });
      }
      if (raw[EXEC.credentialsKeys]?.split(",").some((key) => DEV_KEY_ENTRIES.has(key.trim()))) {
        ctx.addIssue({
          code: "custom",
          path: [EXEC.credentialsKeys],
          message: "the published dev key is refused in production",
        });
      }
    }
    if (raw.BENCH_ROUTES && raw.ENVIRONMENT === "production") {
      ctx.addIssue({
        code: "custom",
        path: ["BENCH_ROUTES"],
        message: "the benchmark routes are refused in production",
      });
    }
    const lease = leaseProblem(raw[EXEC.staleClaimSeconds], raw[EXEC.heartbeatSeconds]);
    if (lease) ctx.addIssue({ code: "custom", path: [EXEC.staleClaimSeconds], message: lease });
    let outbound: OutboundPolicy = { allow: [] };
    try {
      outbound = parseAllowList(raw[EXEC.outboundAllowHosts].join(","));
    } catch (error) {
      ctx.addIssue({
        code: "custom",
        path: [EXEC.outboundAllowHosts],
        message: error instanceof Error ? error.message : "invalid",
      });
    }
    return {
      environment: raw.ENVIRONMENT,
      supabaseUrl: raw.SUPABASE_URL,
      jwtIssuer: `${raw.SUPABASE_URL}/auth/v1`,
      jwtSecret: raw.SUPABASE_JWT_SECRET,
      // Supabase Auth publishes a project's signing keys here (docs/DEPLOY.md).
      jwksUrl: raw.SUPABASE_JWKS_URL ?? `${raw.SUPABASE_URL}/auth/v1/.well-known/jwks.json`,
      supabaseAnonKey: raw.SUPABASE_ANON_KEY ?? "",
      corsOrigins: raw.CORS_ORIGINS,
      publicApiOrigin: raw.PUBLIC_API_URL,
      outboundAllowHosts: raw[EXEC.outboundAllowHosts],
      outbound,
      credentialsKeys: raw[EXEC.credentialsKeys],
      runner,
      triggerSecretKey: raw.TRIGGER_SECRET_KEY,
      triggerApiUrl: raw.TRIGGER_API_URL.replace(/\/+$/, ""),
      staleClaimSeconds: raw[EXEC.staleClaimSeconds],
      reconcileGraceSeconds: raw[EXEC.reconcileGraceSeconds],
      heartbeatSeconds: raw[EXEC.heartbeatSeconds],
      rateLimits: {
        userPerMinute: raw.RATE_LIMIT_USER_PER_MINUTE,
        workspacePerMinute: raw.RATE_LIMIT_WORKSPACE_PER_MINUTE,
      },
      executionConcurrencyPerWorkspace: raw[EXEC.concurrencyPerWorkspace],
      benchRoutes: raw.BENCH_ROUTES,
      logLevel: raw.LOG_LEVEL,
    };
  });

export type Config = z.output<typeof ConfigSchema>;

/** Every variable the worker reads (wrangler.toml declares the non-secret ones). */
export const CONFIG_VARIABLES = Object.keys(ConfigSchema.in.shape);
/** Set with `wrangler secret put`, never in wrangler.toml. */
export const SECRET_VARIABLES = ["SUPABASE_JWT_SECRET", EXEC.credentialsKeys, "TRIGGER_SECRET_KEY"];

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

const cache = new Map<string, ConfigResult>();

/**
 * Parses the worker's variables once per distinct set of values. Problems name the variable and
 * the rule, never its value, so they are safe to log and to return.
 */
export function parseConfig(env: Bindings): ConfigResult {
  // Each variable the schema reads, by name; an empty string counts as unset.
  const given = env as unknown as Record<string, unknown>;
  const raw = Object.fromEntries(CONFIG_VARIABLES.map((name) => [name, given[name] || undefined]));
  const key = JSON.stringify(raw);
  const cached = cache.get(key);
  if (cached) return cached;
  const parsed = ConfigSchema.safeParse(raw);
  const result: ConfigResult = parsed.success
    ? { ok: true, config: parsed.data }
    : {
        ok: false,
        problems: parsed.error.issues.map(
          (issue) => `${issue.path.join(".") || "config"}: ${issue.message}`,
        ),
      };
  if (cache.size > 16) cache.clear();
  cache.set(key, result);
  return result;
}
