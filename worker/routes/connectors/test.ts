import type { Schema } from "hono";
import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { openCredential } from "../../../engine/crypto.ts";
import { credentialNamesUsed, parseDefinitionShape } from "../../../engine/definition.ts";
import { checkInputShape, validateInput } from "../../../engine/input-schema.ts";
import type { JsonValue } from "../../../engine/json.ts";
import { type CredentialInput, runSteps } from "../../../engine/run.ts";
import { recordDryRun } from "../../db/audit.ts";
import { loadSealedCredentials } from "../../db/credential-secrets.ts";
import { loadRunnableConnector } from "../../db/dispatch.ts";
import { ApiError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import { getKeyring } from "../../lib/keyring.ts";
import type { AppEnv } from "../../types.ts";
import { MappingSkipSchema, StepErrorKindSchema, StepResultSchema } from "../executions/schema.ts";
import { StartExecutionBody } from "../executions/start.ts";
import { bearerSecurity, workspaceErrors } from "../schemas.ts";
import { ConnectorIdParams } from "./schema.ts";

const DryRunSchema = z
  .object({
    status: z.enum(["succeeded", "failed"]),
    steps: z
      .array(StepResultSchema)
      .openapi({ description: "Redacted, as an execution stores them." }),
    output: z
      .record(z.string(), z.unknown())
      .openapi({ description: "Extracted values per step id." }),
    mapping: z
      .record(z.string(), z.unknown())
      .openapi({ description: "What the field mapping would write (null values skipped)." }),
    mappingSkipped: z.array(MappingSkipSchema).openapi({
      description:
        "Field-mapping entries left out of `mapping` because a tainted value fed them " +
        "(extracted from an answer to a request that put a credential in a query, path or body).",
    }),
    durationMs: z.number().int(),
    error: z
      .object({ kind: StepErrorKindSchema, message: z.string(), stepId: z.string().nullable() })
      .optional(),
  })
  .openapi("DryRun");

const route = createRoute({
  method: "post",
  path: "/v1/workspaces/{ws}/connectors/{id}/test",
  operationId: "testConnector",
  tags: ["Executions"],
  summary: "Dry run: run the connector now and show what would happen",
  description:
    "Sends the requests (POSTs too) with the workspace's credentials and returns the redacted " +
    "step results, the output and the mapping it would apply — but writes no execution, no " +
    "counter and no contact. It is recorded in the audit log (`connector.test`, with the " +
    "credential names it uses), and those credentials' `lastUsedAt` moves.",
  security: bearerSecurity,
  request: {
    params: ConnectorIdParams,
    body: { required: false, content: { "application/json": { schema: StartExecutionBody } } },
  },
  responses: {
    200: {
      description: "The dry run's result",
      content: { "application/json": { schema: DryRunSchema } },
    },
    ...workspaceErrors,
  },
});

export function registerTestConnector<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const given = c.req.valid("json") as Partial<z.infer<typeof StartExecutionBody>> | undefined;
    const input = given?.input ?? {};
    const workspaceId = c.var.workspace.id;
    const { db, auth, config } = c.var;
    if (!isUuid(id)) throw new ApiError("not_found", "Connector not found.");
    const inputShape = checkInputShape(input);
    if (!inputShape.ok) {
      throw new ApiError("invalid_request", "The input is not acceptable.", {
        details: inputShape.errors,
      });
    }

    const { connector, contact } = await db.asUser(auth.claims, async (tx) => {
      const found = await loadRunnableConnector(tx, workspaceId, id);
      if (!found) throw new ApiError("not_found", "Connector not found.");
      let row: Record<string, JsonValue> | null = null;
      if (given?.contactId) {
        const [hit] = await tx<{ contact: Record<string, JsonValue> }[]>`
          select jsonb_build_object(
            'id', id, 'email', email, 'first_name', first_name, 'last_name', last_name,
            'phone', phone, 'company', company, 'custom_fields', custom_fields) as contact
          from connectors.contacts where workspace_id = ${workspaceId} and id = ${given.contactId}`;
        if (!hit) throw new ApiError("not_found", "Contact not found.");
        row = hit.contact;
      }
      return { connector: found, contact: row };
    });
    const checked = validateInput(connector.definition.input as JsonValue | undefined, input);
    if (!checked.ok) {
      throw new ApiError("invalid_request", "The input does not match the connector's schema.", {
        details: checked.errors,
      });
    }

    const shape = parseDefinitionShape(connector.definition);
    const names = shape.ok ? [...credentialNamesUsed(shape.definition)] : [];
    const credentials: Record<string, CredentialInput> = {};
    const keyring = getKeyring(config);
    for (const sealed of await loadSealedCredentials(db, workspaceId, names)) {
      try {
        credentials[sealed.name] = await openCredential(keyring, workspaceId, sealed);
      } catch (error) {
        return c.json(
          {
            status: "failed" as const,
            steps: [],
            output: {},
            mapping: {},
            mappingSkipped: [],
            durationMs: 0,
            error: {
              kind: "credential_error",
              message: error instanceof Error ? error.message : "credential unusable",
              stepId: null,
            },
          },
          200,
        );
      }
    }

    // Audited (and the credentials' last_used_at moved) before anything is sent; committed on
    // its own, so no transaction is open during the outbound calls below.
    const recorded = await db.asUser(auth.claims, (tx) =>
      recordDryRun(tx, workspaceId, id, Object.keys(credentials)),
    );
    if (!recorded) throw new ApiError("not_found", "Connector not found.");
    const result = await runSteps(
      connector.definition,
      { input: input as JsonValue, credentials, contact, executionId: null },
      { fetch: (url, init) => fetch(url, init), policy: config.outbound, signal: c.req.raw.signal },
    );
    return c.json(
      {
        status: result.status === "succeeded" ? ("succeeded" as const) : ("failed" as const),
        steps: result.steps,
        output: result.output,
        mapping: result.mapping,
        mappingSkipped: result.mappingSkipped ?? [],
        durationMs: result.durationMs,
        ...(result.error ? { error: result.error } : {}),
      },
      200,
    );
  });
}
