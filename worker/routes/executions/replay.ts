import type { Schema } from "hono";
import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { requireId } from "../../lib/ids.ts";
import { replayExecution } from "../../services/replay.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, errorContent, jsonResponse, workspaceErrors } from "../schemas.ts";
import { ExecutionIdParams, ExecutionSchema } from "./schema.ts";

const route = createRoute({
  method: "post",
  path: "/v1/workspaces/{ws}/executions/{id}/replay",
  operationId: "replayExecution",
  tags: ["Executions"],
  summary: "Run an execution again (runs in the background)",
  description:
    "Starts a new execution with the original's input and contact; `trigger` is `replay` and " +
    "`replayOf` names the original. By default it runs the connector's current definition (and " +
    "the original input must match its current input schema, else 409); " +
    "`?definition=snapshot` runs the original's definition snapshot instead. The connector " +
    "must still exist and be active (else 409). The same `Idempotency-Key` from the same user " +
    "within 24 h returns the first replay (`Idempotent-Replayed: true`); the key used for " +
    "anything else is 409.",
  security: bearerSecurity,
  request: {
    params: ExecutionIdParams,
    query: z.object({
      definition: z
        .enum(["current", "snapshot"])
        .optional()
        .openapi({
          param: { name: "definition", in: "query" },
          description:
            "`current` (default): the connector's definition now; `snapshot`: the definition " +
            "the original execution ran.",
          example: "snapshot",
        }),
    }),
    headers: z.object({
      "idempotency-key": z.string().min(1).max(255).optional().openapi({
        description: "Retries with the same key start nothing new.",
        example: "replay-0d3c9a57",
      }),
    }),
  },
  responses: {
    202: jsonResponse("Accepted", ExecutionSchema),
    ...workspaceErrors,
    409: errorContent(
      "The connector was deleted or is disabled, the input no longer matches its current " +
        "schema, or the Idempotency-Key was used for another request.",
    ),
  },
});

export function registerReplayExecution<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const { definition } = c.req.valid("query");
    const { execution, replayed } = await replayExecution(c.var, {
      executionId: requireId(id, "Execution"),
      definition: definition ?? "current",
      idempotencyKey: c.req.valid("header")["idempotency-key"] ?? null,
      runner: {
        connectionString: c.env.HYPERDRIVE.connectionString,
        waitUntil: (promise) => c.executionCtx.waitUntil(promise),
      },
    });
    if (replayed) c.header("Idempotent-Replayed", "true");
    return c.json(execution, 202);
  });
}
