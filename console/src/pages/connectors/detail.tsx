// A connector's page: header actions (run, enable/disable, upgrade a template install, delete with
// a confirm dialog) and tabs — Overview/Edit, Dry run, Stats, Schedule, Webhooks — each its own
// URL (/connectors/:id/:tab) so a tab survives a reload and can be linked.
import { useRef, useState } from "react";
import { Link, useLocation, useParams } from "wouter";
import { done, ok } from "../../lib/api.ts";
import { useWorkspace } from "../../lib/auth.tsx";
import { useLoad } from "../../lib/use-load.ts";
import { StatusBadge } from "../../ui/badge.tsx";
import { when } from "../../ui/format.ts";
import { PageHeader } from "../../ui/page.tsx";
import { ErrorBox, Show } from "../../ui/state.tsx";
import { RunConnectorButton } from "../executions/run-button.tsx";
import { ConnectorForm } from "./connector-form.tsx";
import { DryRun } from "./dry-run.tsx";
import { ScheduleEditor } from "./schedule.tsx";
import { ConnectorStats } from "./stats.tsx";
import { Webhooks } from "./webhooks.tsx";
import "./connectors.css";

const TABS = [
  ["", "Overview"],
  ["dry-run", "Dry run"],
  ["stats", "Stats"],
  ["schedule", "Schedule"],
  ["webhooks", "Webhooks"],
] as const;

export function ConnectorPage() {
  const { id = "", tab = "" } = useParams<{ id: string; tab?: string }>();
  const { api, ws } = useWorkspace();
  const [, navigate] = useLocation();
  const connector = useLoad(
    () => ok(api.v1.workspaces[":ws"].connectors[":id"].$get({ param: { ws, id } })),
    [api, ws, id],
  );
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // The form remounts on a new `updatedAt` (fresh after any change), so the page says "Saved".
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);

  async function act(what: () => Promise<unknown>) {
    setActionError(null);
    setBusy(true);
    try {
      await what();
      connector.reload();
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(false);
    }
  }
  const param = { ws, id };

  return (
    <Show state={connector}>
      {(c) => (
        <>
          <PageHeader
            title={c.name}
            actions={
              <>
                <RunConnectorButton connectorId={c.id} connectorName={c.name} />
                <button
                  type="button"
                  disabled={busy}
                  onClick={() =>
                    act(() =>
                      ok(
                        api.v1.workspaces[":ws"].connectors[":id"].$patch({
                          param,
                          json: { status: c.status === "active" ? "disabled" : "active" },
                        }),
                      ),
                    )
                  }
                >
                  {c.status === "active" ? "Disable" : "Enable"}
                </button>
                <button
                  type="button"
                  className="danger"
                  onClick={() => dialog.current?.showModal()}
                >
                  Delete
                </button>
              </>
            }
          >
            <p className="muted">
              <StatusBadge status={c.status} /> {c.executionCount} runs ({c.successCount} ok,{" "}
              {c.failureCount} failed) · last run {when(c.lastExecutedAt)}
              {c.templateId ? ` · from a template, version ${c.templateVersion ?? "?"}` : ""}
            </p>
          </PageHeader>
          {actionError ? <ErrorBox error={actionError} /> : null}
          {c.updateAvailable && (
            <div className="notice" role="status">
              A newer version of this connector's template is available.{" "}
              <button
                type="button"
                disabled={busy}
                onClick={() =>
                  act(() =>
                    ok(
                      api.v1.workspaces[":ws"].connectors[":id"].upgrade.$post({ param, json: {} }),
                    ),
                  )
                }
              >
                Upgrade
              </button>
            </div>
          )}
          <nav className="tabs" aria-label="Connector sections">
            {TABS.map(([slug, label]) => (
              <Link
                key={slug}
                href={slug ? `/connectors/${c.id}/${slug}` : `/connectors/${c.id}`}
                aria-current={tab === slug ? "page" : undefined}
              >
                {label}
              </Link>
            ))}
          </nav>
          <div className="tab-panel">
            {tab === "" && savedAt === c.updatedAt && (
              <p className="notice saved" role="status">
                Saved.
              </p>
            )}
            {tab === "" && (
              <ConnectorForm
                key={c.updatedAt}
                initial={c}
                submitLabel="Save changes"
                onSave={async (values) => {
                  const updated = await ok(
                    api.v1.workspaces[":ws"].connectors[":id"].$patch({ param, json: values }),
                  );
                  setSavedAt(updated.updatedAt);
                  connector.reload();
                }}
              />
            )}
            {tab === "dry-run" && <DryRun connectorId={c.id} inputSchema={c.definition.input} />}
            {tab === "stats" && <ConnectorStats connectorId={c.id} />}
            {tab === "schedule" && (
              <ScheduleEditor connectorId={c.id} inputSchema={c.definition.input} />
            )}
            {tab === "webhooks" && <Webhooks connectorId={c.id} />}
            {!TABS.some(([slug]) => slug === tab) && <p className="state empty">No such tab.</p>}
          </div>
          <dialog ref={dialog} aria-labelledby="delete-title" className="confirm">
            <h2 id="delete-title">Delete {c.name}?</h2>
            <p>
              Its schedule and webhooks stop; its execution history stays readable. This cannot be
              undone.
            </p>
            <form method="dialog" className="form-actions">
              <button type="submit">Cancel</button>
              <button
                type="button"
                className="danger"
                onClick={() => {
                  dialog.current?.close();
                  void act(async () => {
                    await done(api.v1.workspaces[":ws"].connectors[":id"].$delete({ param }));
                    navigate("/connectors");
                  });
                }}
              >
                Delete connector
              </button>
            </form>
          </dialog>
        </>
      )}
    </Show>
  );
}
