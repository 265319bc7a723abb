import type { Schema } from "hono";
import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors, jsonResponse } from "../schemas.ts";
import { ConnectorSchema, WorkspaceParams } from "./schema.ts";
import { PageQuery, keysetArgs, listSchema, searchQuery } from "../../lib/pagination.ts";
import { listConnectors } from "../../services/connectors.ts";

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
    200: jsonResponse("A page of connectors", listSchema(ConnectorSchema, "ConnectorList")),
    ...workspaceErrors,
  },
});

export function registerListConnectors<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    return c.json(await listConnectors(c.var, keysetArgs(c.req.valid("query"))), 200);
  });
}
