// The marketplace as a workspace sees it: browse, read, publish. What a template needs from an
// installer (credentials, hosts, input schema) is derived here from its stored definition.
import { type ConnectorDefinition, parseDefinitionShape } from "../../engine/definition.ts";
import type { OAuthPreset } from "../../engine/oauth-preset.ts";
import type { Tx } from "../db/client.ts";
import { getConnector } from "../db/connectors.ts";
import {
  getTemplate,
  insertTemplate,
  type ListTemplatesArgs,
  listTemplates as listRows,
  type StoredTemplate,
  type TemplateWrite,
} from "../db/templates.ts";
import { InvalidDefinition, NotFound } from "../lib/errors.ts";
import { encodeTemplateCursor } from "../lib/template-cursor.ts";
import { asCaller, type Scope, type WorkspaceScope } from "./scope.ts";
import { checkPresets } from "./template-oauth.ts";
import {
  deriveRequiredCredentials,
  normalizeRequiredCredentials,
  type RequiredCredential,
  templateHosts,
} from "./template-requirements.ts";
import { templateWriteError } from "./template-write-errors.ts";

export interface Template extends Omit<StoredTemplate, "requiredCredentials"> {
  inputSchema: Record<string, unknown> | null;
  requiredCredentials: RequiredCredential[];
  hosts: string[];
}

/** The API's template object from a stored row. */
function present(row: StoredTemplate): Template {
  const input = (row.definition as { input?: unknown }).input;
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    category: row.category,
    definition: row.definition,
    inputSchema:
      typeof input === "object" && input !== null && !Array.isArray(input)
        ? (input as Record<string, unknown>)
        : null,
    requiredCredentials: normalizeRequiredCredentials(row.requiredCredentials),
    hosts: templateHosts(row.definition),
    isOfficial: row.isOfficial,
    isFeatured: row.isFeatured,
    visibility: row.visibility,
    review: row.review,
    ownerWorkspaceId: row.ownerWorkspaceId,
    version: row.version,
    installCount: row.installCount,
    ratingAvg: row.ratingAvg,
    ratingCount: row.ratingCount,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** One template if the caller may read it (RLS), else null. */
export async function readTemplate(tx: Tx, id: string): Promise<Template | null> {
  const row = await getTemplate(tx, id);
  return row ? present(row) : null;
}

export type NewTemplate = Omit<TemplateWrite, "definition" | "requiredCredentials"> & {
  definition: ConnectorDefinition;
  credentialHelp?: Record<string, string | null>;
  /** OAuth presets, already checked (template-oauth.ts `checkPresets`). */
  credentialOAuth?: Record<string, OAuthPreset>;
};

/**
 * Inserts a template with the credentials it needs derived from its definition, and reads it
 * back as the caller (null when they cannot see it). Refusals come back as domain errors.
 */
export async function insertDerived(tx: Tx, input: NewTemplate): Promise<Template | null> {
  const { credentialHelp, credentialOAuth, ...fields } = input;
  try {
    const id = await insertTemplate(tx, {
      ...fields,
      requiredCredentials: deriveRequiredCredentials(
        input.definition,
        credentialHelp ?? {},
        credentialOAuth ?? {},
      ),
    });
    return await readTemplate(tx, id);
  } catch (error) {
    templateWriteError(error);
  }
}

export async function listTemplates(scope: Scope, args: ListTemplatesArgs) {
  const rows = await asCaller(scope, (tx) => listRows(tx, args));
  const data = rows.slice(0, args.limit);
  const last = data[data.length - 1];
  const nextCursor =
    rows.length > args.limit && last ? encodeTemplateCursor(args.sort, last) : null;
  return { data: data.map(present), nextCursor };
}

export async function getVisibleTemplate(scope: Scope, id: string): Promise<Template> {
  const template = await asCaller(scope, (tx) => readTemplate(tx, id));
  if (!template) throw new NotFound("Template not found.");
  return template;
}

export interface PublishInput {
  connectorId: string;
  slug: string;
  name?: string;
  description?: string | null;
  category?: string | null;
  credentialHelp?: Record<string, string | null>;
  credentialOAuth?: Record<string, OAuthPreset>;
  visibility: "public" | "workspace";
}

/**
 * Publishes a connector of the workspace as a template: its definition (credential names, never
 * values) and what an installer must bind. Policies force a public one to wait for review.
 */
export async function publishTemplate(
  scope: WorkspaceScope,
  input: PublishInput,
): Promise<Template> {
  const workspaceId = scope.workspace.id;
  const template = await asCaller(scope, async (tx) => {
    const connector = await getConnector(tx, workspaceId, input.connectorId);
    if (!connector) throw new NotFound("Connector not found.");
    const parsed = parseDefinitionShape(connector.definition);
    if (!parsed.ok) {
      throw new InvalidDefinition("The connector's definition is not valid.", parsed.problems);
    }
    const author = input.visibility === "public" ? "public_community" : "own_workspace";
    checkPresets(parsed.definition, input.credentialOAuth ?? {}, scope.config.outbound, author);
    return insertDerived(tx, {
      slug: input.slug,
      name: input.name ?? connector.name,
      description: input.description === undefined ? connector.description : input.description,
      category: input.category ?? null,
      definition: parsed.definition,
      credentialHelp: input.credentialHelp,
      credentialOAuth: input.credentialOAuth,
      visibility: input.visibility,
      ownerWorkspaceId: workspaceId,
    });
  });
  if (!template) throw new Error("published template not readable");
  return template;
}
