// The connector's inbound webhooks: list (cursor paged), create, rotate, delete. A secret is shown
// once — in the create or rotate answer — with a copy button and a signed curl example, whose
// `Connectors-Signature: t=…,v1=…` is HMAC-SHA256 over `<t>.<body>` computed here with WebCrypto.
import { type FormEvent, useEffect, useState } from "react";
import { ApiFailure, done, ok, type Problem } from "../../lib/api.ts";
import { useWorkspace } from "../../lib/auth.tsx";
import { usePaged } from "../../lib/use-load.ts";
import { CopyButton } from "../../ui/copy.tsx";
import { Field, OtherProblems, problemsAt } from "../../ui/form.tsx";
import { when } from "../../ui/format.ts";
import { Empty, ErrorBox, LoadMore } from "../../ui/state.tsx";

const EXAMPLE_BODY = '{"email":"ada@lovelace.test"}';

async function sign(secret: string, t: number, body: string): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    enc.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, enc.encode(`${t}.${body}`));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The secret, once, with a copy button and a curl line signed with it (valid for 300 s). */
function SecretOnce({
  url,
  secret,
  onDismiss,
}: {
  url: string;
  secret: string;
  onDismiss: () => void;
}) {
  const [curl, setCurl] = useState("");
  useEffect(() => {
    const t = Math.floor(Date.now() / 1000);
    void sign(secret, t, EXAMPLE_BODY).then((v1) =>
      setCurl(
        `curl -X POST '${url}' \\\n  -H 'content-type: application/json' \\\n  -H 'Connectors-Signature: t=${t},v1=${v1}' \\\n  --data '${EXAMPLE_BODY}'`,
      ),
    );
  }, [url, secret]);
  return (
    <section className="secret-once" aria-labelledby="secret-title" data-testid="webhook-secret">
      <h3 id="secret-title">Signing secret — shown only now</h3>
      <p>Copy it into the sender; it cannot be shown again (rotate to get a new one).</p>
      <p className="secret">
        <code data-testid="secret-value">{secret}</code>{" "}
        <CopyButton text={secret} label="Copy secret" />
      </p>
      <h4>Signed example (valid for 5 minutes)</h4>
      <pre data-testid="curl-example">{curl || "Signing…"}</pre>
      {curl && <CopyButton text={curl} label="Copy curl example" />}{" "}
      <button type="button" onClick={onDismiss}>
        I have stored the secret
      </button>
    </section>
  );
}

export function Webhooks({ connectorId }: { connectorId: string }) {
  const { api, ws } = useWorkspace();
  const hooks = api.v1.workspaces[":ws"].connectors[":id"].webhooks;
  const list = usePaged(
    (cursor) => ok(hooks.$get({ param: { ws, id: connectorId }, query: { cursor, limit: "20" } })),
    [api, ws, connectorId],
  );
  const [description, setDescription] = useState("");
  const [contactIdPath, setContactIdPath] = useState("");
  const [problems, setProblems] = useState<Problem[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  // Which hook's Delete or Rotate waits for a confirmation: a rotation ends the old secret at once
  // (SPEC §9), so a stray or double click must not rotate, nor rotate twice.
  const [confirming, setConfirming] = useState<{ id: string; what: "delete" | "rotate" } | null>(
    null,
  );
  const [busy, setBusy] = useState(false);

  async function act(what: () => Promise<void>) {
    if (busy) return;
    setBusy(true);
    setError(null);
    setProblems([]);
    try {
      await what();
      list.reload();
    } catch (e) {
      setProblems(e instanceof ApiFailure ? e.problems : []);
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function create(event: FormEvent) {
    event.preventDefault();
    void act(async () => {
      const hook = await ok(
        hooks.$post({
          param: { ws, id: connectorId },
          json: {
            description: description.trim() || undefined,
            contactIdPath: contactIdPath.trim() || undefined,
          },
        }),
      );
      setSecret({ url: hook.url, secret: hook.secret });
      setDescription("");
      setContactIdPath("");
    });
  }

  const others = problems.filter((p) => !["description", "contactIdPath"].includes(p.path));
  return (
    <div className="webhooks">
      {secret && <SecretOnce {...secret} onDismiss={() => setSecret(null)} />}
      {error ? <ErrorBox error={error} /> : null}
      <OtherProblems problems={others} />
      {!list.loading && !list.error && list.items.length === 0 ? (
        <Empty>No webhooks yet: create one to start this connector from another system.</Empty>
      ) : (
        list.items.length > 0 && (
          <table className="list">
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Description</th>
                <th scope="col">Contact id path</th>
                <th scope="col">Last delivery</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((hook) => (
                <tr key={hook.id}>
                  <td>
                    <code>{hook.url}</code> <CopyButton text={hook.url} label="Copy URL" />
                  </td>
                  <td>{hook.description ?? "—"}</td>
                  <td>{hook.contactIdPath ? <code>{hook.contactIdPath}</code> : "—"}</td>
                  <td>{when(hook.lastDeliveryAt)}</td>
                  <td className="actions">
                    {confirming?.id === hook.id ? (
                      <>
                        <button
                          type="button"
                          className="danger"
                          disabled={busy}
                          onClick={(event) =>
                            // The confirmation appears under the pointer: the second click of a
                            // double click (detail 2) must not confirm it.
                            event.detail < 2 &&
                            act(async () => {
                              setConfirming(null);
                              const param = { ws, id: connectorId, hookId: hook.id };
                              if (confirming.what === "delete") {
                                await done(hooks[":hookId"].$delete({ param }));
                                return;
                              }
                              const rotated = await ok(hooks[":hookId"].rotate.$post({ param }));
                              setSecret({ url: rotated.url, secret: rotated.secret });
                            })
                          }
                        >
                          {confirming.what === "delete" ? "Confirm delete" : "Confirm rotate"}
                        </button>
                        <button type="button" onClick={() => setConfirming(null)}>
                          Keep
                        </button>
                      </>
                    ) : (
                      <>
                        <button
                          type="button"
                          disabled={busy}
                          onClick={() => setConfirming({ id: hook.id, what: "rotate" })}
                        >
                          Rotate secret
                        </button>
                        <button
                          type="button"
                          disabled={busy}
                          onClick={() => setConfirming({ id: hook.id, what: "delete" })}
                        >
                          Delete
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      )}
      <LoadMore list={list} />
      <form onSubmit={create} noValidate className="create-webhook">
        <h3>New webhook</h3>
        <div className="grid">
          <Field label="Description" problems={problemsAt(problems, "description")}>
            {(props) => (
              <input
                {...props}
                value={description}
                onChange={(e) => setDescription(e.target.value)}
              />
            )}
          </Field>
          <Field
            label="Contact id path"
            problems={problemsAt(problems, "contactIdPath")}
            hint="Optional JSONPath into a delivery's body naming the contact, e.g. $.contact.id"
          >
            {(props) => (
              <input
                {...props}
                value={contactIdPath}
                onChange={(e) => setContactIdPath(e.target.value)}
              />
            )}
          </Field>
        </div>
        <button type="submit" className="primary">
          Create webhook
        </button>
      </form>
    </div>
  );
}
