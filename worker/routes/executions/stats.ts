import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors, jsonResponse } from "../schemas.ts";
import { ConnectorExecutionsParams, ConnectorStatsSchema } from "./schema.ts";
import { requireId } from "../../lib/ids.ts";
import { readConnectorStats } from "../../services/executions.ts";

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
    200: jsonResponse("The statistics", ConnectorStatsSchema),
    ...workspaceErrors,
  },
});

export function registerConnectorStats<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const id = requireId(c.req.valid("param").id, "Connector");
    return c.json(await readConnectorStats(c.var, id), 200);
  });
}
