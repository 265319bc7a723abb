// Saas admins curating the marketplace. They write as themselves, under RLS: the policies and
// the guard trigger let saas admins set official, featured and review.
import {
  type ConnectorDefinition,
  parseDefinitionShape,
  validateDefinition,
} from "../../engine/definition.ts";
import type { OAuthPreset } from "../../engine/oauth-preset.ts";
import {
  deleteTemplate as deleteRow,
  type TemplatePatch,
  type TemplateReview,
  type TemplateVisibility,
  updateTemplate as updateRow,
} from "../db/templates.ts";
import type { Config } from "../env.ts";
import { Conflict, Forbidden, Invalid, InvalidDefinition, NotFound } from "../lib/errors.ts";
import { log } from "../lib/log.ts";
import { asCaller, type Scope } from "./scope.ts";
import { checkPresets, oauthCredentialNames, storedPresets } from "./template-oauth.ts";
import { deriveRequiredCredentials } from "./template-requirements.ts";
import { templateWriteError } from "./template-write-errors.ts";
import { insertDerived, readTemplate, type Template } from "./templates.ts";

const notFound = () => new NotFound("Template not found.");

type Help = Record<string, string | null>;
type Presets = Record<string, OAuthPreset>;

/** A template's definition is checked like a connector's, without any workspace's credentials. */
function checkDefinition(definition: unknown, config: Config): ConnectorDefinition {
  const checked = validateDefinition(definition, {
    credentialNames: null,
    credentialHosts: null,
    outbound: config.outbound,
  });
  if (!checked.ok) {
    throw new InvalidDefinition(
      `The template definition has ${checked.problems.length} problem(s).`,
      checked.problems,
    );
  }
  return checked.definition;
}

export interface AdminTemplateInput {
  slug: string;
  name: string;
  description?: string | null;
  category?: string | null;
  definition: unknown;
  visibility: TemplateVisibility;
  review: TemplateReview;
  isOfficial: boolean;
  isFeatured: boolean;
  ownerWorkspaceId?: string | null;
  credentialHelp?: Help;
  credentialOAuth?: Presets;
}

export async function createTemplate(scope: Scope, input: AdminTemplateInput): Promise<Template> {
  const definition = checkDefinition(input.definition, scope.config);
  checkPresets(definition, input.credentialOAuth ?? {}, scope.config.outbound, "saas_admin");
  if (input.visibility === "workspace" && !input.ownerWorkspaceId) {
    throw new Invalid("A workspace template needs ownerWorkspaceId.", [
      { path: "ownerWorkspaceId", message: "required when visibility is workspace" },
    ]);
  }
  return asCaller(scope, async (tx) => {
    const created = await insertDerived(tx, {
      ...input,
      description: input.description ?? null,
      category: input.category ?? null,
      ownerWorkspaceId: input.ownerWorkspaceId ?? null,
      definition,
    });
    // A workspace template of a workspace the admin is not in would be invisible to them:
    // refused, and rolled back with this transaction.
    if (!created) {
      throw new Forbidden(
        "Saas admins can only create workspace templates in their own workspaces.",
      );
    }
    return created;
  });
}

export type AdminTemplatePatch = Partial<Omit<AdminTemplateInput, "ownerWorkspaceId">>;

/**
 * Only the fields given change. A new definition is checked; `requiredCredentials` is derived
 * again whenever the definition or the help texts change, keeping help of the ones that remain.
 */
export async function updateTemplate(
  scope: Scope,
  id: string,
  input: AdminTemplatePatch,
): Promise<Template> {
  const { credentialHelp, credentialOAuth, definition: given, ...fields } = input;
  const definition = given === undefined ? undefined : checkDefinition(given, scope.config);
  const template = await asCaller(scope, async (tx) => {
    const current = await readTemplate(tx, id);
    if (!current) return null;
    if (input.visibility === "workspace" && !current.ownerWorkspaceId) {
      throw new Invalid("A platform template has no workspace to keep it.", [
        { path: "visibility", message: "workspace needs an owner workspace" },
      ]);
    }
    const patch: TemplatePatch = { ...fields, definition };
    if (definition !== undefined || credentialHelp !== undefined || credentialOAuth) {
      const stored = parseDefinitionShape(current.definition);
      const source = definition ?? (stored.ok ? stored.definition : null);
      if (source) {
        checkPresets(source, credentialOAuth ?? {}, scope.config.outbound, "saas_admin");
        const help: Help = Object.fromEntries(
          current.requiredCredentials.map((cred) => [cred.name, cred.helpText]),
        );
        // Presets of credentials the definition still sends as oauth2 are kept.
        const oauth = oauthCredentialNames(source);
        const kept = Object.entries(storedPresets(current.requiredCredentials)).filter(([name]) =>
          oauth.has(name),
        );
        patch.requiredCredentials = deriveRequiredCredentials(
          source,
          { ...help, ...credentialHelp },
          { ...Object.fromEntries(kept), ...credentialOAuth },
        );
      }
    }
    if (!(await updateRow(tx, id, patch))) return null;
    return readTemplate(tx, id);
  }).catch(templateWriteError);
  if (!template) throw notFound();
  return template;
}

/** Approves or rejects a public community template; the decision is logged with its note. */
export async function reviewTemplate(
  scope: Scope,
  id: string,
  input: { decision: "approved" | "rejected"; note?: string },
): Promise<Template> {
  const template = await asCaller(scope, async (tx) => {
    const current = await readTemplate(tx, id);
    if (!current) return null;
    if (current.isOfficial || current.visibility !== "public" || !current.ownerWorkspaceId) {
      throw new Conflict("Only public community templates are reviewed.");
    }
    await updateRow(tx, id, { review: input.decision });
    return readTemplate(tx, id);
  }).catch(templateWriteError);
  if (!template) throw notFound();
  log("info", "template reviewed", {
    requestId: scope.requestId,
    templateId: id,
    decision: input.decision,
    reviewer: scope.auth.userId,
    note: input.note,
  });
  return template;
}

export async function deleteTemplate(scope: Scope, id: string): Promise<void> {
  if (!(await asCaller(scope, (tx) => deleteRow(tx, id)))) throw notFound();
}
