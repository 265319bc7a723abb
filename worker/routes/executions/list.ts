import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { listExecutions, withoutCursor } from "../../db/executions.ts";
import { ApiError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import { PageQuery, decodeCursor, listSchema, page } from "../../lib/pagination.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors } from "../schemas.ts";
import { ConnectorExecutionsParams, ExecutionSchema, ExecutionStatusSchema } from "./schema.ts";

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
    }),
  },
  responses: {
    200: {
      description: "A page of executions",
      content: { "application/json": { schema: listSchema(ExecutionSchema, "ExecutionList") } },
    },
    ...workspaceErrors,
  },
});

export function registerListExecutions<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const query = c.req.valid("query");
    const after = decodeCursor(query.cursor);
    const rows = isUuid(id)
      ? await listExecutions(c.var.db, c.var.auth.claims, {
          workspaceId: c.var.workspace.id,
          connectorId: id,
          limit: query.limit,
          after,
          status: query.status,
        })
      : null;
    if (!rows) throw new ApiError("not_found", "Connector not found.");
    const result = page(rows, query.limit, (row) => ({ at: row.cursorAt, id: row.id }));
    return c.json({ data: result.data.map(withoutCursor), nextCursor: result.nextCursor }, 200);
  });
}
