import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { readPlatformStats } from "../../services/admin-reports.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, jsonResponse } from "../schemas.ts";
import { StatsSchema, adminErrors } from "./schema.ts";

const route = createRoute({
  method: "get",
  path: "/v1/admin/stats",
  operationId: "getAdminStats",
  tags: ["Admin"],
  summary: "Platform totals (saas admins)",
  description:
    "Workspaces, connectors, templates, executions by status, success rate and the most " +
    "installed templates (private workspace templates are never counted or listed). Read " +
    "with the service role, after the saas-admin check.",
  security: bearerSecurity,
  responses: {
    200: jsonResponse("Totals", StatsSchema),
    ...adminErrors,
  },
});

export function registerAdminStats<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => c.json(await readPlatformStats(c.var), 200));
}
