// Shared by `npm run load` and `npm run chaos`: tenants (workspaces with users and tokens), a
// burst connector pointed at the counting target, bursts of executions over HTTP, and the checks
// that every execution ended once: terminal states, target hits per execution id, the live
// concurrency per workspace, and a PASS/FAIL summary.
import type postgres from "postgres";
import { parseKeyring } from "../../engine/crypto.ts";
import { createNodeFetch } from "../../engine/node-fetch.ts";
import { parseAllowList } from "../../engine/outbound.ts";
import { runExecution } from "../../execution/run-execution.ts";
import { type AttemptContext, mortal } from "../../tests/harness/trigger-attempts.ts";
import { DEV_CREDENTIALS_KEYS, JWT_SECRET, SUPABASE_URL } from "./local-defaults.ts";
import { mintToken } from "./tokens.ts";

export { Claims } from "./claims.ts";

export const BURST_CREDENTIAL = "load_token";
export const TERMINAL = ["succeeded", "failed", "cancelled"];

export interface Tenant {
  workspaceId: string;
  name: string;
  users: { id: string; token: string; role: "owner" | "member" }[];
}

/** Workspaces with one owner and `members` members each, inserted as the CRM would (service). */
export async function seedTenants(
  sql: postgres.Sql,
  count: number,
  members: number,
): Promise<Tenant[]> {
  const tenants: Tenant[] = [];
  for (let i = 0; i < count; i++) {
    const name = `Load workspace ${i + 1}`;
    const [ws] = await sql<{ id: string }[]>`
      insert into connectors.workspaces (name) values (${name}) returning id`;
    const workspaceId = ws?.id ?? "";
    const users: Tenant["users"] = [];
    for (let u = 0; u <= members; u++) {
      const id = crypto.randomUUID();
      const email = `load-${i + 1}-${u}-${id.slice(0, 6)}@load.test`;
      const role = u === 0 ? "owner" : "member";
      await sql`insert into auth.users (id, email) values (${id}, ${email})`;
      await sql`insert into connectors.workspace_members (workspace_id, user_id, role)
                values (${workspaceId}, ${id}, ${role})`;
      const token = await mintToken(
        { id, email },
        { secret: JWT_SECRET, supabaseUrl: SUPABASE_URL },
      );
      users.push({ id, token, role });
    }
    tenants.push({ workspaceId, name, users });
  }
  return tenants;
}

export interface ApiAnswer<T> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
  ms: number;
}

/** One API call; network failures surface as status 0 with the error in `text`. */
export async function call<T = unknown>(
  base: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer<T>> {
  const started = performance.now();
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return {
      status: res.status,
      body: parsed as T,
      text,
      headers: res.headers,
      ms: performance.now() - started,
    };
  } catch (error) {
    return {
      status: 0,
      body: null as T,
      text: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      headers: new Headers(),
      ms: performance.now() - started,
    };
  }
}

/** The burst connector: one step that names its workspace and step to the counting target. */
export function burstDefinition(targetHost: string, workspaceId = "") {
  return {
    input: { type: "object", properties: { email: { type: "string" } } },
    steps: [
      {
        id: "hit",
        request: {
          method: "POST",
          url: `http://${targetHost}/hit/{{execution.id}}`,
          auth: { type: "bearer", credential: BURST_CREDENTIAL },
          headers: { "x-workspace": workspaceId, "x-step": "hit" },
          body: {
            type: "json",
            value: { execution: "{{execution.id}}", email: "{{input.email}}" },
          },
          // One attempt: a retried POST would count as a second hit.
          timeoutMs: 30_000,
        },
        retry: false,
        extract: { seen: "$.n" },
      },
    ],
  };
}

/** Stores the target's token and creates the burst connector, through the API. */
export async function arrangeBurstConnector(
  base: string,
  tenant: Tenant,
  target: { host: string; token: string },
): Promise<string> {
  const owner = tenant.users[0]?.token ?? "";
  const put = await call(
    base,
    owner,
    "PUT",
    `/v1/workspaces/${tenant.workspaceId}/credentials/${BURST_CREDENTIAL}`,
    {
      value: target.token,
      allowedHosts: [target.host],
    },
  );
  if (put.status !== 200 && put.status !== 201) {
    throw new Error(`storing the credential failed: ${put.status} ${put.text}`);
  }
  const created = await call<{ id: string }>(
    base,
    owner,
    "POST",
    `/v1/workspaces/${tenant.workspaceId}/connectors`,
    {
      name: "Burst",
      definition: burstDefinition(target.host, tenant.workspaceId),
    },
  );
  if (created.status !== 201)
    throw new Error(`creating the connector failed: ${created.status} ${created.text}`);
  return created.body.id;
}

export interface BurstResult {
  /** Execution ids the API accepted (202). */
  ids: string[];
  /** Non-202 answers by status (0 = no answer). */
  refused: Map<number, number>;
  startedAt: number;
  /** When the last POST was answered. */
  sentAt: number;
  /** When the last 202 arrived: deadlines for "terminal within T" count from here. */
  lastAcceptedAt: number;
  /** POSTs that were retried with their Idempotency-Key after a failure. */
  retried: number;
}

/**
 * Starts `count` executions spread round-robin over the tenants, `concurrency` at a time. With
 * `retryUntil`, a POST that gets no answer or a 5xx is sent again with the same Idempotency-Key
 * (as a careful client would) until it is accepted or the deadline passes.
 */
export async function startBurst(
  base: () => string,
  tenants: Tenant[],
  connectors: Map<string, string>,
  count: number,
  concurrency: number,
  options: { retryUntil?: number; onProgress?: (sent: number) => void } = {},
): Promise<BurstResult> {
  const ids: string[] = [];
  const refused = new Map<number, number>();
  const startedAt = Date.now();
  let next = 0;
  let retried = 0;
  let lastAcceptedAt = startedAt;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const tenant = tenants[i % tenants.length] as Tenant;
      const user = tenant.users[Math.floor(i / tenants.length) % tenant.users.length];
      const key = `burst-${startedAt}-${i}`;
      const path = `/v1/workspaces/${tenant.workspaceId}/connectors/${connectors.get(tenant.workspaceId)}/executions`;
      for (let attempt = 0; ; attempt++) {
        const res = await call<{ id: string }>(
          base(),
          user?.token ?? "",
          "POST",
          path,
          { input: { email: `burst-${i}@load.test` } },
          { "idempotency-key": key },
        );
        if (res.status === 202) {
          ids.push(res.body.id);
          lastAcceptedAt = Date.now();
          break;
        }
        const retry =
          options.retryUntil !== undefined &&
          Date.now() < options.retryUntil &&
          (res.status === 0 || res.status >= 500);
        if (!retry) {
          refused.set(res.status, (refused.get(res.status) ?? 0) + 1);
          break;
        }
        if (attempt === 0) retried += 1;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      options.onProgress?.(ids.length);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ids, refused, startedAt, sentAt: Date.now(), lastAcceptedAt, retried };
}

export interface StatusCounts {
  total: number;
  byStatus: Record<string, number>;
  terminal: number;
}

export async function statusCounts(sql: postgres.Sql, ids: string[]): Promise<StatusCounts> {
  const rows = await sql<{ status: string; n: number }[]>`
    select status, count(*)::int as n from connectors.connector_executions
    where id = any(${ids}::uuid[]) group by status`;
  const byStatus = Object.fromEntries(rows.map((r) => [r.status, r.n]));
  const total = rows.reduce((n, r) => n + r.n, 0);
  const terminal = rows.filter((r) => TERMINAL.includes(r.status)).reduce((n, r) => n + r.n, 0);
  return { total, byStatus, terminal };
}

/** Polls until every id is terminal or the deadline passes; returns the last counts. */
export async function waitTerminal(
  sql: postgres.Sql,
  ids: string[],
  deadline: number,
  onTick?: (counts: StatusCounts) => void,
): Promise<StatusCounts & { at: number }> {
  for (;;) {
    const counts = await statusCounts(sql, ids);
    onTick?.(counts);
    if (counts.terminal === ids.length || Date.now() > deadline)
      return { ...counts, at: Date.now() };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * Samples `status = 'running'` per workspace every `everyMs` and keeps the peak of each; also the
 * peak number of connections the worker and the runners hold (role `connectors_api`).
 */
export function sampleRunning(
  sql: postgres.Sql,
  connectorIds: string[],
  everyMs = 100,
): { stop(): Promise<Map<string, number>>; samples(): number; connections(): string } {
  const peak = new Map<string, number>();
  let stopped = false;
  let samples = 0;
  let peakConnections = 0;
  let peakStates = "";
  const loop = (async () => {
    while (!stopped) {
      try {
        const rows = await sql<{ workspaceId: string; n: number }[]>`
          select workspace_id as "workspaceId", count(*)::int as n
          from connectors.connector_executions
          where status = 'running' and connector_id = any(${connectorIds}::uuid[])
          group by workspace_id`;
        samples += 1;
        for (const row of rows) {
          peak.set(row.workspaceId, Math.max(peak.get(row.workspaceId) ?? 0, row.n));
        }
        const states = await sql<{ state: string | null; n: number }[]>`
          select state, count(*)::int as n from pg_stat_activity
          where usename = 'connectors_api' group by state order by state`;
        const total = states.reduce((n, r) => n + r.n, 0);
        if (total > peakConnections) {
          peakConnections = total;
          peakStates = states.map((r) => `${r.state ?? "starting"} ${r.n}`).join(", ");
        }
      } catch {
        // the database may be down on purpose (chaos): sample again
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return peak;
    },
    samples: () => samples,
    connections: () => `${peakConnections} (${peakStates})`,
  };
}

/** Seconds from the first execution queued to the last one finished, from the rows themselves. */
export async function executionWindow(sql: postgres.Sql, ids: string[]) {
  const [row] = await sql<{ first: Date | null; last: Date | null }[]>`
    select min(queued_at) as first, max(finished_at) as last
    from connectors.connector_executions where id = any(${ids}::uuid[])`;
  const seconds =
    row?.first && row.last ? Math.max(0.001, (row.last.getTime() - row.first.getTime()) / 1000) : 0;
  return { seconds, perSecond: seconds > 0 ? ids.length / seconds : 0 };
}

/** The Trigger.dev task body as the stand-in runs it: Node fetch with DNS pinning, like the task. */
export function taskBodyFor(sql: postgres.Sql, targetHost: string, staleClaimSeconds = 360) {
  const policy = parseAllowList(targetHost);
  const keyring = parseKeyring(DEV_CREDENTIALS_KEYS);
  const fetch = createNodeFetch({ policy });
  return (payload: { executionId: string }, run: AttemptContext) =>
    runExecution(payload, {
      sql: mortal(sql, run.killed),
      keyring,
      fetch,
      policy,
      runId: run.runId,
      runner: "trigger",
      staleClaimSeconds,
      signal: run.signal,
    });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? 0;
}
