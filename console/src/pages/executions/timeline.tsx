// The step timeline: steps run one after another, so each starts where the previous ended; a bar
// shows where in the execution's run time the step ran and how long it took. Each step opens to
// its redacted request and response, as the API stores them.
import { StatusBadge } from "../../ui/badge.tsx";
import { duration } from "../../ui/format.ts";
import type { StepResult } from "./live.ts";

export function StepTimeline({
  steps,
  planned,
  totalMs,
  running,
}: {
  steps: StepResult[];
  planned: string[];
  totalMs: number | null;
  running: boolean;
}) {
  const sum = steps.reduce((n, step) => n + step.durationMs, 0);
  const total = Math.max(totalMs ?? 0, sum, 1);
  const done = new Set(steps.map((step) => step.id));
  const waiting = planned.filter((id) => !done.has(id));
  let offset = 0;
  return (
    <ol className="timeline" aria-label="Step timeline">
      {steps.map((step) => {
        const left = (offset / total) * 100;
        const width = Math.max((step.durationMs / total) * 100, 0.5);
        offset += step.durationMs;
        return (
          <li key={step.id} className="step" data-testid="timeline-step">
            <div className="step-row">
              <span className="step-id">{step.id}</span>
              <StatusBadge status={step.outcome} />
              <span className="bar-track" aria-hidden="true">
                <span
                  className={`bar ${step.outcome}`}
                  data-testid="step-bar"
                  style={{ marginLeft: `${left}%`, width: `${width}%` }}
                />
              </span>
              <span className="step-numbers">
                {duration(step.durationMs)} · {step.attempts}{" "}
                {step.attempts === 1 ? "attempt" : "attempts"}
                {step.status !== null ? ` · HTTP ${step.status}` : ""}
              </span>
            </div>
            <details>
              <summary>
                Request and response <span className="visually-hidden">of step {step.id}</span>
              </summary>
              <StepTrace step={step} />
            </details>
          </li>
        );
      })}
      {waiting.map((id) => (
        <li key={id} className="step waiting">
          <div className="step-row">
            <span className="step-id">{id}</span>
            <span className="muted">{running ? "waiting…" : "not run"}</span>
          </div>
        </li>
      ))}
    </ol>
  );
}

function Headers({ headers }: { headers: Record<string, string> }) {
  const entries = Object.entries(headers);
  if (!entries.length) return <p className="muted">No headers.</p>;
  return (
    <pre className="json">{entries.map(([name, value]) => `${name}: ${value}`).join("\n")}</pre>
  );
}

function StepTrace({ step }: { step: StepResult }) {
  return (
    <div className="trace">
      <h3>Request</h3>
      <p>
        <code>
          {step.method} {step.url ?? "—"}
        </code>
      </p>
      <Headers headers={step.requestHeaders} />
      {step.requestBody !== null && (
        <pre className="json">
          {step.requestBody}
          {step.requestBodyTruncated ? "\n… (truncated)" : ""}
        </pre>
      )}
      <h3>Response</h3>
      <Headers headers={step.responseHeaders} />
      {step.responseBody !== null ? (
        <pre className="json">
          {step.responseBody}
          {step.responseBodyTruncated ? "\n… (truncated)" : ""}
        </pre>
      ) : (
        <p className="muted">No body.</p>
      )}
      {Object.keys(step.extracted).length > 0 && (
        <>
          <h3>Extracted</h3>
          <pre className="json">{JSON.stringify(step.extracted, null, 2)}</pre>
        </>
      )}
      {step.pagination && (
        <p className="muted">
          {step.pagination.pages} pages, {step.pagination.items} items
          {step.pagination.truncated ? " (truncated)" : ""}
        </p>
      )}
      {step.error && (
        <p className="problem">
          {step.error.kind}: {step.error.message}
        </p>
      )}
    </div>
  );
}
