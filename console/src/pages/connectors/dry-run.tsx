// Dry run: runs the connector now (POST …/test) and shows the redacted trace step by step and the
// mapping it would write. The trace is shown exactly as the API returns it: the API has already
// replaced every credential value with [REDACTED], and nothing here reconstructs one.
import { type FormEvent, useState } from "react";
import { ok } from "../../lib/api.ts";
import { useWorkspace } from "../../lib/auth.tsx";
import { Field } from "../../ui/form.tsx";
import { StatusBadge } from "../../ui/badge.tsx";
import { duration } from "../../ui/format.ts";
import { ErrorBox, Loading } from "../../ui/state.tsx";

type Client = ReturnType<typeof useWorkspace>["api"];
type DryRunCall = ReturnType<
  Client["v1"]["workspaces"][":ws"]["connectors"][":id"]["test"]["$post"]
>;
export type DryRunResult = Awaited<ReturnType<typeof ok<Awaited<DryRunCall>>>>;
type StepResult = DryRunResult["steps"][number];

/** A starting input: the schema's first example, else each property's example or default. */
export function exampleInput(schema: unknown): string {
  const s = (schema ?? {}) as {
    examples?: unknown[];
    example?: unknown;
    properties?: Record<string, { example?: unknown; default?: unknown; examples?: unknown[] }>;
  };
  if (Array.isArray(s.examples) && s.examples[0] !== undefined)
    return JSON.stringify(s.examples[0], null, 2);
  if (s.example !== undefined) return JSON.stringify(s.example, null, 2);
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(s.properties ?? {})) {
    const value = prop.examples?.[0] ?? prop.example ?? prop.default;
    if (value !== undefined) out[key] = value;
  }
  return JSON.stringify(out, null, 2);
}

export function DryRun({
  connectorId,
  inputSchema,
}: {
  connectorId: string;
  inputSchema: unknown;
}) {
  const { api, ws } = useWorkspace();
  const [input, setInput] = useState(() => exampleInput(inputSchema));
  const [inputError, setInputError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<DryRunResult | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function run(event: FormEvent) {
    event.preventDefault();
    let parsed: unknown;
    try {
      parsed = JSON.parse(input || "{}");
    } catch (e) {
      setInputError(`Not valid JSON: ${(e as Error).message}`);
      return;
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      setInputError("The input is a JSON object.");
      return;
    }
    setInputError(null);
    setError(null);
    setResult(null);
    setRunning(true);
    try {
      setResult(
        await ok(
          api.v1.workspaces[":ws"].connectors[":id"].test.$post({
            param: { ws, id: connectorId },
            json: { input: parsed as Record<string, unknown> },
          }),
        ),
      );
    } catch (e) {
      setError(e);
    } finally {
      setRunning(false);
    }
  }

  return (
    <div className="dry-run">
      <form onSubmit={run}>
        <p className="muted">
          A dry run sends the requests (POSTs too) with the workspace's credentials, but records no
          execution and writes no contact.
        </p>
        <Field
          label="Input (JSON)"
          problems={inputError ? [{ path: "input", message: inputError }] : []}
        >
          {(props) => (
            <textarea
              {...props}
              rows={5}
              className="code"
              value={input}
              onChange={(e) => setInput(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="primary" disabled={running}>
          {running ? "Running…" : "Run dry run"}
        </button>
      </form>
      {running && <Loading label="Running the steps…" />}
      {error ? <ErrorBox error={error} /> : null}
      {result && <DryRunReport result={result} />}
    </div>
  );
}

function DryRunReport({ result }: { result: DryRunResult }) {
  const mapping = Object.entries(result.mapping);
  return (
    <section aria-labelledby="dry-run-result" data-testid="dry-run-result">
      <h2 id="dry-run-result">
        Result <StatusBadge status={result.status} />{" "}
        <span className="muted">{duration(result.durationMs)}</span>
      </h2>
      {result.error && (
        <p className="problem" role="alert">
          {result.error.stepId ? `Step ${result.error.stepId}: ` : ""}
          {result.error.kind}: {result.error.message}
        </p>
      )}
      <h3>Steps</h3>
      {result.steps.length === 0 ? (
        <p className="state empty">No step ran.</p>
      ) : (
        <ol className="trace">
          {result.steps.map((step) => (
            // Step ids are unique within a definition.
            <TraceStep key={step.id} step={step} />
          ))}
        </ol>
      )}
      <h3>Mapping preview</h3>
      {mapping.length === 0 ? (
        <p className="state empty">The mapping would write nothing.</p>
      ) : (
        <table className="list" data-testid="mapping-preview">
          <caption className="visually-hidden">What would be written to the contact</caption>
          <thead>
            <tr>
              <th scope="col">Contact field</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {mapping.map(([field, value]) => (
              <tr key={field}>
                <th scope="row">
                  <code>{field}</code>
                </th>
                <td>
                  <code>{JSON.stringify(value)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.mappingSkipped.length > 0 && (
        <ul className="muted">
          {result.mappingSkipped.map((skip) => (
            <li key={skip.field}>
              <code>{skip.field}</code> skipped: {skip.reason}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Headers({ title, headers }: { title: string; headers: Record<string, string> }) {
  const entries = Object.entries(headers);
  if (!entries.length) return null;
  return (
    <>
      <h5>{title}</h5>
      <dl className="headers">
        {entries.map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

function TraceStep({ step }: { step: StepResult }) {
  const extracted = Object.entries(step.extracted);
  return (
    <li className="trace-step" data-testid={`trace-${step.id}`}>
      <h4>
        {step.id} <StatusBadge status={step.outcome} />{" "}
        <span data-testid="trace-status">{step.status ?? "no response"}</span>{" "}
        <span className="muted">
          {duration(step.durationMs)}
          {step.attempts > 1 ? ` · ${step.attempts} attempts` : ""}
        </span>
      </h4>
      <p className="request-line">
        <code>
          {step.method} {step.url ?? "—"}
        </code>
      </p>
      {step.error && (
        <p className="problem">
          {step.error.kind}: {step.error.message}
        </p>
      )}
      {extracted.length > 0 && (
        <dl className="extracted">
          {extracted.map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>
                <code>{JSON.stringify(value)}</code>
              </dd>
            </div>
          ))}
        </dl>
      )}
      {step.pagination && (
        <details>
          <summary>
            {step.pagination.pages} page(s), {step.pagination.items} item(s)
            {step.pagination.truncated ? " — truncated at a cap" : ""}
          </summary>
          <ol>
            {step.pagination.requests.map((page, n) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a trace's pages never reorder
              <li key={n}>
                <code>{page.url ?? "—"}</code> {page.status ?? "no response"} ·{" "}
                {duration(page.durationMs)}
              </li>
            ))}
          </ol>
        </details>
      )}
      <Headers title="Request headers" headers={step.requestHeaders} />
      <details>
        <summary>Request and response bodies, response headers</summary>
        {step.requestBody !== null && (
          <>
            <h5>Request body{step.requestBodyTruncated ? " (truncated)" : ""}</h5>
            <pre>{step.requestBody}</pre>
          </>
        )}
        <Headers title="Response headers" headers={step.responseHeaders} />
        {step.responseBody !== null && (
          <>
            <h5>Response body{step.responseBodyTruncated ? " (truncated)" : ""}</h5>
            <pre>{step.responseBody}</pre>
          </>
        )}
      </details>
    </li>
  );
}
