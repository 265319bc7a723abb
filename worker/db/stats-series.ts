// A connector's executions per time bucket (hour or day, UTC): counts, success rate and duration
// percentiles, for the console's charts. Buckets come from generate_series, so a bucket without
// executions is still there (zeros and nulls) and the chart's x axis is regular.
import type { Tx } from "./client.ts";
import { iso } from "./sql.ts";

export type StatsInterval = "hour" | "day";

export interface StatsBucket {
  start: string;
  total: number;
  succeeded: number;
  failed: number;
  successRate: number | null;
  p50DurationMs: number | null;
  p95DurationMs: number | null;
}

/** `from` and `to` are bucket starts (already truncated to the interval, UTC), `to` included. */
export async function connectorStatsSeries(
  tx: Tx,
  args: {
    workspaceId: string;
    connectorId: string;
    interval: StatsInterval;
    from: string;
    to: string;
  },
): Promise<StatsBucket[]> {
  const step = args.interval === "hour" ? "1 hour" : "1 day";
  const rows = await tx<(Omit<StatsBucket, "start"> & { start: Date })[]>`
    with buckets as (
      select generate_series(${args.from}::timestamptz, ${args.to}::timestamptz, ${step}::interval)
        as start
    ), runs as (
      select
        date_trunc(${args.interval}::text, created_at at time zone 'UTC') at time zone 'UTC'
          as bucket,
        status, duration_ms
      from connectors.connector_executions
      where workspace_id = ${args.workspaceId} and connector_id = ${args.connectorId}
        and created_at >= ${args.from}::timestamptz
    ), agg as (
      select
        b.start,
        count(r.status)::integer as total,
        count(*) filter (where r.status = 'succeeded')::integer as succeeded,
        count(*) filter (where r.status = 'failed')::integer as failed,
        percentile_cont(0.5) within group (order by r.duration_ms)
          filter (where r.status in ('succeeded', 'failed')) as p50,
        percentile_cont(0.95) within group (order by r.duration_ms)
          filter (where r.status in ('succeeded', 'failed')) as p95
      from buckets b left join runs r on r.bucket = b.start
      group by b.start
    )
    select
      start, total, succeeded, failed,
      case when succeeded + failed = 0 then null
           else round(succeeded::numeric / (succeeded + failed), 4)::float8 end as "successRate",
      round(p50::numeric)::integer as "p50DurationMs",
      round(p95::numeric)::integer as "p95DurationMs"
    from agg
    order by start`;
  return rows.map((row) => ({ ...row, start: iso(row.start) as string }));
}
