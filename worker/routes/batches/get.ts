import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { requireId } from "../../lib/ids.ts";
import { readBatch } from "../../services/batches.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, jsonResponse, workspaceErrors } from "../schemas.ts";
import { BatchIdParams, BatchSchema } from "./schema.ts";

const route = createRoute({
  method: "get",
  path: "/v1/workspaces/{ws}/batches/{id}",
  operationId: "getBatch",
  tags: ["Batches"],
  summary: "Read a batch with live counts",
  description:
    "Counts are read from the batch's executions at request time. List the items themselves " +
    "with GET /connectors/{id}/executions?batchId=….",
  security: bearerSecurity,
  request: { params: BatchIdParams },
  responses: {
    200: jsonResponse("The batch", BatchSchema),
    ...workspaceErrors,
  },
});

export function registerGetBatch<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await readBatch(c.var, requireId(id, "Batch")), 200);
  });
}
