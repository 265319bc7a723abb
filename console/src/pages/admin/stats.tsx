// Platform stats for saas admins: totals, executions by status and by trigger, the most installed
// templates, and usage per workspace (paged with the API's cursors) as charts.
import { ok } from "../../lib/api.ts";
import { useAuth } from "../../lib/auth.tsx";
import { useLoad, usePaged } from "../../lib/use-load.ts";
import { BarChart } from "../../ui/charts.tsx";
import { when } from "../../ui/format.ts";
import { PageHeader } from "../../ui/page.tsx";
import { Empty, LoadMore, Show } from "../../ui/state.tsx";
import "./admin.css";

export function PlatformStatsPage() {
  const { api } = useAuth();
  const stats = useLoad(() => ok(api.v1.admin.stats.$get()), [api]);
  return (
    <>
      <PageHeader title="Platform stats" />
      <Show state={stats}>
        {(s) => (
          <>
            <ul className="stat-tiles" aria-label="Totals">
              <Tile label="Workspaces" value={s.workspaces} />
              <Tile label="Connectors" value={s.connectors} />
              <Tile label="Public templates" value={s.templates} />
              <Tile label="Executions" value={s.executions.total} />
              <Tile
                label="Success rate"
                value={s.successRate === null ? "—" : `${Math.round(s.successRate * 1000) / 10}%`}
              />
            </ul>
            <div className="chart-grid">
              <BarChart
                title="Executions by status"
                bars={(["succeeded", "failed", "cancelled", "running", "queued"] as const).map(
                  (status) => ({ label: status, value: s.executions[status] }),
                )}
              />
              <BarChart
                title="Executions by trigger"
                bars={Object.entries(s.byTrigger).map(([label, value]) => ({ label, value }))}
              />
            </div>
            {s.topTemplates.length === 0 ? (
              <Empty>No template installed yet.</Empty>
            ) : (
              <BarChart
                title="Most installed templates"
                bars={s.topTemplates.map((t) => ({
                  label: t.name,
                  value: t.installCount,
                  detail: t.ratingCount
                    ? `${t.ratingAvg.toFixed(1)}★ (${t.ratingCount})`
                    : "unrated",
                }))}
              />
            )}
          </>
        )}
      </Show>
      <WorkspaceUsage />
    </>
  );
}

function Tile({ label, value }: { label: string; value: number | string }) {
  return (
    <li>
      <span className="value">{value}</span> {label}
    </li>
  );
}

function WorkspaceUsage() {
  const { api } = useAuth();
  const list = usePaged(
    (cursor) => ok(api.v1.admin.workspaces.$get({ query: { cursor, limit: "20" } })),
    [api],
  );
  return (
    <section aria-labelledby="usage-heading">
      <h2 id="usage-heading">Usage per workspace</h2>
      {!list.loading && !list.error && list.items.length === 0 ? (
        <Empty>No workspaces yet.</Empty>
      ) : (
        list.items.length > 0 && (
          <>
            <div className="chart-grid">
              <BarChart
                title="Executions per workspace"
                bars={list.items.map((w) => ({
                  label: w.name,
                  value: w.executions,
                  detail: `${w.failures} failed`,
                }))}
              />
              <BarChart
                title="Connectors per workspace"
                bars={list.items.map((w) => ({ label: w.name, value: w.connectors }))}
              />
            </div>
            <table className="list">
              <thead>
                <tr>
                  <th scope="col">Workspace</th>
                  <th scope="col">Members</th>
                  <th scope="col">Connectors</th>
                  <th scope="col">Executions</th>
                  <th scope="col">Failed</th>
                  <th scope="col">Last activity</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((w) => (
                  <tr key={w.id}>
                    <th scope="row">{w.name}</th>
                    <td>{w.members}</td>
                    <td>{w.connectors}</td>
                    <td>{w.executions}</td>
                    <td>{w.failures}</td>
                    <td>{when(w.lastActivityAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )
      )}
      <LoadMore list={list} />
    </section>
  );
}
