import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { listCredentials } from "../../db/credentials.ts";
import { PageQuery, decodeCursor, listSchema, page } from "../../lib/pagination.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors } from "../schemas.ts";
import { WorkspaceParams } from "../connectors/schema.ts";
import { CredentialSchema } from "./schema.ts";

const route = createRoute({
  method: "get",
  path: "/v1/workspaces/{ws}/credentials",
  operationId: "listCredentials",
  tags: ["Credentials"],
  summary: "List the workspace's credentials (metadata only, never values)",
  description: "Every member may read the metadata, newest first.",
  security: bearerSecurity,
  request: { params: WorkspaceParams, query: PageQuery },
  responses: {
    200: {
      description: "A page of credentials",
      content: { "application/json": { schema: listSchema(CredentialSchema, "CredentialList") } },
    },
    ...workspaceErrors,
  },
});

export function registerListCredentials<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const query = c.req.valid("query");
    const rows = await listCredentials(c.var.db, c.var.auth.claims, {
      workspaceId: c.var.workspace.id,
      limit: query.limit,
      after: decodeCursor(query.cursor),
    });
    const result = page(rows, query.limit, (row) => ({ at: row.cursorAt, id: row.id }));
    return c.json(
      { data: result.data.map(({ cursorAt: _c, ...meta }) => meta), nextCursor: result.nextCursor },
      200,
    );
  });
}
