// Mixed API traffic for `npm run load`: concurrent clients, each a user of one workspace, list,
// read, create and update connectors and read executions for a fixed time. Every answer is
// checked for the caller's workspace; a few requests deliberately reach for another workspace's
// data and must get 404.
import type postgres from "postgres";
import { type ApiAnswer, call, percentile, type Tenant } from "../lib/burst.ts";

type Op =
  | "list_connectors"
  | "get_connector"
  | "create_connector"
  | "update_connector"
  | "list_executions"
  | "get_execution"
  | "probe_foreign";

const WEIGHTS: [Op, number][] = [
  ["list_connectors", 24],
  ["get_connector", 20],
  ["create_connector", 8],
  ["update_connector", 10],
  ["list_executions", 16],
  ["get_execution", 17],
  ["probe_foreign", 5],
];

export interface MixedOptions {
  base: string;
  tenants: Tenant[];
  /** Connector ids per workspace (grows as clients create more). */
  connectors: Map<string, string[]>;
  /** Execution ids per workspace, for reads. */
  executions: Map<string, string[]>;
  clients: number;
  durationMs: number;
  definition: Record<string, unknown>;
}

export interface MixedResult {
  requests: number;
  seconds: number;
  latencies: number[];
  byOp: Map<Op, number[]>;
  statuses: Map<number, number>;
  serverErrors: string[];
  /** Answers carrying another workspace's data, or a foreign resource served. */
  crossReads: string[];
  /** Answers that were not what the operation should get (e.g. 404 for an own connector). */
  unexpected: string[];
  /** Every (id, workspace) seen in a response, verified against the database afterwards. */
  seen: { kind: "connector" | "execution"; id: string; workspaceId: string }[];
}

interface Item {
  id: string;
  workspaceId: string;
  connectorId?: string | null;
}

function pick<T>(items: readonly T[]): T | undefined {
  return items[Math.floor(Math.random() * items.length)];
}

function pickOp(): Op {
  const total = WEIGHTS.reduce((n, [, w]) => n + w, 0);
  let r = Math.random() * total;
  for (const [op, weight] of WEIGHTS) {
    r -= weight;
    if (r < 0) return op;
  }
  return "list_connectors";
}

export async function runMixedTraffic(options: MixedOptions): Promise<MixedResult> {
  const result: MixedResult = {
    requests: 0,
    seconds: 0,
    latencies: [],
    byOp: new Map(),
    statuses: new Map(),
    serverErrors: [],
    crossReads: [],
    unexpected: [],
    seen: [],
  };
  const started = Date.now();
  const deadline = started + options.durationMs;

  const record = (op: Op, res: ApiAnswer<unknown>, ok: number[]) => {
    result.requests += 1;
    result.latencies.push(res.ms);
    const list = result.byOp.get(op) ?? [];
    list.push(res.ms);
    result.byOp.set(op, list);
    result.statuses.set(res.status, (result.statuses.get(res.status) ?? 0) + 1);
    if (res.status >= 500 || res.status === 0) {
      result.serverErrors.push(`${op} → ${res.status} ${res.text.slice(0, 200)}`);
    } else if (!ok.includes(res.status)) {
      result.unexpected.push(`${op} → ${res.status} ${res.text.slice(0, 200)}`);
    }
  };

  const own = (
    op: Op,
    ws: string,
    item: Item | null | undefined,
    kind: "connector" | "execution",
  ) => {
    if (!item) return;
    result.seen.push({ kind, id: item.id, workspaceId: ws });
    if (item.workspaceId !== ws) {
      result.crossReads.push(
        `${op}: ${kind} ${item.id} of workspace ${item.workspaceId} served to a member of ${ws}`,
      );
    }
  };

  const client = async (index: number) => {
    const tenant = options.tenants[index % options.tenants.length] as Tenant;
    const user = tenant.users[Math.floor(index / options.tenants.length) % tenant.users.length];
    const token = user?.token ?? "";
    const ws = tenant.workspaceId;
    const others = options.tenants.filter((t) => t.workspaceId !== ws);
    const prefix = `/v1/workspaces/${ws}`;
    let n = 0;
    while (Date.now() < deadline) {
      n += 1;
      const op = pickOp();
      const connectorIds = options.connectors.get(ws) ?? [];
      if (op === "list_connectors") {
        const res = await call<{ data: Item[] }>(
          options.base,
          token,
          "GET",
          `${prefix}/connectors?limit=20`,
        );
        record(op, res, [200]);
        for (const item of res.body?.data ?? []) own(op, ws, item, "connector");
      } else if (op === "get_connector") {
        const id = pick(connectorIds) ?? "";
        const res = await call<Item>(options.base, token, "GET", `${prefix}/connectors/${id}`);
        record(op, res, [200]);
        if (res.status === 200) {
          own(op, ws, res.body, "connector");
          if (res.body.id !== id) result.crossReads.push(`${op}: asked ${id}, got ${res.body.id}`);
        }
      } else if (op === "create_connector") {
        const res = await call<Item>(options.base, token, "POST", `${prefix}/connectors`, {
          name: `Load ${index}-${n}`,
          description: "created under load",
          definition: options.definition,
        });
        record(op, res, [201]);
        if (res.status === 201) {
          own(op, ws, res.body, "connector");
          connectorIds.push(res.body.id);
        }
      } else if (op === "update_connector") {
        const id = pick(connectorIds) ?? "";
        const res = await call<Item>(options.base, token, "PATCH", `${prefix}/connectors/${id}`, {
          description: `updated by client ${index} at ${Date.now()}`,
        });
        record(op, res, [200]);
        if (res.status === 200) own(op, ws, res.body, "connector");
      } else if (op === "list_executions") {
        const id = pick(connectorIds.slice(0, 4)) ?? "";
        const res = await call<{ data: Item[] }>(
          options.base,
          token,
          "GET",
          `${prefix}/connectors/${id}/executions?limit=20`,
        );
        record(op, res, [200]);
        for (const item of res.body?.data ?? []) {
          own(op, ws, item, "execution");
          if (item.connectorId !== id) {
            result.crossReads.push(
              `${op}: connector ${id} listed an execution of ${item.connectorId}`,
            );
          }
        }
      } else if (op === "get_execution") {
        const id = pick(options.executions.get(ws) ?? []) ?? "";
        const res = await call<Item>(options.base, token, "GET", `${prefix}/executions/${id}`);
        record(op, res, [200]);
        if (res.status === 200) own(op, ws, res.body, "execution");
      } else {
        // Reaching for another workspace: its connector through our path, and its path itself.
        const other = pick(others);
        if (!other) continue;
        const foreign = pick(options.connectors.get(other.workspaceId) ?? []) ?? "";
        const viaOwn = await call<Item>(
          options.base,
          token,
          "GET",
          `${prefix}/connectors/${foreign}`,
        );
        record(op, viaOwn, [404]);
        if (viaOwn.status === 200)
          result.crossReads.push(`${op}: foreign connector ${foreign} served`);
        const viaTheirs = await call<{ data?: Item[] }>(
          options.base,
          token,
          "GET",
          `/v1/workspaces/${other.workspaceId}/connectors`,
        );
        record(op, viaTheirs, [404]);
        if (viaTheirs.status === 200) {
          result.crossReads.push(`${op}: workspace ${other.workspaceId} listed for a non-member`);
        }
      }
    }
  };

  await Promise.all(Array.from({ length: options.clients }, (_, i) => client(i)));
  result.seconds = (Date.now() - started) / 1000;
  result.latencies.sort((a, b) => a - b);
  for (const list of result.byOp.values()) list.sort((a, b) => a - b);
  return result;
}

/** Ids seen in answers whose row (checked in the database) belongs to another workspace. */
export async function verifySeen(sql: postgres.Sql, seen: MixedResult["seen"]): Promise<string[]> {
  const problems: string[] = [];
  for (const kind of ["connector", "execution"] as const) {
    const pairs = seen.filter((s) => s.kind === kind);
    const ids = [...new Set(pairs.map((p) => p.id))];
    if (ids.length === 0) continue;
    const rows =
      kind === "connector"
        ? await sql<{ id: string; workspaceId: string }[]>`
            select id, workspace_id as "workspaceId" from connectors.connectors where id = any(${ids}::uuid[])`
        : await sql<{ id: string; workspaceId: string }[]>`
            select id, workspace_id as "workspaceId" from connectors.connector_executions
            where id = any(${ids}::uuid[])`;
    const owner = new Map(rows.map((r) => [r.id, r.workspaceId]));
    for (const pair of pairs) {
      if (owner.get(pair.id) !== pair.workspaceId) {
        problems.push(
          `${kind} ${pair.id} (workspace ${owner.get(pair.id)}) seen by ${pair.workspaceId}`,
        );
      }
    }
  }
  return [...new Set(problems)];
}

export function latencyLine(sorted: number[]): string {
  const f = (p: number) => `${percentile(sorted, p).toFixed(1)} ms`;
  return `p50 ${f(50)}, p90 ${f(90)}, p99 ${f(99)}, max ${f(100)}`;
}
