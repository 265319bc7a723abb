import type { Schema } from "hono";
import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { listConnectors, withoutCursor } from "../../db/connectors.ts";
import { PageQuery, decodeCursor, listSchema, page } from "../../lib/pagination.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, searchQuery, workspaceErrors } from "../schemas.ts";
import { ConnectorSchema, WorkspaceParams } from "./schema.ts";

const route = createRoute({
  method: "get",
  path: "/v1/workspaces/{ws}/connectors",
  operationId: "listConnectors",
  tags: ["Connectors"],
  summary: "List the workspace's connectors, newest first",
  security: bearerSecurity,
  request: {
    params: WorkspaceParams,
    query: PageQuery.extend({
      status: z
        .enum(["active", "disabled"])
        .optional()
        .openapi({ param: { name: "status", in: "query" } }),
      q: searchQuery("Case-insensitive match on name or description."),
    }),
  },
  responses: {
    200: {
      description: "A page of connectors",
      content: { "application/json": { schema: listSchema(ConnectorSchema, "ConnectorList") } },
    },
    ...workspaceErrors,
  },
});

export function registerListConnectors<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const query = c.req.valid("query");
    const rows = await listConnectors(c.var.db, c.var.auth.claims, {
      workspaceId: c.var.workspace.id,
      limit: query.limit,
      after: decodeCursor(query.cursor),
      status: query.status,
      q: query.q,
    });
    const result = page(rows, query.limit, (row) => ({ at: row.cursorAt, id: row.id }));
    return c.json({ data: result.data.map(withoutCursor), nextCursor: result.nextCursor }, 200);
  });
}
