// One template: what it does and calls, the credentials it needs (with OAuth presets), its
// version, ratings and reviews, and the install dialog.
import { useState } from "react";
import { Link, useParams } from "wouter";
import { ok } from "../../lib/api.ts";
import { useWorkspace } from "../../lib/auth.tsx";
import { useLoad } from "../../lib/use-load.ts";
import { when } from "../../ui/format.ts";
import { PageHeader } from "../../ui/page.tsx";
import { Show } from "../../ui/state.tsx";
import { InstallDialog } from "./install-dialog.tsx";
import { Ratings } from "./ratings.tsx";
import { Stars } from "./stars.tsx";
import type { RequiredCredential, Template } from "./types.ts";
import "./marketplace.css";

export function TemplatePage() {
  const { id } = useParams<{ id: string }>();
  const { api } = useWorkspace();
  const state = useLoad(() => ok(api.v1.templates[":id"].$get({ param: { id } })), [api, id]);
  return (
    <Show state={state}>
      {(template) => <TemplateView template={template} reload={state.reload} />}
    </Show>
  );
}

function TemplateView({ template, reload }: { template: Template; reload: () => void }) {
  const [installing, setInstalling] = useState(false);
  return (
    <>
      <PageHeader
        title={template.name}
        actions={
          <button type="button" className="primary" onClick={() => setInstalling(true)}>
            Install
          </button>
        }
      >
        <p>
          <Link href="/marketplace">← Marketplace</Link>
        </p>
      </PageHeader>
      {template.description && <p>{template.description}</p>}
      <dl className="template-meta">
        <dt>Rating</dt>
        <dd>
          <Stars value={template.ratingAvg} count={template.ratingCount} />
        </dd>
        <dt>Version</dt>
        <dd data-testid="template-version">{template.version}</dd>
        <dt>Source</dt>
        <dd>
          {template.isOfficial ? "Official" : "Community"}
          {template.isFeatured ? " · featured" : ""}
        </dd>
        <dt>Category</dt>
        <dd>{template.category ?? "—"}</dd>
        <dt>Installs</dt>
        <dd>{template.installCount}</dd>
        <dt>Calls</dt>
        <dd>{template.hosts.join(", ") || "—"}</dd>
        <dt>Updated</dt>
        <dd>{when(template.updatedAt)}</dd>
      </dl>
      <section aria-labelledby="steps-heading">
        <h2 id="steps-heading">Steps</h2>
        <ol className="steps-overview">
          {template.definition.steps.map((step) => (
            <li key={step.id}>
              <strong>{step.id}</strong>: {step.request.method} <code>{step.request.url}</code>
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="credentials-heading">
        <h2 id="credentials-heading">Required credentials</h2>
        {template.requiredCredentials.length === 0 ? (
          <p className="muted">None: it installs as it is.</p>
        ) : (
          <ul>
            {template.requiredCredentials.map((credential) => (
              <li key={credential.name}>
                <CredentialNeed credential={credential} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <Ratings template={template} onRated={reload} />
      {installing && <InstallDialog template={template} onClose={() => setInstalling(false)} />}
    </>
  );
}

/** What a required credential is and needs: type, hosts, placements, an OAuth preset. */
export function CredentialNeed({ credential }: { credential: RequiredCredential }) {
  return (
    <>
      <code>{credential.name}</code> ({credential.authType}) for{" "}
      {credential.allowedHosts.join(", ") || "no host"}
      {credential.placements && <> · placements: {credential.placements.join(", ")}</>}
      {credential.queryParam && (
        <>
          {" "}
          · query parameter <code>{credential.queryParam}</code>
        </>
      )}
      {credential.oauth && (
        <div className="muted">
          OAuth 2.0 ({credential.oauth.grantType}) via <code>{credential.oauth.tokenUrl}</code>,
          scopes: {credential.oauth.scopes.join(", ") || "none"}. Store an OAuth credential with
          your own client id and secret and these settings.
        </div>
      )}
      {credential.helpText && <div className="muted">{credential.helpText}</div>}
    </>
  );
}
