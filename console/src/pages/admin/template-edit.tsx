// Create or edit a template as a saas admin: its fields, flags and the raw JSON definition. The
// API's problems show at the field their path names; definition problems (paths inside the
// definition) show under the JSON. Delete asks first in a dialog.
import { useEffect, useRef, useState } from "react";
import { Link, useLocation } from "wouter";
import { ApiFailure, type Problem, done, ok } from "../../lib/api.ts";
import { useAuth } from "../../lib/auth.tsx";
import { useLoad } from "../../lib/use-load.ts";
import { Field, problemsAt } from "../../ui/form.tsx";
import { PageHeader } from "../../ui/page.tsx";
import { ErrorBox, Show } from "../../ui/state.tsx";
import type { DefinitionInput, Template } from "../marketplace/types.ts";
import "./admin.css";

const FIELDS = ["slug", "name", "description", "category", "visibility", "review"] as const;
const STARTER = { input: { type: "object" }, steps: [] };

export function EditTemplate({ id }: { id: string | null }) {
  const { api } = useAuth();
  const state = useLoad(
    () => (id ? ok(api.v1.templates[":id"].$get({ param: { id } })) : Promise.resolve(null)),
    [api, id],
  );
  return <Show state={state}>{(template) => <TemplateForm template={template} />}</Show>;
}

function TemplateForm({ template }: { template: Template | null }) {
  const { api } = useAuth();
  const [, navigate] = useLocation();
  const [form, setForm] = useState({
    slug: template?.slug ?? "",
    name: template?.name ?? "",
    description: template?.description ?? "",
    category: template?.category ?? "",
    visibility: template?.visibility ?? ("public" as const),
    review: template?.review ?? ("approved" as const),
    isOfficial: template?.isOfficial ?? false,
    isFeatured: template?.isFeatured ?? false,
  });
  const [json, setJson] = useState(JSON.stringify(template?.definition ?? STARTER, null, 2));
  const [error, setError] = useState<unknown>(null);
  const [jsonProblem, setJsonProblem] = useState<Problem[]>([]);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState(false);

  const problems = error instanceof ApiFailure ? error.problems : [];
  const known = (path: string) => (FIELDS as readonly string[]).includes(path);
  const definitionProblems = [...jsonProblem, ...problems.filter((p) => !known(p.path))];
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) =>
    setForm((prev) => ({ ...prev, [key]: value }));

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    setSaved(false);
    let definition: DefinitionInput;
    try {
      // The API checks the definition and answers with each problem's path.
      definition = JSON.parse(json) as DefinitionInput;
      setJsonProblem([]);
    } catch (parseError) {
      setJsonProblem([{ path: "definition", message: `Not JSON: ${String(parseError)}` }]);
      return;
    }
    const body = {
      ...form,
      description: form.description.trim() || null,
      category: form.category.trim() || null,
      definition,
    };
    setBusy(true);
    try {
      if (template) {
        await ok(api.v1.admin.templates[":id"].$patch({ param: { id: template.id }, json: body }));
        setSaved(true);
      } else {
        const created = await ok(api.v1.admin.templates.$post({ json: body }));
        navigate(`/admin/templates/${created.id}`);
      }
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeader
        title={template ? `Edit ${template.name}` : "New template"}
        actions={
          template && (
            <button type="button" className="danger" onClick={() => setDeleting(true)}>
              Delete
            </button>
          )
        }
      >
        <p>
          <Link href="/admin/templates">← Templates</Link>
          {template && <> · version {template.version}</>}
        </p>
      </PageHeader>
      <form className="template-form" onSubmit={save} noValidate>
        {(
          [
            ["slug", "Slug"],
            ["name", "Name"],
            ["category", "Category"],
          ] as const
        ).map(([key, label]) => (
          <Field key={key} label={label} problems={problemsAt(problems, key)}>
            {(props) => (
              <input
                {...props}
                value={form[key]}
                onChange={(event) => set(key, event.target.value)}
              />
            )}
          </Field>
        ))}
        <Field label="Description" problems={problemsAt(problems, "description")}>
          {(props) => (
            <textarea
              {...props}
              value={form.description}
              onChange={(event) => set("description", event.target.value)}
            />
          )}
        </Field>
        <Field label="Visibility" problems={problemsAt(problems, "visibility")}>
          {(props) => (
            <select
              {...props}
              value={form.visibility}
              onChange={(event) => set("visibility", event.target.value as "public" | "workspace")}
            >
              <option value="public">Public</option>
              <option value="workspace">Workspace</option>
            </select>
          )}
        </Field>
        <Field label="Review" problems={problemsAt(problems, "review")}>
          {(props) => (
            <select
              {...props}
              value={form.review}
              onChange={(event) => set("review", event.target.value as typeof form.review)}
            >
              <option value="approved">Approved</option>
              <option value="pending">Pending</option>
              <option value="rejected">Rejected</option>
            </select>
          )}
        </Field>
        <div className="checks">
          <label>
            <input
              type="checkbox"
              checked={form.isOfficial}
              onChange={(event) => set("isOfficial", event.target.checked)}
            />{" "}
            Official
          </label>
          <label>
            <input
              type="checkbox"
              checked={form.isFeatured}
              onChange={(event) => set("isFeatured", event.target.checked)}
            />{" "}
            Featured
          </label>
        </div>
        <Field
          label="Definition (JSON)"
          problems={definitionProblems.map((p) => ({
            ...p,
            message: p.path && p.path !== "definition" ? `${p.path}: ${p.message}` : p.message,
          }))}
          hint="The connector definition: input schema, steps, field mapping. A change bumps the version."
        >
          {(props) => (
            <textarea
              {...props}
              className="code"
              spellCheck={false}
              value={json}
              onChange={(event) => setJson(event.target.value)}
            />
          )}
        </Field>
        {error && problems.length === 0 ? <ErrorBox error={error} /> : null}
        {saved && (
          <p className="success" role="status">
            Saved.
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Saving…" : template ? "Save" : "Create template"}
        </button>
      </form>
      {deleting && template && (
        <DeleteDialog template={template} onClose={() => setDeleting(false)} />
      )}
    </>
  );
}

function DeleteDialog({ template, onClose }: { template: Template; onClose: () => void }) {
  const { api } = useAuth();
  const [, navigate] = useLocation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => dialog.current?.showModal(), []);

  async function remove() {
    try {
      await done(api.v1.admin.templates[":id"].$delete({ param: { id: template.id } }));
      navigate("/admin/templates");
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <dialog ref={dialog} aria-labelledby="delete-heading" onClose={onClose}>
      <h2 id="delete-heading">Delete {template.name}?</h2>
      <p>Connectors installed from it keep working; its ratings go with it.</p>
      {error ? <ErrorBox error={error} /> : null}
      <div className="dialog-actions">
        <button type="button" onClick={() => dialog.current?.close()}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={remove}>
          Delete template
        </button>
      </div>
    </dialog>
  );
}
