// Starts an execution of a connector: a dialog with the input (JSON) and an optional contact,
// POST …/connectors/:id/executions with one Idempotency-Key per opening of the dialog (a double
// click or a retry after a lost answer starts one execution), then the execution's page.
import { useEffect, useRef, useState } from "react";
import { useLocation } from "wouter";
import { ApiFailure, ok } from "../../lib/api.ts";
import { useWorkspace } from "../../lib/auth.tsx";
import { useLoad } from "../../lib/use-load.ts";
import { Field, OtherProblems, problemsAt } from "../../ui/form.tsx";
import { ErrorBox } from "../../ui/state.tsx";
import { exampleInput } from "./example-input.ts";
import "./executions.css";

export function RunConnectorButton({
  connectorId,
  connectorName,
}: {
  connectorId: string;
  connectorName: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [key, setKey] = useState("");
  return (
    <>
      <button
        type="button"
        className="primary"
        onClick={() => {
          setKey(crypto.randomUUID());
          dialog.current?.showModal();
        }}
      >
        Run
      </button>
      <dialog ref={dialog} aria-labelledby={`run-${connectorId}`} className="run-dialog">
        {key && (
          <RunForm
            key={key}
            idempotencyKey={key}
            connectorId={connectorId}
            connectorName={connectorName}
            headingId={`run-${connectorId}`}
            onClose={() => {
              dialog.current?.close();
              setKey("");
            }}
          />
        )}
      </dialog>
    </>
  );
}

function RunForm({
  idempotencyKey,
  connectorId,
  connectorName,
  headingId,
  onClose,
}: {
  idempotencyKey: string;
  connectorId: string;
  connectorName: string;
  headingId: string;
  onClose: () => void;
}) {
  const { api, ws } = useWorkspace();
  const [, navigate] = useLocation();
  const [input, setInput] = useState("{}");
  const [contactId, setContactId] = useState("");
  const [jsonError, setJsonError] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // Start from the connector's input schema (its examples), unless the user already typed.
  const connector = useLoad(
    () => ok(api.v1.workspaces[":ws"].connectors[":id"].$get({ param: { ws, id: connectorId } })),
    [api, ws, connectorId],
  );
  const schema = connector.data?.definition.input;
  useEffect(() => {
    if (schema) setInput((current) => (current === "{}" ? exampleInput(schema) : current));
  }, [schema]);
  const contacts = useLoad(
    () => ok(api.v1.workspaces[":ws"].contacts.$get({ param: { ws }, query: { limit: "100" } })),
    [api, ws],
  );

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(input || "{}");
    } catch {
      setJsonError("The input is not valid JSON.");
      return;
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      setJsonError("The input must be a JSON object.");
      return;
    }
    setJsonError("");
    setBusy(true);
    try {
      const execution = await ok(
        api.v1.workspaces[":ws"].connectors[":id"].executions.$post({
          param: { ws, id: connectorId },
          header: { "idempotency-key": idempotencyKey },
          json: {
            input: parsed as Record<string, unknown>,
            contactId: contactId || undefined,
          },
        }),
      );
      onClose();
      navigate(`/executions/${execution.id}`);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  const problems = error instanceof ApiFailure ? error.problems : [];
  const inputProblems = [
    ...(jsonError ? [{ path: "input", message: jsonError }] : []),
    ...problemsAt(problems, "input", true),
  ];
  return (
    <form onSubmit={submit}>
      <h2 id={headingId}>Run {connectorName}</h2>
      {error && problems.length === 0 ? <ErrorBox error={error} /> : null}
      <OtherProblems
        problems={problems.filter((p) => p.path !== "input" && !p.path.startsWith("input."))}
      />
      <Field
        label="Input (JSON)"
        problems={inputProblems}
        hint="Checked against the connector's input schema."
      >
        {(props) => (
          <textarea
            {...props}
            className="code"
            rows={6}
            value={input}
            onChange={(event) => setInput(event.target.value)}
          />
        )}
      </Field>
      <Field label="Contact (optional)">
        {(props) => (
          <select
            {...props}
            value={contactId}
            onChange={(event) => {
              const id = event.target.value;
              setContactId(id);
              // The usual input is the contact's email: fill an empty "email" from the contact.
              const email = contacts.data?.data.find((contact) => contact.id === id)?.email;
              if (email) setInput((current) => withEmail(current, email));
            }}
          >
            <option value="">No contact</option>
            {contacts.data?.data.map((contact) => (
              <option key={contact.id} value={contact.id}>
                {[contact.firstName, contact.lastName].filter(Boolean).join(" ") || contact.id}
                {contact.email ? ` <${contact.email}>` : ""}
              </option>
            ))}
          </select>
        )}
      </Field>
      {contacts.error ? <ErrorBox error={contacts.error} onRetry={contacts.reload} /> : null}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Starting…" : "Start"}
        </button>
      </div>
    </form>
  );
}

/** The input with `email` set, when the input is an object whose `email` is empty. */
function withEmail(input: string, email: string): string {
  try {
    const parsed: unknown = JSON.parse(input);
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return input;
    const object = parsed as Record<string, unknown>;
    if (!("email" in object) || (object.email !== "" && object.email !== null)) return input;
    return JSON.stringify({ ...object, email }, null, 2);
  } catch {
    return input;
  }
}
