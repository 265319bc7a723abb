import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { workspaceUsage } from "../../db/admin.ts";
import { PageQuery, decodeCursor, listSchema, page } from "../../lib/pagination.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, searchQuery } from "../schemas.ts";
import { WorkspaceUsageSchema, adminErrors } from "./schema.ts";

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
    const query = c.req.valid("query");
    const rows = await workspaceUsage(c.var.db, {
      limit: query.limit,
      after: decodeCursor(query.cursor),
      q: query.q,
    });
    const result = page(rows, query.limit, (row) => ({ at: row.cursorAt, id: row.id }));
    const data = result.data.map(({ cursorAt: _ignored, ...usage }) => usage);
    return c.json({ data, nextCursor: result.nextCursor }, 200);
  });
}
