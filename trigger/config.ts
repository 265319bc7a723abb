// The task runtime's configuration (Trigger.dev environment variables), parsed once.
import { z } from "zod";
import { type Keyring, parseKeyring } from "../engine/crypto.ts";
import { type OutboundPolicy, parseAllowList } from "../engine/outbound.ts";

const TaskEnvSchema = z.object({
  /** A Postgres login that may `set role service_role` (Supabase: the postgres user). */
  DATABASE_URL: z.string().min(1),
  CREDENTIALS_KEYS: z.string().min(1),
  OUTBOUND_ALLOW_HOSTS: z.string().optional(),
  STALE_CLAIM_SECONDS: z.coerce.number().int().positive().default(360),
});

export interface TaskConfig {
  databaseUrl: string;
  keyring: Keyring;
  policy: OutboundPolicy;
  staleClaimSeconds: number;
}

export function parseTaskConfig(env: Record<string, string | undefined>): TaskConfig {
  const parsed = TaskEnvSchema.safeParse(env);
  if (!parsed.success) {
    const names = parsed.error.issues.map((issue) => issue.path.join(".")).join(", ");
    throw new Error(`task configuration invalid: ${names}`);
  }
  return {
    databaseUrl: parsed.data.DATABASE_URL,
    keyring: parseKeyring(parsed.data.CREDENTIALS_KEYS),
    policy: parseAllowList(parsed.data.OUTBOUND_ALLOW_HOSTS),
    staleClaimSeconds: parsed.data.STALE_CLAIM_SECONDS,
  };
}

/** Runs per workspace (the task queue's limit, per concurrencyKey); read when tasks are indexed. */
export function concurrencyPerWorkspace(env: Record<string, string | undefined>): number {
  const parsed = z.coerce
    .number()
    .int()
    .positive()
    .default(10)
    .safeParse(env.EXECUTION_CONCURRENCY_PER_WORKSPACE || undefined);
  return parsed.success ? parsed.data : 10;
}
