import { type ConnectorDefinition, validateDefinition } from "../../engine/definition.ts";
import { credentialBindings } from "../db/connectors.ts";
import type { Tx } from "../db/client.ts";
import type { Config } from "../env.ts";
import { ApiError } from "./errors.ts";

/**
 * The save-time check shared by create, update, install and upgrade: the engine's validator
 * with the workspace's credentials (names and allowed hosts) and the run-time outbound rules.
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
    credentialHosts: bindings,
    outbound: config.outbound,
  });
  if (!result.ok) {
    throw new ApiError(
      "invalid_definition",
      `The connector definition has ${result.problems.length} problem(s).`,
      { details: result.problems },
    );
  }
  return result.definition;
}
