import {
  type ConnectorDefinition,
  parseDefinitionShape,
  validateDefinition,
} from "../../engine/definition.ts";
import { checkCredentialPlacements, type PlacementRules } from "../../engine/placements.ts";
import type { Tx } from "../db/client.ts";
import { type CredentialBinding, credentialBindings } from "../db/connectors.ts";
import type { Config } from "../env.ts";
import { InvalidDefinition } from "../lib/errors.ts";

/** The placement rules of each credential, as `checkCredentialPlacements` takes them. */
export function placementRules(
  bindings: ReadonlyMap<string, CredentialBinding>,
): Record<string, PlacementRules> {
  const rules: Record<string, PlacementRules> = {};
  for (const [name, binding] of bindings) {
    Object.defineProperty(rules, name, {
      value: { placements: binding.placements, queryParam: binding.queryParam },
      enumerable: true,
    });
  }
  return rules;
}

/**
 * The save-time check shared by create, update, install and upgrade: the engine's validator
 * with the workspace's credentials (names and allowed hosts) and the run-time outbound rules,
 * and the placement check against each credential's placement rules.
 */
export async function validateForWorkspace(
  tx: Tx,
  workspaceId: string,
  definition: unknown,
  config: Config,
): Promise<ConnectorDefinition> {
  const bindings = await credentialBindings(tx, workspaceId);
  const result = validateDefinition(definition, {
    credentialNames: new Set(bindings.keys()),
    credentialHosts: new Map([...bindings].map(([name, b]) => [name, b.allowedHosts])),
    outbound: config.outbound,
  });
  // Placement problems are reported alongside the others whenever the shape allows it.
  const shape = result.ok ? result : parseDefinitionShape(definition);
  const placementProblems = shape.ok
    ? checkCredentialPlacements(shape.definition, placementRules(bindings))
    : [];
  if (!result.ok || placementProblems.length > 0) {
    const problems = [...(result.ok ? [] : result.problems), ...placementProblems];
    throw new InvalidDefinition(
      `The connector definition has ${problems.length} problem(s).`,
      problems,
    );
  }
  return result.definition;
}
