import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { connectorStats } from "../../db/executions.ts";
import { ApiError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors } from "../schemas.ts";
import { ConnectorExecutionsParams, ConnectorStatsSchema } from "./schema.ts";

const route = createRoute({
  method: "get",
  path: "/v1/workspaces/{ws}/connectors/{id}/stats",
  operationId: "getConnectorStats",
  tags: ["Executions"],
  summary: "A connector's execution statistics",
  description:
    "All-time counts, success rate and duration percentiles, computed in the database from the " +
    "connector's executions.",
  security: bearerSecurity,
  request: { params: ConnectorExecutionsParams },
  responses: {
    200: {
      description: "The statistics",
      content: { "application/json": { schema: ConnectorStatsSchema } },
    },
    ...workspaceErrors,
  },
});

export function registerConnectorStats<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const workspaceId = c.var.workspace.id;
    const stats = isUuid(id)
      ? await c.var.db.asUser(c.var.auth.claims, (tx) => connectorStats(tx, workspaceId, id))
      : null;
    if (!stats) throw new ApiError("not_found", "Connector not found.");
    return c.json(stats, 200);
  });
}
