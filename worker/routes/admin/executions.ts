import type { Schema } from "hono";
import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { ExecutionStatusSchema, ExecutionTriggerSchema } from "../executions/schema.ts";
import { bearerSecurity, jsonResponse } from "../schemas.ts";
import { RecentExecutionSchema, adminErrors } from "./schema.ts";
import { PageQuery, keysetArgs, listSchema } from "../../lib/pagination.ts";
import { listRecentExecutions } from "../../services/admin-reports.ts";

const route = createRoute({
  method: "get",
  path: "/v1/admin/executions",
  operationId: "listAdminExecutions",
  tags: ["Admin"],
  summary: "Recent executions across workspaces, newest first (saas admins)",
  description:
    "What ran and how it ended; never inputs, outputs or step traces (those are the " +
    "workspace's data). Read with the service role, after the saas-admin check.",
  security: bearerSecurity,
  request: {
    query: PageQuery.extend({
      status: ExecutionStatusSchema.optional().openapi({
        param: { name: "status", in: "query" },
        description: "Only executions in this status.",
        example: "failed",
      }),
      trigger: ExecutionTriggerSchema.optional().openapi({
        param: { name: "trigger", in: "query" },
        description: "Only executions started this way.",
        example: "schedule",
      }),
      workspaceId: z
        .uuid()
        .optional()
        .openapi({
          param: { name: "workspaceId", in: "query" },
          description: "Only this workspace's executions.",
          example: "11111111-1111-4111-8111-111111111111",
        }),
    }),
  },
  responses: {
    200: jsonResponse(
      "A page of executions",
      listSchema(RecentExecutionSchema, "AdminExecutionList"),
    ),
    ...adminErrors,
  },
});

export function registerAdminExecutions<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const query = keysetArgs(c.req.valid("query"));
    const workspaceId = query.workspaceId?.toLowerCase();
    return c.json(await listRecentExecutions(c.var, { ...query, workspaceId }), 200);
  });
}
