import {
  type ConnectorDefinition,
  credentialNamesUsed,
  parseDefinitionShape,
  renameCredentials,
} from "../../engine/definition.ts";
import type { Tx } from "../db/client.ts";
import {
  type Connector,
  credentialBindings,
  getConnector,
  insertConnector,
  updateConnector,
} from "../db/connectors.ts";
import { credentialOAuthConfigs } from "../db/credential-oauth.ts";
import { getTemplate } from "../db/templates.ts";
import type { Config } from "../env.ts";
import { Conflict, Invalid, InvalidDefinition, NotFound } from "../lib/errors.ts";
import { readBack } from "./connectors.ts";
import { validateForWorkspace } from "./definitions.ts";
import { asCaller, type WorkspaceScope } from "./scope.ts";
import { oauthBindingProblems, storedPresets } from "./template-oauth.ts";
import {
  bindingFromConnector,
  bindingProblems,
  normalizeRequiredCredentials,
  placementBindingProblems,
} from "./template-requirements.ts";

/**
 * Turns a template's definition into a workspace's connector definition (install and upgrade):
 * binds each template credential to a workspace credential (`mapping`, else the same name),
 * refuses with 422 when one is missing, does not already cover the hosts the template calls, does
 * not allow the placements the template puts it in (docs/SECURITY.md), or is not an OAuth 2.0
 * credential matching the template's preset where a step authenticates with `oauth2`, renames,
 * then runs the same save-time validator as create and update.
 */
async function bindTemplate(
  tx: Tx,
  workspaceId: string,
  template: { definition: unknown; requiredCredentials: unknown },
  mapping: Readonly<Record<string, string>>,
  config: Config,
): Promise<ConnectorDefinition> {
  const templateDefinition = template.definition;
  const parsed = parseDefinitionShape(templateDefinition);
  if (!parsed.ok) {
    throw new InvalidDefinition(
      "The template's definition is not valid.",
      parsed.problems.map((p) => ({ ...p, path: `template.${p.path}` })),
    );
  }
  const used = credentialNamesUsed(parsed.definition);
  const unknown = Object.keys(mapping).filter((name) => !used.has(name));
  if (unknown.length > 0) {
    throw new Invalid(
      "credentials names credentials the template does not use.",
      unknown.map((name) => ({
        path: `credentials.${name}`,
        message: `the template has no credential "${name}" (it uses: ${[...used].sort().join(", ") || "none"})`,
      })),
    );
  }
  const bindings = await credentialBindings(tx, workspaceId);
  const problems = [
    ...bindingProblems(
      parsed.definition,
      mapping,
      new Map([...bindings].map(([name, b]) => [name, b.allowedHosts])),
    ),
    ...placementBindingProblems(parsed.definition, mapping, bindings),
    ...oauthBindingProblems(
      parsed.definition,
      mapping,
      storedPresets(normalizeRequiredCredentials(template.requiredCredentials)),
      await credentialOAuthConfigs(tx, workspaceId),
    ),
  ];
  if (problems.length > 0) {
    throw new InvalidDefinition(
      `The template cannot be bound to this workspace's credentials: ${problems.length} problem(s).`,
      problems,
    );
  }
  const renamed = renameCredentials(parsed.definition, mapping);
  return validateForWorkspace(tx, workspaceId, renamed, config);
}

/** Installs a template the caller can see as a new connector of the workspace. */
export function installTemplate(
  scope: WorkspaceScope,
  templateId: string,
  options: { name?: string; credentials?: Record<string, string> },
): Promise<Connector> {
  const workspaceId = scope.workspace.id;
  return asCaller(scope, async (tx) => {
    const template = await getTemplate(tx, templateId);
    if (!template) throw new NotFound("Template not found.");
    const definition = await bindTemplate(
      tx,
      workspaceId,
      template,
      options.credentials ?? {},
      scope.config,
    );
    const id = await insertConnector(tx, workspaceId, {
      name: options.name ?? template.name,
      description: template.description,
      definition,
      templateId: template.id,
      templateVersion: template.version,
    });
    return readBack(tx, workspaceId, id);
  });
}

/**
 * Moves a connector to its template's current version. Credentials stay bound the way the
 * connector binds them now (bindingFromConnector); `credentials` overrides.
 */
export function upgradeConnector(
  scope: WorkspaceScope,
  connectorId: string,
  credentials: Record<string, string> = {},
): Promise<Connector> {
  const workspaceId = scope.workspace.id;
  return asCaller(scope, async (tx) => {
    const current = await getConnector(tx, workspaceId, connectorId);
    if (!current) throw new NotFound("Connector not found.");
    if (!current.templateId) {
      throw new Conflict("This connector was not installed from a template.");
    }
    const template = await getTemplate(tx, current.templateId);
    if (!template) throw new Conflict("The connector's template is not available to you any more.");
    const from = current.templateVersion ?? 0;
    if (template.version <= from) {
      throw new Conflict(`The connector is at the template's latest version (${from}).`);
    }
    const newShape = parseDefinitionShape(template.definition);
    const oldShape = parseDefinitionShape(current.definition);
    const kept =
      newShape.ok && oldShape.ok
        ? bindingFromConnector(newShape.definition, oldShape.definition)
        : {};
    const definition = await bindTemplate(
      tx,
      workspaceId,
      template,
      { ...kept, ...credentials },
      scope.config,
    );
    await updateConnector(tx, workspaceId, connectorId, {
      definition,
      templateVersion: template.version,
    });
    return readBack(tx, workspaceId, connectorId);
  });
}
