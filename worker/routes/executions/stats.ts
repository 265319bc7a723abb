import type { Schema } from "hono";
import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors, jsonResponse } from "../schemas.ts";
import { ConnectorExecutionsParams, ConnectorStatsSchema } from "./schema.ts";
import { requireId } from "../../lib/ids.ts";
import { MAX_STATS_BUCKETS, readConnectorStats } from "../../services/executions.ts";

const route = createRoute({
  method: "get",
  path: "/v1/workspaces/{ws}/connectors/{id}/stats",
  operationId: "getConnectorStats",
  tags: ["Executions"],
  summary: "A connector's execution statistics",
  description:
    "All-time counts, success rate and duration percentiles, computed in the database from the " +
    "connector's executions. With `?interval=hour|day` the answer adds `series`: the same " +
    `numbers per bucket from \`since\` to now (default: the last 24 hours or 30 days), at most ` +
    `${MAX_STATS_BUCKETS} buckets — a longer range is 400 \`invalid_request\`.`,
  security: bearerSecurity,
  request: {
    params: ConnectorExecutionsParams,
    query: z.object({
      interval: z
        .enum(["hour", "day"])
        .optional()
        .openapi({
          param: { name: "interval", in: "query" },
          description: "Adds `series` with buckets of this size (UTC).",
        }),
      since: z.iso
        .datetime({ offset: true })
        .optional()
        .openapi({
          param: { name: "since", in: "query" },
          description:
            "With `interval`: the series starts at the bucket holding this instant. Default: " +
            "24 hours (hour) or 30 days (day) ago.",
          example: "2026-11-01T00:00:00Z",
        }),
    }),
  },
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
    const { interval, since } = c.req.valid("query");
    const series = interval ? { interval, since } : undefined;
    return c.json(await readConnectorStats(c.var, id, series), 200);
  });
}
