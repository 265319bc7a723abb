// The workspace's audit log (owners and admins; a member sees the API's 403): newest first,
// cursor paging, filter by action; each entry's actor, action, target, time and details.
import { useState } from "react";
import { ok } from "../../lib/api.ts";
import { useAuth, useWorkspace } from "../../lib/auth.tsx";
import { usePaged } from "../../lib/use-load.ts";
import { when } from "../../ui/format.ts";
import { PageHeader } from "../../ui/page.tsx";
import { Empty, LoadMore } from "../../ui/state.tsx";
import "./audit.css";

const ACTION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

export function AuditLogPage() {
  const { api, ws } = useWorkspace();
  const { me } = useAuth();
  const [typed, setTyped] = useState("");
  // Only a complete action filters (the API wants `thing.verb`); a partial one waits.
  const action = ACTION.test(typed.trim()) ? typed.trim() : "";
  const list = usePaged(
    (cursor) =>
      ok(
        api.v1.workspaces[":ws"]["audit-log"].$get({
          param: { ws },
          query: { action: action || undefined, cursor, limit: "25" },
        }),
      ),
    [api, ws, action],
  );
  const actor = (id: string | null) =>
    id === null ? "system" : id === me?.user.id ? `you (${me.user.email ?? id})` : id;

  return (
    <>
      <PageHeader title="Audit log" />
      <search className="filters">
        <label>
          Action
          <input
            type="search"
            value={typed}
            placeholder="e.g. credential.put"
            onChange={(event) => setTyped(event.target.value)}
          />
        </label>
      </search>
      {!list.loading && !list.error && list.items.length === 0 ? (
        <Empty>{action ? "No entry with this action." : "Nothing has been logged yet."}</Empty>
      ) : (
        list.items.length > 0 && (
          <table className="list audit" data-testid="audit-log">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((entry) => (
                <tr key={entry.id}>
                  <td>{when(entry.createdAt)}</td>
                  <td className="actor">{actor(entry.actorId)}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>
                    {entry.targetType ?? ""} {entry.targetId && <code>{entry.targetId}</code>}
                  </td>
                  <td>
                    {Object.keys(entry.metadata).length > 0 ? (
                      <details>
                        <summary>
                          Details <span className="visually-hidden">of {entry.action}</span>
                        </summary>
                        <pre className="json">{JSON.stringify(entry.metadata, null, 2)}</pre>
                      </details>
                    ) : (
                      <span className="muted">—</span>
                    )}
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
