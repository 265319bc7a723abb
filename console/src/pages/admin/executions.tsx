// Recent executions across workspaces (saas admins): status and trigger filters, cursor paging.
// What ran and how it ended only — inputs and outputs stay the workspace's.
import { useState } from "react";
import { ok } from "../../lib/api.ts";
import { useAuth } from "../../lib/auth.tsx";
import { usePaged } from "../../lib/use-load.ts";
import { StatusBadge } from "../../ui/badge.tsx";
import { duration, when } from "../../ui/format.ts";
import { PageHeader } from "../../ui/page.tsx";
import { Empty, LoadMore } from "../../ui/state.tsx";
import "./admin.css";

const STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
const TRIGGERS = ["api", "schedule", "webhook", "batch", "replay"] as const;
type Status = (typeof STATUSES)[number] | "";
type Trigger = (typeof TRIGGERS)[number] | "";

function errorText(error: unknown): string | null {
  if (error && typeof error === "object" && "message" in error) {
    const message = (error as { message: unknown }).message;
    if (typeof message === "string") return message;
  }
  return null;
}

export function AdminExecutionsPage() {
  const { api } = useAuth();
  const [status, setStatus] = useState<Status>("");
  const [trigger, setTrigger] = useState<Trigger>("");
  const list = usePaged(
    (cursor) =>
      ok(
        api.v1.admin.executions.$get({
          query: {
            status: status || undefined,
            trigger: trigger || undefined,
            cursor,
            limit: "25",
          },
        }),
      ),
    [api, status, trigger],
  );
  return (
    <>
      <PageHeader title="Recent executions">
        <p className="muted">Across every workspace, newest first.</p>
      </PageHeader>
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
      </search>
      {!list.loading && !list.error && list.items.length === 0 ? (
        <Empty>{status || trigger ? "No execution matches." : "No executions yet."}</Empty>
      ) : (
        list.items.length > 0 && (
          <table className="list">
            <thead>
              <tr>
                <th scope="col">Queued</th>
                <th scope="col">Workspace</th>
                <th scope="col">Connector</th>
                <th scope="col">Status</th>
                <th scope="col">Trigger</th>
                <th scope="col">Duration</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((e) => (
                <tr key={e.id} data-testid="admin-execution">
                  <td>{when(e.createdAt)}</td>
                  <td>{e.workspaceName}</td>
                  <td>{e.connectorName ?? <span className="muted">deleted</span>}</td>
                  <td>
                    <StatusBadge status={e.status} />
                  </td>
                  <td>{e.trigger}</td>
                  <td>{duration(e.durationMs)}</td>
                  <td>{errorText(e.error) ?? "—"}</td>
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
