// Installing a template: each credential it needs binds to a workspace credential that fits
// (same auth type, its hosts covering the template's), or the dialog says what to create. The
// API's 422 problems show at the binding they name (`credentials.<name>`).
import { useEffect, useRef, useState } from "react";
import { Link } from "wouter";
import { ApiFailure, ok } from "../../lib/api.ts";
import { useWorkspace } from "../../lib/auth.tsx";
import { useLoad } from "../../lib/use-load.ts";
import { Field, OtherProblems, problemsAt } from "../../ui/form.tsx";
import { ErrorBox, Loading } from "../../ui/state.tsx";
import type { RequiredCredential, Template } from "./types.ts";

interface StoredCredential {
  name: string;
  authType: string;
  allowedHosts: string[];
}

/** A stored host pattern covers a host when equal, or as `*.example.com` for its subdomains. */
function covers(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (pattern.startsWith("*.")) return host.endsWith(pattern.slice(1));
  return false;
}

export function fits(stored: StoredCredential, needed: RequiredCredential): boolean {
  if (stored.authType !== needed.authType && needed.authType !== "other") return false;
  return needed.allowedHosts.every((host) => stored.allowedHosts.some((p) => covers(p, host)));
}

export function InstallDialog({ template, onClose }: { template: Template; onClose: () => void }) {
  const { api, ws } = useWorkspace();
  const dialog = useRef<HTMLDialogElement>(null);
  const credentials = useLoad(
    () => ok(api.v1.workspaces[":ws"].credentials.$get({ param: { ws }, query: { limit: "100" } })),
    [api, ws],
  );
  const [name, setName] = useState(template.name);
  const [binding, setBinding] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [installed, setInstalled] = useState<{ id: string; name: string } | null>(null);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  // Preselect, per needed credential, the same-named stored one if it fits, else the first fit.
  const stored = credentials.data?.data;
  useEffect(() => {
    if (!stored) return;
    const initial: Record<string, string> = {};
    for (const needed of template.requiredCredentials) {
      const fitting = stored.filter((candidate) => fits(candidate, needed));
      const pick = fitting.find((c) => c.name === needed.name) ?? fitting[0];
      if (pick) initial[needed.name] = pick.name;
    }
    setBinding(initial);
  }, [stored, template.requiredCredentials]);

  const problems = error instanceof ApiFailure ? error.problems : [];
  const shown = new Set([
    "name",
    ...template.requiredCredentials.map((c) => `credentials.${c.name}`),
  ]);

  async function install(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const connector = await ok(
        api.v1.workspaces[":ws"].templates[":id"].install.$post({
          param: { ws, id: template.id },
          json: {
            name: name.trim() || undefined,
            // An empty choice binds by the same name: the API's default when a name is unlisted.
            credentials: Object.fromEntries(Object.entries(binding).filter(([, v]) => v)),
          },
        }),
      );
      setInstalled({ id: connector.id, name: connector.name });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog ref={dialog} aria-labelledby="install-heading" onClose={onClose}>
      <h2 id="install-heading">Install {template.name}</h2>
      {installed ? (
        <>
          <p className="success" role="status">
            Installed as <Link href={`/connectors/${installed.id}`}>{installed.name}</Link>.
          </p>
          <div className="dialog-actions">
            <button type="button" onClick={() => dialog.current?.close()}>
              Close
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={install}>
          <Field label="Connector name" problems={problemsAt(problems, "name")}>
            {(props) => (
              <input {...props} value={name} onChange={(event) => setName(event.target.value)} />
            )}
          </Field>
          {credentials.error ? (
            <ErrorBox error={credentials.error} onRetry={credentials.reload} />
          ) : null}
          {!stored && !credentials.error && <Loading label="Loading your credentials…" />}
          {stored &&
            template.requiredCredentials.map((needed) => (
              <Binding
                key={needed.name}
                needed={needed}
                stored={stored}
                value={binding[needed.name] ?? ""}
                onChange={(value) => setBinding((prev) => ({ ...prev, [needed.name]: value }))}
                problems={problemsAt(problems, `credentials.${needed.name}`)}
              />
            ))}
          <OtherProblems problems={problems.filter((p) => !shown.has(p.path))} />
          {error && problems.length === 0 ? <ErrorBox error={error} /> : null}
          <div className="dialog-actions">
            <button type="button" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={busy || !stored}>
              {busy ? "Installing…" : "Install"}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}

function Binding({
  needed,
  stored,
  value,
  onChange,
  problems,
}: {
  needed: RequiredCredential;
  stored: StoredCredential[];
  value: string;
  onChange: (value: string) => void;
  problems: ReturnType<typeof problemsAt>;
}) {
  const fitting = stored.filter((candidate) => fits(candidate, needed));
  const others = stored.filter((candidate) => !fits(candidate, needed));
  const hosts = needed.allowedHosts.join(", ") || "no host";
  return (
    <div className="binding" data-testid={`binding-${needed.name}`}>
      <h3>
        <code>{needed.name}</code> ({needed.authType})
      </h3>
      <Field
        label={`Workspace credential for ${needed.name}`}
        problems={problems}
        hint={
          fitting.length === 0 ? (
            <>
              No credential of yours fits: create a {needed.authType} credential allowing {hosts}
              {needed.oauth ? " with the template's OAuth settings" : ""} on the{" "}
              <Link href="/credentials">Credentials</Link> page (e.g. named{" "}
              <code>{needed.name}</code>).
            </>
          ) : (
            <>Must allow {hosts}.</>
          )
        }
      >
        {(props) => (
          <select {...props} value={value} onChange={(event) => onChange(event.target.value)}>
            <option value="">Same name ({needed.name})</option>
            {fitting.length > 0 && (
              <optgroup label="Fits">
                {fitting.map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name} ({c.authType})
                  </option>
                ))}
              </optgroup>
            )}
            {others.length > 0 && (
              <optgroup label="Other credentials">
                {others.map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name} ({c.authType}; {c.allowedHosts.join(", ")})
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        )}
      </Field>
    </div>
  );
}
