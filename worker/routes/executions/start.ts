import type { Schema } from "hono";
import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { requireId } from "../../lib/ids.ts";
import { startExecution } from "../../services/executions.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, errorContent, workspaceErrors, jsonResponse } from "../schemas.ts";
import { ConnectorExecutionsParams, ExecutionSchema } from "./schema.ts";

export const StartExecutionBody = z
  .strictObject({
    input: z
      .record(z.string(), z.unknown())
      .default({})
      .openapi({
        description:
          "Checked against the connector's input JSON Schema. At most 64 levels deep; an input " +
          "that would cost more than 20,000 schema evaluations, or more than 1,000 items under " +
          "`uniqueItems`, is a 400 naming the path.",
        example: { email: "ada@lovelace.test", score: 42 },
      }),
    contactId: z.uuid().optional().openapi({
      description:
        "A contact of the workspace: `{{contact.*}}` reads it, the field mapping writes it.",
      example: "c0000000-0000-4000-8000-000000000001",
    }),
  })
  .openapi("StartExecution");

const route = createRoute({
  method: "post",
  path: "/v1/workspaces/{ws}/connectors/{id}/executions",
  operationId: "startExecution",
  tags: ["Executions"],
  summary: "Start an execution (runs in the background)",
  description:
    "Validates the input, commits a `queued` execution with a snapshot of the definition, then " +
    "hands it to the runner. Answers 202 at once; poll GET /executions/{id}. The same " +
    "`Idempotency-Key` from the same user within 24 h returns the first execution (also 202, " +
    "with `Idempotent-Replayed: true`); the same key on another connector or with a different " +
    "body (`input`, `contactId`) is 409 `conflict` and starts nothing.",
  security: bearerSecurity,
  request: {
    params: ConnectorExecutionsParams,
    headers: z.object({
      "idempotency-key": z
        .string()
        .min(1)
        .max(255)
        .optional()
        .openapi({
          description:
            "Retries with the same key and body start nothing new; reusing it for another " +
            "connector or body is 409.",
          example: "order-1234",
        }),
    }),
    body: { required: false, content: { "application/json": { schema: StartExecutionBody } } },
  },
  responses: {
    202: jsonResponse("Accepted", ExecutionSchema),
    ...workspaceErrors,
    409: errorContent(
      "The connector is disabled, or the Idempotency-Key was used for another connector or body.",
    ),
  },
});

export function registerStartExecution<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const given = c.req.valid("json") as Partial<z.infer<typeof StartExecutionBody>> | undefined;
    const body = { input: given?.input ?? {}, contactId: given?.contactId };
    const key = c.req.valid("header")["idempotency-key"] ?? null;

    const { execution, replayed } = await startExecution(c.var, {
      connectorId: requireId(id, "Connector"),
      input: body.input,
      contactId: body.contactId ?? null,
      idempotencyKey: key,
      runner: {
        connectionString: c.env.HYPERDRIVE.connectionString,
        waitUntil: (promise) => c.executionCtx.waitUntil(promise),
      },
    });
    if (replayed) c.header("Idempotent-Replayed", "true");
    return c.json(execution, 202);
  });
}
