import type { Schema } from "hono";
import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors, jsonResponse, WorkspaceIdParam } from "../schemas.ts";
import { ExecutionSchema, ExecutionStatusSchema, ExecutionTriggerSchema } from "./schema.ts";
import { PageQuery, decodeCursor, listSchema } from "../../lib/pagination.ts";
import { listExecutionsOfWorkspace } from "../../services/executions.ts";

const route = createRoute({
  method: "get",
  path: "/v1/workspaces/{ws}/executions",
  operationId: "listWorkspaceExecutions",
  tags: ["Executions"],
  summary: "List the workspace's executions, newest first",
  description:
    "Every connector's executions in the workspace (the console's Executions page), sorted by " +
    "`createdAt` newest first with the same cursor as a connector's list. Any member may read " +
    "it. Items leave out the definition snapshot; read one execution for it. An unknown " +
    "`connectorId` simply matches nothing.",
  security: bearerSecurity,
  request: {
    params: z.object({ ws: WorkspaceIdParam }),
    query: PageQuery.extend({
      connectorId: z
        .uuid()
        .optional()
        .openapi({
          param: { name: "connectorId", in: "query" },
          description: "Only the executions of this connector.",
        }),
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
    200: jsonResponse(
      "A page of executions",
      listSchema(ExecutionSchema, "WorkspaceExecutionList"),
    ),
    ...workspaceErrors,
  },
});

export function registerListWorkspaceExecutions<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { cursor, ...query } = c.req.valid("query");
    const after = decodeCursor(cursor);
    return c.json(await listExecutionsOfWorkspace(c.var, { ...query, after }), 200);
  });
}
