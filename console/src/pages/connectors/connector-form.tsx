// The connector editor (create and edit): name, description, status, input schema, steps and the
// contact mapping as a form, or the same definition as raw JSON. A save's 422/400 problems show at
// the field their path names; any the form has no field for are listed above it.
import { type FormEvent, useState } from "react";
import { ApiFailure, ok, type Problem } from "../../lib/api.ts";
import type { ConnectorDefinition } from "../../../../engine/definition.ts";
import { useWorkspace } from "../../lib/auth.tsx";
import { useLoad } from "../../lib/use-load.ts";
import { Field, OtherProblems, problemsAt } from "../../ui/form.tsx";
import { ErrorBox } from "../../ui/state.tsx";
import {
  type DefinitionModel,
  emptyStep,
  type Json,
  JsonTextError,
  normalizeProblems,
  shownBy,
  toDefinition,
  toModel,
} from "./model.ts";
import { RowsEditor } from "./rows.tsx";
import { StepForm } from "./step-form.tsx";
import "./connectors.css";

export interface ConnectorValues {
  name: string;
  description: string | null;
  status: "active" | "disabled";
  definition: ConnectorDefinition;
}

export function ConnectorForm({
  initial,
  submitLabel,
  onSave,
}: {
  initial: {
    name: string;
    description: string | null;
    status: "active" | "disabled";
    definition: unknown;
  };
  submitLabel: string;
  onSave: (values: ConnectorValues) => Promise<void>;
}) {
  const { api, ws } = useWorkspace();
  const [name, setName] = useState(initial.name);
  const [description, setDescription] = useState(initial.description ?? "");
  const [status, setStatus] = useState(initial.status);
  const [model, setModel] = useState<DefinitionModel>(() => toModel(initial.definition));
  const [view, setView] = useState<"form" | "json">("form");
  const [raw, setRaw] = useState("");
  const [rawError, setRawError] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const credentials = useLoad(
    () => ok(api.v1.workspaces[":ws"].credentials.$get({ param: { ws }, query: { limit: "100" } })),
    [api, ws],
  );
  const credentialNames = credentials.data?.data.map((c) => c.name) ?? [];

  const setStep = (uid: number, patch: Partial<DefinitionModel["steps"][number]>) =>
    setModel((m) => ({
      ...m,
      steps: m.steps.map((s) => (s.uid === uid ? { ...s, ...patch } : s)),
    }));
  const moveStep = (index: number, by: -1 | 1) =>
    setModel((m) => {
      const steps = [...m.steps];
      const [step] = steps.splice(index, 1);
      if (step) steps.splice(index + by, 0, step);
      return { ...m, steps };
    });

  /** The definition the current view holds, or a problem at the text that does not parse. */
  function currentDefinition(): Record<string, Json> | null {
    if (view === "json") {
      try {
        const parsed = JSON.parse(raw) as Json;
        setRawError(null);
        return parsed as Record<string, Json>;
      } catch (e) {
        setRawError(`Not valid JSON: ${(e as Error).message}`);
        return null;
      }
    }
    try {
      return toDefinition(model);
    } catch (e) {
      if (e instanceof JsonTextError) {
        setProblems([{ path: e.path, message: e.message }]);
        return null;
      }
      throw e;
    }
  }

  function switchView(next: "form" | "json") {
    if (next === view) return;
    if (next === "json") {
      const definition = currentDefinition();
      if (!definition) return;
      setRaw(JSON.stringify(definition, null, 2));
      setView("json");
      return;
    }
    try {
      // Switching back re-parses the text; the form is rebuilt from it.
      setModel(toModel(JSON.parse(raw)));
      setRawError(null);
      setView("form");
    } catch (e) {
      setRawError(`Not valid JSON: ${(e as Error).message}`);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setSaved(false);
    setProblems([]);
    const definition = currentDefinition();
    if (!definition) return;
    setSaving(true);
    try {
      // Typed as the API's definition but not checked here: the API checks it and answers 422
      // with each problem's path, which the form shows at its field.
      await onSave({
        name,
        description: description || null,
        status,
        definition: definition as unknown as ConnectorDefinition,
      });
      setSaved(true);
    } catch (e) {
      const list = e instanceof ApiFailure ? normalizeProblems(e.problems) : [];
      setProblems(list);
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  const shown =
    view === "form"
      ? shownBy(model)
      : (path: string) => ["name", "description", "status"].includes(path);
  const others = problems.filter((p) => !shown(p.path));
  const at = (path: string, nested = false) => problemsAt(problems, path, nested);

  return (
    <form className="connector-form" onSubmit={submit} noValidate>
      {error ? <ErrorBox error={error} /> : null}
      <OtherProblems problems={others} />
      {credentials.error ? (
        <ErrorBox error={credentials.error} onRetry={credentials.reload} />
      ) : null}
      <div className="grid">
        <Field label="Name" problems={at("name")}>
          {(props) => <input {...props} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Status" problems={at("status")}>
          {(props) => (
            <select
              {...props}
              value={status}
              onChange={(e) => setStatus(e.target.value as "active" | "disabled")}
            >
              <option value="active">Active</option>
              <option value="disabled">Disabled</option>
            </select>
          )}
        </Field>
      </div>
      <Field label="Description" problems={at("description")}>
        {(props) => (
          <textarea
            {...props}
            rows={2}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        )}
      </Field>
      <fieldset className="view-switch">
        <legend className="visually-hidden">Definition view</legend>
        <button type="button" aria-pressed={view === "form"} onClick={() => switchView("form")}>
          Form
        </button>
        <button type="button" aria-pressed={view === "json"} onClick={() => switchView("json")}>
          JSON
        </button>
      </fieldset>
      {view === "json" ? (
        <Field
          label="Definition (JSON)"
          problems={rawError ? [{ path: "", message: rawError }] : []}
        >
          {(props) => (
            <textarea
              {...props}
              rows={24}
              className="code"
              value={raw}
              onChange={(e) => setRaw(e.target.value)}
            />
          )}
        </Field>
      ) : (
        <>
          <Field
            label="Input schema (JSON Schema)"
            problems={at("input", true)}
            hint='Optional. e.g. {"type": "object", "required": ["email"], "properties": {"email": {"type": "string"}}}'
          >
            {(props) => (
              <textarea
                {...props}
                rows={4}
                className="code"
                value={model.input}
                onChange={(e) => setModel((m) => ({ ...m, input: e.target.value }))}
              />
            )}
          </Field>
          <h2>Steps</h2>
          {at("steps").length > 0 && <p className="problem">{at("steps").map((p) => p.message)}</p>}
          {model.steps.map((step, index) => (
            <StepForm
              key={step.uid}
              step={step}
              index={index}
              count={model.steps.length}
              problems={problems}
              credentials={credentialNames}
              onChange={(patch) => setStep(step.uid, patch)}
              onMove={(by) => moveStep(index, by)}
              onRemove={() =>
                setModel((m) => ({ ...m, steps: m.steps.filter((s) => s.uid !== step.uid) }))
              }
            />
          ))}
          <button
            type="button"
            onClick={() =>
              setModel((m) => ({ ...m, steps: [...m.steps, emptyStep(m.steps.length)] }))
            }
          >
            Add step
          </button>
          <h2>Contact mapping</h2>
          {at("fieldMapping").length > 0 && (
            <p className="problem">{at("fieldMapping").map((p) => p.message)}</p>
          )}
          <RowsEditor
            legend="Contact field → value"
            rows={model.mapping}
            onChange={(mapping) => setModel((m) => ({ ...m, mapping }))}
            keyLabel="Contact field"
            valueLabel="Value"
            valuePlaceholder="{{steps.find.company}}"
            problems={problems}
            pathOf={(key) => `fieldMapping.${key}`}
            addLabel="Add mapping"
          />
        </>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? "Saving…" : submitLabel}
        </button>
        <span role="status">{saved ? "Saved." : ""}</span>
      </div>
    </form>
  );
}
