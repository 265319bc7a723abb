import type { Schema } from "hono";
import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../../lib/errors.ts";
import { requireId } from "../../lib/ids.ts";
import { createBatch } from "../../services/batches.ts";
import type { AppEnv } from "../../types.ts";
import { ConnectorExecutionsParams } from "../executions/schema.ts";
import { bearerSecurity, errorContent, jsonResponse, workspaceErrors } from "../schemas.ts";
import { BatchSchema, CreateBatchBody } from "./schema.ts";

const route = createRoute({
  method: "post",
  path: "/v1/workspaces/{ws}/connectors/{id}/batches",
  operationId: "createBatch",
  tags: ["Batches"],
  summary: "Start a batch of executions (runs in the background)",
  description:
    "Checks every item, then commits the batch and all its executions in one transaction and " +
    "hands them to the runner, at the workspace's concurrency. Answers 202 with the batch as " +
    "GET returns it. The same `Idempotency-Key` from the same user within 24 h with the same " +
    "items returns the first batch (`Idempotent-Replayed: true`); with another connector or " +
    "other items it is 409 and starts nothing.",
  security: bearerSecurity,
  request: {
    params: ConnectorExecutionsParams,
    headers: z.object({
      "idempotency-key": z.string().min(1).max(255).optional().openapi({
        description: "Retries with the same key and items start nothing new.",
        example: "list-42-2026-12-03",
      }),
    }),
    body: { required: true, content: { "application/json": { schema: CreateBatchBody } } },
  },
  responses: {
    202: jsonResponse("Accepted", BatchSchema),
    ...workspaceErrors,
    409: errorContent(
      "The connector is disabled, or the Idempotency-Key was used for another connector or items.",
    ),
  },
});

/** `items.3.input` → `items[3].input`: a bad item is named the way the README writes it. */
function itemPath(path: PropertyKey[]): string {
  return path
    .map((part, i) =>
      typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`,
    )
    .join("");
}

export function registerCreateBatch<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(
    route,
    async (c) => {
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const key = c.req.valid("header")["idempotency-key"] ?? null;
      const { batch, replayed } = await createBatch(c.var, {
        connectorId: requireId(id, "Connector"),
        items: body.items.map((item) => ({ input: item.input, contactId: item.contactId ?? null })),
        idempotencyKey: key,
        runner: {
          connectionString: c.env.HYPERDRIVE.connectionString,
          waitUntil: (promise) => c.executionCtx.waitUntil(promise),
        },
      });
      if (replayed) c.header("Idempotent-Replayed", "true");
      return c.json(batch, 202);
    },
    (result): undefined => {
      if (result.success) return undefined;
      throw new ApiError("invalid_request", "The request is not valid.", {
        details: result.error.issues.map((issue) => ({
          path: itemPath(issue.path),
          code: issue.code,
          message: issue.message,
        })),
      });
    },
  );
}
