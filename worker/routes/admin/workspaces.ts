import type { Schema } from "hono";
import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity } from "../schemas.ts";
import { WorkspaceUsageSchema, adminErrors } from "./schema.ts";
import { PageQuery, decodeCursor, listSchema } from "../../lib/pagination.ts";
import { listWorkspaceUsage } from "../../services/admin-reports.ts";

const route = createRoute({
  method: "get",
  path: "/v1/admin/workspaces",
  tags: ["Admin"],
  summary: "Usage per workspace, newest workspace first (saas admins)",
  description: "Read with the service role, after the saas-admin check.",
  security: bearerSecurity,
  request: {
    query: PageQuery.extend({
      q: z
        .string()
        .trim()
        .min(1)
        .max(200)
        .optional()
        .openapi({
          param: { name: "q", in: "query" },
          description: "Case-insensitive match on the workspace's name.",
          example: "demo",
        }),
    }),
  },
  responses: {
    200: {
      description: "A page of workspaces with their usage",
      content: {
        "application/json": { schema: listSchema(WorkspaceUsageSchema, "AdminWorkspaceList") },
      },
    },
    ...adminErrors,
  },
});

export function registerAdminWorkspaces<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { cursor, ...query } = c.req.valid("query");
    return c.json(await listWorkspaceUsage(c.var, { ...query, after: decodeCursor(cursor) }), 200);
  });
}
