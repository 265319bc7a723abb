import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { requireId } from "../../lib/ids.ts";
import { cancelBatch } from "../../services/batches-cancel.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, jsonResponse, workspaceErrors } from "../schemas.ts";
import { BatchIdParams, BatchSchema } from "./schema.ts";

const route = createRoute({
  method: "post",
  path: "/v1/workspaces/{ws}/batches/{id}/cancel",
  operationId: "cancelBatch",
  tags: ["Batches"],
  summary: "Cancel every item of a batch that has not finished",
  description:
    "Queued and running items become `cancelled` at once (running ones are aborted, as a " +
    "single cancel does); finished items keep their result. Answers the batch: `cancelled`, or " +
    "still `completed` when every item had already finished. Cancelling again changes nothing.",
  security: bearerSecurity,
  request: { params: BatchIdParams },
  responses: {
    200: jsonResponse("The batch after the cancel", BatchSchema),
    ...workspaceErrors,
  },
});

export function registerCancelBatch<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await cancelBatch(c.var, requireId(id, "Batch")), 200);
  });
}
