import {
  type ConnectorDefinition,
  credentialNamesUsed,
  parseDefinitionShape,
  renameCredentials,
} from "../../engine/definition.ts";
import type { Tx } from "../db/client.ts";
import { credentialBindings } from "../db/connectors.ts";
import type { Config } from "../env.ts";
import { validateForWorkspace } from "./definitions.ts";
import { ApiError } from "./errors.ts";
import { bindingProblems, placementBindingProblems } from "./templates.ts";

/**
 * Turns a template's definition into a workspace's connector definition (install and upgrade):
 * binds each template credential to a workspace credential (`mapping`, else the same name),
 * refuses with 422 when one is missing, does not already cover the hosts the template calls, or
 * does not allow the placements the template puts it in (SPEC §7), renames, then runs the same save-time validator as create and update.
 */
export async function bindTemplate(
  tx: Tx,
  workspaceId: string,
  templateDefinition: unknown,
  mapping: Readonly<Record<string, string>>,
  config: Config,
): Promise<ConnectorDefinition> {
  const parsed = parseDefinitionShape(templateDefinition);
  if (!parsed.ok) {
    throw new ApiError("invalid_definition", "The template's definition is not valid.", {
      details: parsed.problems.map((p) => ({ ...p, path: `template.${p.path}` })),
    });
  }
  const used = credentialNamesUsed(parsed.definition);
  const unknown = Object.keys(mapping).filter((name) => !used.has(name));
  if (unknown.length > 0) {
    throw new ApiError(
      "invalid_request",
      "credentials names credentials the template does not use.",
      {
        details: unknown.map((name) => ({
          path: `credentials.${name}`,
          message: `the template has no credential "${name}" (it uses: ${[...used].sort().join(", ") || "none"})`,
        })),
      },
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
  ];
  if (problems.length > 0) {
    throw new ApiError(
      "invalid_definition",
      `The template cannot be bound to this workspace's credentials: ${problems.length} problem(s).`,
      { details: problems },
    );
  }
  const renamed = renameCredentials(parsed.definition, mapping);
  return validateForWorkspace(tx, workspaceId, renamed, config);
}
