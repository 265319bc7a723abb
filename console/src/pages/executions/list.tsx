// The workspace's executions (GET …/executions): filters by status, trigger and connector, cursor
// paging, and rows still queued or running kept current from each one's event stream.
import { useState } from "react";
import { Link } from "wouter";
import { ok } from "../../lib/api.ts";
import { useWorkspace } from "../../lib/auth.tsx";
import { useLoad, usePaged } from "../../lib/use-load.ts";
import { duration, when } from "../../ui/format.ts";
import { PageHeader } from "../../ui/page.tsx";
import { Empty, LoadMore } from "../../ui/state.tsx";
import { ConnectorStats } from "../connectors/stats.tsx";
import { LiveStatus, MAX_LIVE_ROWS } from "./live-row.tsx";
import { TERMINAL } from "./live.ts";
import { RunConnectorButton } from "./run-button.tsx";
import "./executions.css";

const STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
const TRIGGERS = ["api", "schedule", "webhook", "batch", "replay"] as const;
type Status = (typeof STATUSES)[number] | "";
type Trigger = (typeof TRIGGERS)[number] | "";

export function ExecutionsPage() {
  const { api, ws } = useWorkspace();
  const [status, setStatus] = useState<Status>("");
  const [trigger, setTrigger] = useState<Trigger>("");
  const [connectorId, setConnectorId] = useState("");
  const connectors = useLoad(
    () => ok(api.v1.workspaces[":ws"].connectors.$get({ param: { ws }, query: { limit: "100" } })),
    [api, ws],
  );
  const names = new Map((connectors.data?.data ?? []).map((c) => [c.id, c.name]));
  const list = usePaged(
    (cursor) =>
      ok(
        api.v1.workspaces[":ws"].executions.$get({
          param: { ws },
          query: {
            status: status || undefined,
            trigger: trigger || undefined,
            connectorId: connectorId || undefined,
            cursor,
            limit: "20",
          },
        }),
      ),
    [api, ws, status, trigger, connectorId],
  );
  // Each event stream holds a browser connection (about 6 per host): only the first few
  // unfinished rows follow theirs, the others re-read their execution now and then.
  const liveIds = new Set(
    list.items
      .filter((e) => !TERMINAL.has(e.status))
      .slice(0, MAX_LIVE_ROWS)
      .map((e) => e.id),
  );

  return (
    <>
      <PageHeader title="Executions" actions={<RunPicker connectors={connectors.data?.data} />} />
      <search className="filters">
        <label>
          Status
          <select value={status} onChange={(event) => setStatus(event.target.value as Status)}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Trigger
          <select value={trigger} onChange={(event) => setTrigger(event.target.value as Trigger)}>
            <option value="">Any</option>
            {TRIGGERS.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          Connector
          <select value={connectorId} onChange={(event) => setConnectorId(event.target.value)}>
            <option value="">Any</option>
            {connectors.data?.data.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      </search>
      {connectorId && <StatsPanel key={connectorId} connectorId={connectorId} />}
      {!list.loading && !list.error && list.items.length === 0 ? (
        <Empty>
          {status || trigger || connectorId
            ? "No execution matches."
            : "No executions yet: run a connector to see it here."}
        </Empty>
      ) : (
        list.items.length > 0 && (
          <table className="list" data-testid="executions">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Connector</th>
                <th scope="col">Status</th>
                <th scope="col">Trigger</th>
                <th scope="col">Duration</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((execution) => (
                <tr key={execution.id} data-execution={execution.id}>
                  <td>
                    <Link href={`/executions/${execution.id}`}>{when(execution.createdAt)}</Link>
                  </td>
                  <td>
                    {execution.connectorId
                      ? (names.get(execution.connectorId) ?? "a connector")
                      : "deleted"}
                  </td>
                  <td>
                    <LiveStatus execution={execution} live={liveIds.has(execution.id)} />
                  </td>
                  <td>{execution.trigger}</td>
                  <td>{duration(execution.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      )}
      <LoadMore list={list} />
    </>
  );
}

/** The filtered connector's statistics, loaded when opened (the connector page has them too). */
function StatsPanel({ connectorId }: { connectorId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details
      className="stats-panel"
      onToggle={(event) => setOpen((event.target as HTMLDetailsElement).open)}
    >
      <summary>Statistics of this connector</summary>
      {open && <ConnectorStats connectorId={connectorId} />}
    </details>
  );
}

/** "Run a connector": pick one, then the run dialog. */
function RunPicker({ connectors }: { connectors: { id: string; name: string }[] | undefined }) {
  const [picked, setPicked] = useState("");
  const connector = connectors?.find((c) => c.id === picked);
  return (
    <div className="run-picker">
      <label>
        Run a connector
        <select value={picked} onChange={(event) => setPicked(event.target.value)}>
          <option value="">Choose…</option>
          {connectors?.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      {connector ? (
        <RunConnectorButton connectorId={connector.id} connectorName={connector.name} />
      ) : (
        <button type="button" className="primary" disabled>
          Run
        </button>
      )}
    </div>
  );
}
