// The workspace's connectors: search, filter by status, enable/disable, cursor paging.
import { useState } from "react";
import { Link } from "wouter";
import { ok } from "../../lib/api.ts";
import { useWorkspace } from "../../lib/auth.tsx";
import { usePaged } from "../../lib/use-load.ts";
import { StatusBadge } from "../../ui/badge.tsx";
import { when } from "../../ui/format.ts";
import { PageHeader } from "../../ui/page.tsx";
import { Empty, ErrorBox, LoadMore } from "../../ui/state.tsx";

type Status = "active" | "disabled" | "";

export function ConnectorsPage() {
  const { api, ws } = useWorkspace();
  const [q, setQ] = useState("");
  const [status, setStatus] = useState<Status>("");
  const [toggleError, setToggleError] = useState<unknown>(null);
  const list = usePaged(
    (cursor) =>
      ok(
        api.v1.workspaces[":ws"].connectors.$get({
          param: { ws },
          query: { q: q || undefined, status: status || undefined, cursor, limit: "20" },
        }),
      ),
    [api, ws, q, status],
  );

  async function toggle(id: string, next: "active" | "disabled") {
    setToggleError(null);
    try {
      await ok(
        api.v1.workspaces[":ws"].connectors[":id"].$patch({
          param: { ws, id },
          json: { status: next },
        }),
      );
      list.reload();
    } catch (error) {
      setToggleError(error);
    }
  }

  return (
    <>
      <PageHeader
        title="Connectors"
        actions={
          <Link href="/connectors/new" className="button primary">
            New connector
          </Link>
        }
      />
      <search className="filters">
        <label>
          Search
          <input
            type="search"
            value={q}
            onChange={(event) => setQ(event.target.value)}
            placeholder="Name or description"
          />
        </label>
        <label>
          Status
          <select value={status} onChange={(event) => setStatus(event.target.value as Status)}>
            <option value="">Any</option>
            <option value="active">Active</option>
            <option value="disabled">Disabled</option>
          </select>
        </label>
      </search>
      {toggleError ? <ErrorBox error={toggleError} /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? (
        <Empty>
          {q || status
            ? "No connector matches."
            : "No connectors yet: create one or install a template from the marketplace."}
        </Empty>
      ) : (
        list.items.length > 0 && (
          <table className="list">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Runs</th>
                <th scope="col">Last run</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((connector) => (
                <tr key={connector.id}>
                  <td>
                    <Link href={`/connectors/${connector.id}`}>{connector.name}</Link>
                    {connector.description && <div className="muted">{connector.description}</div>}
                  </td>
                  <td>
                    <StatusBadge status={connector.status} />
                  </td>
                  <td>
                    {connector.executionCount} ({connector.successCount} ok,{" "}
                    {connector.failureCount} failed)
                  </td>
                  <td>{when(connector.lastExecutedAt)}</td>
                  <td>
                    <button
                      type="button"
                      onClick={() =>
                        toggle(connector.id, connector.status === "active" ? "disabled" : "active")
                      }
                      aria-label={`${connector.status === "active" ? "Disable" : "Enable"} ${connector.name}`}
                    >
                      {connector.status === "active" ? "Disable" : "Enable"}
                    </button>
                  </td>
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
