import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, jsonResponse } from "../schemas.ts";
import { WorkspaceUsageSchema, adminErrors } from "./schema.ts";
import { PageQuery, keysetArgs, listSchema, searchQuery } from "../../lib/pagination.ts";
import { listWorkspaceUsage } from "../../services/admin-reports.ts";

const route = createRoute({
  method: "get",
  path: "/v1/admin/workspaces",
  operationId: "listAdminWorkspaces",
  tags: ["Admin"],
  summary: "Usage per workspace, newest workspace first (saas admins)",
  description: "Read with the service role, after the saas-admin check.",
  security: bearerSecurity,
  request: {
    query: PageQuery.extend({
      q: searchQuery("Case-insensitive match on the workspace's name.", "demo"),
    }),
  },
  responses: {
    200: jsonResponse(
      "A page of workspaces with their usage",
      listSchema(WorkspaceUsageSchema, "AdminWorkspaceList"),
    ),
    ...adminErrors,
  },
});

export function registerAdminWorkspaces<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    return c.json(await listWorkspaceUsage(c.var, keysetArgs(c.req.valid("query"))), 200);
  });
}
