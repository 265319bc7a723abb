// Platform-wide reads for saas admins. These run as service_role on purpose (README "API at a
// glance": admin aggregates), so every caller must have passed the saas-admin check first
// (middleware). Private (`visibility = 'workspace'`) templates are a tenant's own: never counted or
// listed.
import type { Keyset } from "../lib/pagination.ts";
import type { Tx } from "./client.ts";
import type { ExecutionStatus, ExecutionTrigger } from "../../execution/status.ts";
import { containsPattern, cursorAt, iso, olderThan } from "./sql.ts";
import { countByTrigger, type TriggerCounts, triggerCounts } from "./trigger-counts.ts";

export interface PlatformStats {
  workspaces: number;
  connectors: number;
  templates: number;
  executions: { total: number } & Record<ExecutionStatus, number>;
  /** Executions by how they started, every kind present. */
  byTrigger: TriggerCounts;
  /** succeeded / (succeeded + failed); null before any execution finished. */
  successRate: number | null;
  topTemplates: {
    id: string;
    slug: string;
    name: string;
    isOfficial: boolean;
    installCount: number;
    ratingAvg: number;
    ratingCount: number;
  }[];
}

export async function platformStats(tx: Tx, top = 10): Promise<PlatformStats> {
  const [counts] = await tx<{ workspaces: number; connectors: number; templates: number }[]>`
    select (select count(*)::int from connectors.workspaces) as workspaces,
           (select count(*)::int from connectors.connectors) as connectors,
           (select count(*)::int from connectors.connector_templates
             where visibility = 'public') as templates`;
  const byStatus = await tx<{ status: ExecutionStatus; count: number }[]>`
    select status, count(*)::int as count from connectors.connector_executions group by status`;
  const [byTrigger] = await tx<{ counts: Record<string, number> | null }[]>`
    select ${countByTrigger(tx, tx`true`)} as counts`;
  const topTemplates = await tx<PlatformStats["topTemplates"]>`
    select id, slug, name, is_official as "isOfficial", install_count as "installCount",
           rating_avg::float8 as "ratingAvg", rating_count as "ratingCount"
    from connectors.connector_templates
    where visibility = 'public'
    order by install_count desc, id desc
    limit ${top}`;
  const executions = { total: 0, queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
  for (const row of byStatus) {
    executions[row.status] = row.count;
    executions.total += row.count;
  }
  const finished = executions.succeeded + executions.failed;
  return {
    workspaces: counts?.workspaces ?? 0,
    connectors: counts?.connectors ?? 0,
    templates: counts?.templates ?? 0,
    executions,
    byTrigger: triggerCounts(byTrigger?.counts ?? null),
    successRate: finished === 0 ? null : executions.succeeded / finished,
    topTemplates: [...topTemplates],
  };
}

export interface WorkspaceUsage {
  id: string;
  name: string;
  members: number;
  connectors: number;
  executions: number;
  failures: number;
  /** The workspace's executions by how they started, every kind present. */
  byTrigger: TriggerCounts;
  /** The latest execution started or connector changed; null when nothing happened yet. */
  lastActivityAt: string | null;
  createdAt: string;
}

interface WorkspaceUsageRow
  extends Omit<WorkspaceUsage, "lastActivityAt" | "createdAt" | "byTrigger"> {
  byTrigger: Record<string, number> | null;
  lastActivityAt: Date | null;
  createdAt: Date;
  cursorAt: string;
}

export async function workspaceUsage(
  tx: Tx,
  args: { limit: number; after: Keyset | null; q?: string },
): Promise<(WorkspaceUsage & { cursorAt: string })[]> {
  const q = args.q ? tx`and w.name ilike ${containsPattern(args.q)}` : tx``;
  const after = olderThan(tx, args.after, "w.created_at", "w.id");
  const rows = await tx<WorkspaceUsageRow[]>`
    select w.id, w.name, w.created_at as "createdAt",
           ${tx.unsafe(cursorAt("w.created_at"))} as "cursorAt",
           (select count(*)::int from connectors.workspace_members m
             where m.workspace_id = w.id) as members,
           (select count(*)::int from connectors.connectors c
             where c.workspace_id = w.id) as connectors,
           e.executions, e.failures,
           ${countByTrigger(tx, tx`x.workspace_id = w.id`)} as "byTrigger",
           greatest(e.last_execution_at,
                    (select max(c.updated_at) from connectors.connectors c
                      where c.workspace_id = w.id)) as "lastActivityAt"
    from connectors.workspaces w
    cross join lateral (
      select count(*)::int as executions,
             (count(*) filter (where x.status = 'failed'))::int as failures,
             max(x.created_at) as last_execution_at
      from connectors.connector_executions x
      where x.workspace_id = w.id
    ) e
    where true ${q} ${after}
    order by w.created_at desc, w.id desc
    limit ${args.limit + 1}`;
  return rows.map((row) => ({
    ...row,
    byTrigger: triggerCounts(row.byTrigger),
    lastActivityAt: iso(row.lastActivityAt),
    createdAt: iso(row.createdAt) as string,
  }));
}

export interface RecentExecution {
  id: string;
  workspaceId: string;
  workspaceName: string;
  connectorId: string | null;
  connectorName: string | null;
  status: ExecutionStatus;
  trigger: ExecutionTrigger;
  error: unknown;
  attempts: number;
  runner: string | null;
  runId: string | null;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

type RecentRow = Omit<RecentExecution, "createdAt" | "startedAt" | "finishedAt"> & {
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  cursorAt: string;
};

/**
 * Recent executions across workspaces, newest first. Deliberately without input, output and
 * step results: those are the customer's data; an admin sees what ran and how it ended.
 */
export async function recentExecutions(
  tx: Tx,
  args: {
    limit: number;
    after: Keyset | null;
    status?: ExecutionStatus;
    trigger?: ExecutionTrigger;
    workspaceId?: string;
  },
): Promise<(RecentExecution & { cursorAt: string })[]> {
  const status = args.status ? tx`and x.status = ${args.status}` : tx``;
  const trigger = args.trigger ? tx`and x.trigger = ${args.trigger}` : tx``;
  const workspace = args.workspaceId ? tx`and x.workspace_id = ${args.workspaceId}` : tx``;
  const after = olderThan(tx, args.after, "x.created_at", "x.id");
  const rows = await tx<RecentRow[]>`
    select x.id, x.workspace_id as "workspaceId", w.name as "workspaceName",
           x.connector_id as "connectorId", c.name as "connectorName", x.status, x.trigger, x.error,
           x.attempts, x.runner, x.run_id as "runId", x.created_by as "createdBy",
           x.created_at as "createdAt", x.started_at as "startedAt",
           x.finished_at as "finishedAt", x.duration_ms as "durationMs",
           ${tx.unsafe(cursorAt("x.created_at"))} as "cursorAt"
    from connectors.connector_executions x
    join connectors.workspaces w on w.id = x.workspace_id
    left join connectors.connectors c on c.workspace_id = x.workspace_id and c.id = x.connector_id
    where true ${status} ${trigger} ${workspace} ${after}
    order by x.created_at desc, x.id desc
    limit ${args.limit + 1}`;
  return rows.map((row) => ({
    ...row,
    createdAt: iso(row.createdAt) as string,
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
  }));
}
