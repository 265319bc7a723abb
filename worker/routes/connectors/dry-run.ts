import type { Schema } from "hono";
import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { requireId } from "../../lib/ids.ts";
import { dryRun } from "../../services/dry-run.ts";
import type { AppEnv } from "../../types.ts";
import { MappingSkipSchema, StepErrorKindSchema, StepResultSchema } from "../executions/schema.ts";
import { StartExecutionBody } from "../executions/start.ts";
import { bearerSecurity, workspaceErrors, jsonResponse } from "../schemas.ts";
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
  operationId: "dryRunConnector",
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
    200: jsonResponse("The dry run's result", DryRunSchema),
    ...workspaceErrors,
  },
});

export function registerDryRunConnector<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const given = c.req.valid("json") as Partial<z.infer<typeof StartExecutionBody>> | undefined;
    const input = given?.input ?? {};
    const result = await dryRun(
      { ...c.var, signal: c.req.raw.signal },
      { connectorId: requireId(id, "Connector"), input, contactId: given?.contactId ?? null },
    );
    return c.json(result, 200);
  });
}
