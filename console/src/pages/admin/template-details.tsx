// What a saas admin reviews or edits: a template's facts, the hosts it calls, its steps and the
// credentials an installer must bind.
import type { Template } from "../marketplace/types.ts";
import { CredentialNeed } from "../marketplace/template.tsx";
import { StatusBadge } from "../../ui/badge.tsx";
import { when } from "../../ui/format.ts";

export function TemplateDetails({ template }: { template: Template }) {
  return (
    <>
      {template.description && <p>{template.description}</p>}
      <dl className="template-meta">
        <dt>Slug</dt>
        <dd>
          <code>{template.slug}</code>
        </dd>
        <dt>Review</dt>
        <dd>
          <StatusBadge status={template.review} />
        </dd>
        <dt>Visibility</dt>
        <dd>{template.visibility}</dd>
        <dt>Category</dt>
        <dd>{template.category ?? "—"}</dd>
        <dt>Publisher</dt>
        <dd>{template.ownerWorkspaceId ? <code>{template.ownerWorkspaceId}</code> : "Platform"}</dd>
        <dt>Version</dt>
        <dd>{template.version}</dd>
        <dt>Calls</dt>
        <dd>{template.hosts.join(", ") || "—"}</dd>
        <dt>Updated</dt>
        <dd>{when(template.updatedAt)}</dd>
      </dl>
      <details>
        <summary>Steps and credentials</summary>
        <ol className="steps-overview">
          {template.definition.steps.map((step) => (
            <li key={step.id}>
              <strong>{step.id}</strong>: {step.request.method} <code>{step.request.url}</code>
            </li>
          ))}
        </ol>
        <ul>
          {template.requiredCredentials.map((credential) => (
            <li key={credential.name}>
              <CredentialNeed credential={credential} />
            </li>
          ))}
        </ul>
      </details>
    </>
  );
}
