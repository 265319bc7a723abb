// The dry run: the connector's steps run now, with the workspace's credentials, and nothing is
// written but the audit entry. The connector and the contact are read as the user (RLS), the
// sealed credentials as service_role once the caller's membership is proven.
import { validateInput } from "../../engine/input-schema.ts";
import type { JsonValue } from "../../engine/json.ts";
import { type RunResult, runSteps } from "../../engine/run.ts";
import { createTokenSource } from "../../execution/oauth-tokens.ts";
import { prepareRun } from "../../execution/prepare.ts";
import { recordDryRun } from "../db/audit.ts";
import { Invalid, NotFound } from "../lib/errors.ts";
import { getKeyring } from "../lib/keyring.ts";
import { assertRunInputShape } from "./run-input.ts";
import type { WorkspaceScope } from "./scope.ts";

/** A workspace request, and its signal: a client that goes away stops the run. */
export type DryRunScope = WorkspaceScope & { signal: AbortSignal };

export interface DryRunResult {
  status: "succeeded" | "failed";
  steps: RunResult["steps"];
  output: RunResult["output"];
  mapping: RunResult["mapping"];
  mappingSkipped: NonNullable<RunResult["mappingSkipped"]>;
  durationMs: number;
  error?:
    | NonNullable<RunResult["error"]>
    | { kind: "credential_error"; message: string; stepId: null };
}

function inputSchemaOf(definition: JsonValue): JsonValue | undefined {
  return definition && typeof definition === "object" && !Array.isArray(definition)
    ? definition.input
    : undefined;
}

export async function dryRun(
  scope: DryRunScope,
  args: { connectorId: string; input: Record<string, unknown>; contactId: string | null },
): Promise<DryRunResult> {
  assertRunInputShape(args.input);
  const { db, auth, config } = scope;
  const workspaceId = scope.workspace.id;
  const prepared = await prepareRun(
    { from: "connector", workspaceId, connectorId: args.connectorId, contactId: args.contactId },
    {
      read: (query) => db.asUser(auth.claims, query),
      readSecrets: (query) => db.asService(query),
      keyring: getKeyring(config),
    },
  );
  if (!prepared) throw new NotFound("Connector not found.");
  if (args.contactId && !prepared.contact) throw new NotFound("Contact not found.");
  const checked = validateInput(inputSchemaOf(prepared.definition), args.input);
  if (!checked.ok) {
    throw new Invalid("The input does not match the connector's schema.", checked.errors);
  }
  if (!prepared.credentials.ok) {
    const { error } = prepared.credentials;
    return {
      status: "failed",
      steps: [],
      output: {},
      mapping: {},
      mappingSkipped: [],
      durationMs: 0,
      error,
    };
  }

  const credentials = prepared.credentials.values;
  // Audited (and the credentials' last_used_at moved) before anything is sent; committed on
  // its own, so no transaction is open during the outbound calls below.
  const recorded = await db.asUser(auth.claims, (tx) =>
    recordDryRun(tx, workspaceId, args.connectorId, Object.keys(credentials)),
  );
  if (!recorded) throw new NotFound("Connector not found.");
  const result = await runSteps(
    prepared.definition,
    { input: args.input as JsonValue, credentials, contact: prepared.contact, executionId: null },
    {
      fetch: (url, init) => fetch(url, init),
      policy: config.outbound,
      signal: scope.signal,
      // OAuth tokens are refreshed (and stored) as in any run: the dry run holds a lease too.
      tokens: createTokenSource({
        asService: (query) => db.asService(query),
        keyring: getKeyring(config),
        workspaceId,
        fetch: (url, init) => fetch(url, init),
        policy: config.outbound,
        bindings: prepared.credentialBindings,
      }),
    },
  );
  return {
    status: result.status === "succeeded" ? "succeeded" : "failed",
    steps: result.steps,
    output: result.output,
    mapping: result.mapping,
    mappingSkipped: result.mappingSkipped ?? [],
    durationMs: result.durationMs,
    ...(result.error ? { error: result.error } : {}),
  };
}
