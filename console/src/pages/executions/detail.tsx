// One execution, live: status through the event stream (live.ts), the step timeline with each
// step's duration as a bar from the execution's start, the redacted request/response the API
// returns, input, result, error and trigger; replay and cancel.
import { useState } from "react";
import { Link, useLocation, useParams } from "wouter";
import { ok } from "../../lib/api.ts";
import { useWorkspace } from "../../lib/auth.tsx";
import { StatusBadge } from "../../ui/badge.tsx";
import { duration, when } from "../../ui/format.ts";
import { PageHeader } from "../../ui/page.tsx";
import { ErrorBox, Loading } from "../../ui/state.tsx";
import { TERMINAL, useLiveExecution } from "./live.ts";
import { StepTimeline } from "./timeline.tsx";
import "./executions.css";

export function ExecutionPage() {
  const { id = "" } = useParams<{ id: string }>();
  const { api, ws } = useWorkspace();
  const [, navigate] = useLocation();
  const live = useLiveExecution(api, ws, id);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [replayKey] = useState(() => crypto.randomUUID());
  const execution = live.execution;

  async function cancel() {
    setActionError(null);
    setBusy(true);
    try {
      await ok(api.v1.workspaces[":ws"].executions[":id"].cancel.$post({ param: { ws, id } }));
      live.reload();
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(false);
    }
  }

  async function replay(definition: "current" | "snapshot") {
    setActionError(null);
    setBusy(true);
    try {
      const next = await ok(
        api.v1.workspaces[":ws"].executions[":id"].replay.$post({
          param: { ws, id },
          query: { definition },
          // One key per page view and mode: a double click starts one replay.
          header: { "idempotency-key": `${replayKey}-${definition}` },
        }),
      );
      navigate(`/executions/${next.id}`);
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(false);
    }
  }

  if (live.error) return <ErrorBox error={live.error} onRetry={live.reload} />;
  if (!execution) return <Loading />;
  const finished = TERMINAL.has(execution.status);
  return (
    <>
      <PageHeader
        title="Execution"
        actions={
          <>
            {!finished && (
              <button type="button" onClick={cancel} disabled={busy}>
                Cancel
              </button>
            )}
            {finished && (
              <>
                <button type="button" onClick={() => replay("current")} disabled={busy}>
                  Replay
                </button>
                <button type="button" onClick={() => replay("snapshot")} disabled={busy}>
                  Replay this definition
                </button>
              </>
            )}
          </>
        }
      >
        <p className="muted">
          <code>{execution.id}</code>
        </p>
      </PageHeader>
      {actionError ? <ErrorBox error={actionError} /> : null}
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd data-testid="execution-status" aria-live="polite">
            <StatusBadge status={execution.status} />
            <span className="muted live-mode" data-mode={live.mode}>
              {live.mode === "stream" ? " live" : live.mode === "polling" ? " (polling)" : ""}
            </span>
          </dd>
        </div>
        <div>
          <dt>Connector</dt>
          <dd>
            {execution.connectorId ? (
              <Link href={`/connectors/${execution.connectorId}`}>Open the connector</Link>
            ) : (
              "deleted"
            )}
          </dd>
        </div>
        <div>
          <dt>Trigger</dt>
          <dd>
            {execution.trigger}
            {execution.replayOf && (
              <>
                {" "}
                of <Link href={`/executions/${execution.replayOf}`}>an earlier execution</Link>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>Queued</dt>
          <dd>{when(execution.queuedAt)}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{when(execution.startedAt)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{duration(execution.durationMs)}</dd>
        </div>
        <div>
          <dt>Attempts</dt>
          <dd>{execution.attempts}</dd>
        </div>
      </dl>
      {execution.error ? (
        <section aria-labelledby="execution-error">
          <h2 id="execution-error">Error</h2>
          <pre className="json error-json">{JSON.stringify(execution.error, null, 2)}</pre>
        </section>
      ) : null}
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Steps</h2>
        <StepTimeline
          steps={execution.stepResults}
          planned={execution.definition.steps.map((step) => step.id)}
          totalMs={execution.durationMs}
          running={!finished}
        />
      </section>
      <section aria-labelledby="input-heading">
        <h2 id="input-heading">Input</h2>
        <pre className="json">{JSON.stringify(execution.input, null, 2)}</pre>
      </section>
      <section aria-labelledby="result-heading">
        <h2 id="result-heading">Result</h2>
        {execution.output === null ? (
          <p className="muted">{finished ? "No result." : "Not finished yet."}</p>
        ) : (
          <pre className="json">{JSON.stringify(execution.output, null, 2)}</pre>
        )}
        {execution.mappingSkipped.length > 0 && (
          <ul className="muted">
            {execution.mappingSkipped.map((skip) => (
              <li key={skip.field}>
                Field <code>{skip.field}</code> not written: {skip.reason}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
