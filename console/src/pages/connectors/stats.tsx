// A connector's statistics (the connector page's Stats tab): totals, executions by trigger, and
// success rate and p50/p95 duration over time from GET …/stats?interval=hour|day.
import { useState } from "react";
import { ok } from "../../lib/api.ts";
import { useWorkspace } from "../../lib/auth.tsx";
import { useLoad } from "../../lib/use-load.ts";
import { BarChart, LineChart } from "../../ui/charts.tsx";
import { duration, percent, when } from "../../ui/format.ts";
import { Show } from "../../ui/state.tsx";
import "./stats.css";

type Interval = "hour" | "day";

function bucketLabel(start: string, interval: Interval): string {
  const date = new Date(start);
  return interval === "hour"
    ? `${date.toLocaleDateString(undefined, { month: "short", day: "numeric" })} ${date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })}`
    : date.toLocaleDateString(undefined, { month: "short", day: "numeric" });
}

export function ConnectorStats({ connectorId }: { connectorId: string }) {
  const { api, ws } = useWorkspace();
  const [interval, setPeriod] = useState<Interval>("day");
  const stats = useLoad(
    () =>
      ok(
        api.v1.workspaces[":ws"].connectors[":id"].stats.$get({
          param: { ws, id: connectorId },
          query: { interval },
        }),
      ),
    [api, ws, connectorId, interval],
  );
  return (
    <section className="connector-stats" aria-label="Statistics">
      <label className="stats-interval">
        Period
        <select value={interval} onChange={(event) => setPeriod(event.target.value as Interval)}>
          <option value="day">Last 30 days, by day</option>
          <option value="hour">Last 24 hours, by hour</option>
        </select>
      </label>
      <Show state={stats}>
        {(data) => {
          const series = data.series ?? [];
          const labels = series.map((bucket) => bucketLabel(bucket.start, interval));
          return (
            <>
              <dl className="stats-totals" data-testid="stats-totals">
                <div>
                  <dt>Executions</dt>
                  <dd>{data.total}</dd>
                </div>
                <div>
                  <dt>Succeeded</dt>
                  <dd>{data.succeeded}</dd>
                </div>
                <div>
                  <dt>Failed</dt>
                  <dd>{data.failed}</dd>
                </div>
                <div>
                  <dt>Success rate</dt>
                  <dd>{percent(data.succeeded, data.succeeded + data.failed)}</dd>
                </div>
                <div>
                  <dt>p50 / p95</dt>
                  <dd>
                    {duration(data.p50DurationMs)} / {duration(data.p95DurationMs)}
                  </dd>
                </div>
                <div>
                  <dt>Last run</dt>
                  <dd>{when(data.lastExecutedAt)}</dd>
                </div>
              </dl>
              <LineChart
                title="Success rate"
                labels={labels}
                unit="%"
                max={100}
                series={[
                  {
                    name: "Success rate (%)",
                    values: series.map((b) =>
                      b.successRate === null ? null : Math.round(b.successRate * 1000) / 10,
                    ),
                  },
                ]}
              />
              <LineChart
                title="Duration"
                labels={labels}
                unit=" ms"
                series={[
                  { name: "p50 (ms)", values: series.map((b) => b.p50DurationMs) },
                  { name: "p95 (ms)", values: series.map((b) => b.p95DurationMs) },
                ]}
              />
              <BarChart
                title="Executions by trigger"
                bars={Object.entries(data.byTrigger).map(([label, value]) => ({ label, value }))}
              />
            </>
          );
        }}
      </Show>
    </section>
  );
}
