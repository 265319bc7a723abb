// The workspace's credentials: kind, hosts, placements and (OAuth 2.0) status, expiry and scopes;
// create one, set a new value, delete with a confirmation, and Connect an OAuth 2.0 credential
// (POST …/oauth/authorize, then the vendor's consent page; the callback comes back here with
// ?credential=<name>&status=connected|error).
import { useEffect, useRef, useState } from "react";
import { useLocation } from "wouter";
import { done, ok } from "../../lib/api.ts";
import { useWorkspace } from "../../lib/auth.tsx";
import { usePaged } from "../../lib/use-load.ts";
import { StatusBadge } from "../../ui/badge.tsx";
import { when } from "../../ui/format.ts";
import { PageHeader } from "../../ui/page.tsx";
import { Empty, ErrorBox, LoadMore } from "../../ui/state.tsx";
import { CredentialForm, type Existing } from "./form.tsx";
import "./credentials.css";

type Editing = { existing: Existing | null } | null;

/** What the OAuth callback said, read once from the URL it sent the browser back to. */
function callbackResult(): { credential: string; status: string; reason: string | null } | null {
  const params = new URLSearchParams(window.location.search);
  const credential = params.get("credential");
  const status = params.get("status");
  return credential && status ? { credential, status, reason: params.get("reason") } : null;
}

export function CredentialsPage() {
  const { api, ws } = useWorkspace();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(() => {
    const result = callbackResult();
    if (!result) return null;
    return result.status === "connected"
      ? `${result.credential} is connected.`
      : `Connecting ${result.credential} failed${result.reason ? ` (${result.reason})` : ""}.`;
  });
  const [location, navigate] = useLocation();
  // Read once: drop the callback's query so a reload (or Back) does not repeat the notice; through
  // wouter so its idea of the URL stays in sync.
  const hadCallback = useRef(callbackResult() !== null);
  useEffect(() => {
    if (!hadCallback.current) return;
    hadCallback.current = false;
    navigate(location, { replace: true });
  }, [location, navigate]);
  const formDialog = useRef<HTMLDialogElement>(null);
  const deleteDialog = useRef<HTMLDialogElement>(null);
  const list = usePaged(
    (cursor) =>
      ok(
        api.v1.workspaces[":ws"].credentials.$get({
          param: { ws },
          query: { cursor, limit: "20" },
        }),
      ),
    [api, ws],
  );

  function openForm(existing: Existing | null) {
    setEditing({ existing });
    formDialog.current?.showModal();
  }

  async function connect(name: string) {
    setActionError(null);
    try {
      const { authorizeUrl } = await ok(
        api.v1.workspaces[":ws"].credentials[":name"].oauth.authorize.$post({
          param: { ws, name },
          json: { returnTo: `${window.location.origin}/console/credentials` },
        }),
      );
      window.location.assign(authorizeUrl);
    } catch (error) {
      setActionError(error);
    }
  }

  async function remove(name: string) {
    setActionError(null);
    deleteDialog.current?.close();
    try {
      await done(api.v1.workspaces[":ws"].credentials[":name"].$delete({ param: { ws, name } }));
      setNotice(`${name} was deleted.`);
      list.reload();
    } catch (error) {
      setActionError(error);
    }
  }

  return (
    <>
      <PageHeader
        title="Credentials"
        actions={
          <button type="button" className="primary" onClick={() => openForm(null)}>
            New credential
          </button>
        }
      />
      {notice && (
        <p className="notice" role="status" data-testid="credentials-notice">
          {notice}
        </p>
      )}
      {actionError ? <ErrorBox error={actionError} /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? (
        <Empty>No credentials yet: add the API keys and OAuth apps your connectors use.</Empty>
      ) : (
        list.items.length > 0 && (
          <table className="list" data-testid="credentials">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Hosts</th>
                <th scope="col">Placements</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((credential) => (
                <tr key={credential.id} data-credential={credential.name}>
                  <td>
                    <code>{credential.name}</code>
                    {credential.provider && <div className="muted">{credential.provider}</div>}
                  </td>
                  <td>{credential.authType === "oauth2" ? "OAuth 2.0" : credential.authType}</td>
                  <td>{credential.allowedHosts.join(", ")}</td>
                  <td>{credential.placements.join(", ")}</td>
                  <td>
                    {credential.status ? (
                      <>
                        <StatusBadge status={credential.status} />
                        {credential.expiresAt && (
                          <div className="muted">expires {when(credential.expiresAt)}</div>
                        )}
                        {credential.scopes && credential.scopes.length > 0 && (
                          <div className="muted">scopes: {credential.scopes.join(" ")}</div>
                        )}
                      </>
                    ) : (
                      <span className="muted">
                        {credential.lastUsedAt
                          ? `used ${when(credential.lastUsedAt)}`
                          : "not used yet"}
                      </span>
                    )}
                  </td>
                  <td className="row-actions">
                    {credential.oauth?.grantType === "authorization_code" ? (
                      <button type="button" onClick={() => connect(credential.name)}>
                        {credential.status === "connected" ? "Reconnect" : "Connect"}
                        <span className="visually-hidden"> {credential.name}</span>
                      </button>
                    ) : credential.authType !== "oauth2" ? (
                      <button type="button" onClick={() => openForm(credential)}>
                        Set value<span className="visually-hidden"> for {credential.name}</span>
                      </button>
                    ) : null}
                    <button
                      type="button"
                      className="danger"
                      onClick={() => {
                        setDeleting(credential.name);
                        deleteDialog.current?.showModal();
                      }}
                    >
                      Delete<span className="visually-hidden"> {credential.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      )}
      <LoadMore list={list} />
      <dialog
        ref={formDialog}
        aria-labelledby="credential-form-heading"
        onClose={() => setEditing(null)}
      >
        {editing && (
          <CredentialForm
            existing={editing.existing}
            headingId="credential-form-heading"
            onCancel={() => formDialog.current?.close()}
            onDone={(name) => {
              formDialog.current?.close();
              setNotice(
                editing.existing ? `A new value for ${name} is stored.` : `${name} was created.`,
              );
              list.reload();
            }}
          />
        )}
      </dialog>
      <dialog ref={deleteDialog} aria-labelledby="delete-heading" onClose={() => setDeleting(null)}>
        <h2 id="delete-heading">Delete {deleting}?</h2>
        <p>Connectors that use it will fail until a credential with this name exists again.</p>
        <div className="dialog-actions">
          <button type="button" onClick={() => deleteDialog.current?.close()}>
            Keep it
          </button>
          <button type="button" className="danger" onClick={() => deleting && remove(deleting)}>
            Delete
          </button>
        </div>
      </dialog>
    </>
  );
}
