import type { Schema } from "hono";
import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors, jsonResponse } from "../schemas.ts";
import {
  ConnectorExecutionsParams,
  ExecutionSchema,
  ExecutionStatusSchema,
  ExecutionTriggerSchema,
} from "./schema.ts";
import { requireId } from "../../lib/ids.ts";
import { PageQuery, decodeCursor, listSchema } from "../../lib/pagination.ts";
import { listConnectorExecutions } from "../../services/executions.ts";

const route = createRoute({
  method: "get",
  path: "/v1/workspaces/{ws}/connectors/{id}/executions",
  operationId: "listExecutions",
  tags: ["Executions"],
  summary: "List a connector's executions, newest first",
  description:
    "Sorted by `createdAt` (when the execution was started), newest first. Items leave out the " +
    "definition snapshot; read one execution for it.",
  security: bearerSecurity,
  request: {
    params: ConnectorExecutionsParams,
    query: PageQuery.extend({
      status: ExecutionStatusSchema.optional().openapi({
        param: { name: "status", in: "query" },
        description: "Only executions with this status.",
      }),
      trigger: ExecutionTriggerSchema.optional().openapi({
        param: { name: "trigger", in: "query" },
        description: "Only executions started this way.",
      }),
      batchId: z
        .uuid()
        .optional()
        .openapi({
          param: { name: "batchId", in: "query" },
          description: "Only the executions of this batch.",
        }),
    }),
  },
  responses: {
    200: jsonResponse("A page of executions", listSchema(ExecutionSchema, "ExecutionList")),
    ...workspaceErrors,
  },
});

export function registerListExecutions<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const { cursor, ...query } = c.req.valid("query");
    const after = decodeCursor(cursor);
    const connectorId = requireId(id, "Connector");
    return c.json(await listConnectorExecutions(c.var, { ...query, after, connectorId }), 200);
  });
}
