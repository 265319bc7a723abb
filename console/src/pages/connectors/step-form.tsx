// One step of the definition as a form: request, auth, body, extract, onError and pagination. Every
// input shows the API's problems at its own path (`steps.<i>.request.url`, …).
import type { Problem } from "../../lib/api.ts";
import { Field, problemsAt } from "../../ui/form.tsx";
import {
  AUTH_TYPES,
  type AuthType,
  PAGINATE_COMMON,
  PAGINATE_FIELDS,
  PAGINATE_TYPES,
  type PaginateType,
  type StepModel,
} from "./model.ts";
import { RowsEditor } from "./rows.tsx";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const AUTH_LABELS: Record<AuthType, string> = {
  none: "None",
  bearer: "Bearer token",
  oauth2: "OAuth 2.0",
  api_key: "API key (header or query)",
  basic: "Basic (username + credential)",
};

export function StepForm({
  step,
  index,
  count,
  problems,
  credentials,
  onChange,
  onMove,
  onRemove,
}: {
  step: StepModel;
  index: number;
  count: number;
  problems: Problem[];
  credentials: string[];
  onChange: (patch: Partial<StepModel>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const s = `steps.${index}`;
  const r = `${s}.request`;
  const at = (path: string, nested = false) => problemsAt(problems, path, nested);
  const title = `Step ${index + 1}${step.id ? `: ${step.id}` : ""}`;
  const paginateFields = step.paginateType
    ? [...PAGINATE_FIELDS[step.paginateType], ...PAGINATE_COMMON]
    : [];
  return (
    <section className="step" aria-labelledby={`step-${step.uid}-title`}>
      <header className="step-header">
        <h3 id={`step-${step.uid}-title`}>{title}</h3>
        <div className="actions">
          <button type="button" disabled={index === 0} onClick={() => onMove(-1)}>
            Move up<span className="visually-hidden"> {title}</span>
          </button>
          <button type="button" disabled={index === count - 1} onClick={() => onMove(1)}>
            Move down<span className="visually-hidden"> {title}</span>
          </button>
          <button type="button" disabled={count === 1} onClick={onRemove}>
            Remove<span className="visually-hidden"> {title}</span>
          </button>
        </div>
      </header>
      {at(s).length > 0 && <p className="problem">{at(s).map((p) => p.message)}</p>}
      <div className="grid">
        <Field
          label="Step id"
          problems={at(`${s}.id`)}
          hint="Later steps read {{steps.<id>.<name>}}."
        >
          {(props) => (
            <input {...props} value={step.id} onChange={(e) => onChange({ id: e.target.value })} />
          )}
        </Field>
        <Field label="Method" problems={at(`${r}.method`)}>
          {(props) => (
            <select
              {...props}
              value={step.method}
              onChange={(e) => onChange({ method: e.target.value })}
            >
              {METHODS.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="On error" problems={at(`${s}.onError`)}>
          {(props) => (
            <select
              {...props}
              value={step.onError}
              onChange={(e) => onChange({ onError: e.target.value as StepModel["onError"] })}
            >
              <option value="fail">Fail the execution</option>
              <option value="continue">Continue</option>
            </select>
          )}
        </Field>
      </div>
      <Field
        label="URL"
        problems={[...at(r), ...at(`${r}.url`)]}
        hint="Placeholders: {{input.email}}, {{steps.find.personId}}; scheme and host are literal."
      >
        {(props) => (
          <input
            {...props}
            className="wide"
            value={step.url}
            onChange={(e) => onChange({ url: e.target.value })}
          />
        )}
      </Field>
      {at(`${r}.headers`).length > 0 && (
        <p className="problem">{at(`${r}.headers`).map((p) => p.message)}</p>
      )}
      <RowsEditor
        legend="Headers"
        rows={step.headers}
        onChange={(headers) => onChange({ headers })}
        keyLabel="Header name"
        valueLabel="Header value"
        problems={problems}
        pathOf={(key) => `${r}.headers.${key}`}
        addLabel="Add header"
      />
      <fieldset>
        <legend>Authentication</legend>
        {at(`${r}.auth`).length > 0 && (
          <p className="problem" role="alert">
            {at(`${r}.auth`).map((p) => p.message)}
          </p>
        )}
        <div className="grid">
          <Field label="Auth" problems={at(`${r}.auth.type`)}>
            {(props) => (
              <select
                {...props}
                value={step.authType}
                onChange={(e) => onChange({ authType: e.target.value as AuthType })}
              >
                {AUTH_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {AUTH_LABELS[t]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {step.authType !== "none" && (
            <Field label="Credential" problems={at(`${r}.auth.credential`)}>
              {(props) => (
                <select
                  {...props}
                  value={step.credential}
                  onChange={(e) => onChange({ credential: e.target.value })}
                >
                  <option value="">Choose a credential…</option>
                  {[...new Set([...credentials, step.credential].filter(Boolean))].map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
              )}
            </Field>
          )}
          {step.authType === "api_key" && (
            <>
              <Field label="Send in" problems={at(`${r}.auth.in`)}>
                {(props) => (
                  <select
                    {...props}
                    value={step.apiKeyIn}
                    onChange={(e) => onChange({ apiKeyIn: e.target.value as "header" | "query" })}
                  >
                    <option value="header">Header</option>
                    <option value="query">Query parameter</option>
                  </select>
                )}
              </Field>
              <Field label="Header or parameter name" problems={at(`${r}.auth.name`)}>
                {(props) => (
                  <input
                    {...props}
                    value={step.apiKeyName}
                    onChange={(e) => onChange({ apiKeyName: e.target.value })}
                  />
                )}
              </Field>
            </>
          )}
          {step.authType === "basic" && (
            <Field label="Username" problems={at(`${r}.auth.username`)}>
              {(props) => (
                <input
                  {...props}
                  value={step.username}
                  onChange={(e) => onChange({ username: e.target.value })}
                />
              )}
            </Field>
          )}
        </div>
      </fieldset>
      <Field
        label="JSON body"
        problems={at(`${r}.body`, true)}
        hint={
          step.otherBody !== undefined && !step.body.trim()
            ? "This step has a non-JSON body: edit it in the JSON view."
            : 'Leave empty for no body. A whole-string placeholder keeps its type: {"score": "{{input.score}}"}.'
        }
      >
        {(props) => (
          <textarea
            {...props}
            rows={4}
            className="code"
            value={step.body}
            onChange={(e) => onChange({ body: e.target.value })}
          />
        )}
      </Field>
      {at(`${s}.extract`).length > 0 && (
        <p className="problem">{at(`${s}.extract`).map((p) => p.message)}</p>
      )}
      <RowsEditor
        legend="Extract (name → JSONPath)"
        rows={step.extract}
        onChange={(extract) => onChange({ extract })}
        keyLabel="Extracted name"
        valueLabel="JSONPath"
        valuePlaceholder="$.results[0].id"
        problems={problems}
        pathOf={(key) => `${s}.extract.${key}`}
        addLabel="Add extracted value"
      />
      <fieldset>
        <legend>Pagination</legend>
        {at(`${s}.paginate`).length > 0 && (
          <p className="problem" role="alert">
            {at(`${s}.paginate`).map((p) => p.message)}
          </p>
        )}
        <div className="grid">
          <Field label="Style" problems={at(`${s}.paginate.type`)}>
            {(props) => (
              <select
                {...props}
                value={step.paginateType}
                onChange={(e) => onChange({ paginateType: e.target.value as PaginateType })}
              >
                {PAGINATE_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {t || "No pagination"}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {paginateFields.map((field) => (
            <Field key={field} label={field} problems={at(`${s}.paginate.${field}`, true)}>
              {(props) => (
                <input
                  {...props}
                  value={step.paginate[field] ?? ""}
                  onChange={(e) =>
                    onChange({ paginate: { ...step.paginate, [field]: e.target.value } })
                  }
                />
              )}
            </Field>
          ))}
        </div>
        {step.paginateType && (
          <p className="hint">
            Caps: maxPages ≤ 100, maxItems ≤ 10,000; onLimit: truncate or fail.
          </p>
        )}
      </fieldset>
    </section>
  );
}
