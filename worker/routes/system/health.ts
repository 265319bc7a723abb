import type { Schema } from "hono";
import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { jsonResponse } from "../schemas.ts";

const HealthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]).openapi({ example: "ok" }),
    runner: z.enum(["trigger", "inline"]).openapi({ description: "Where executions run." }),
    database: z.enum(["reachable", "unreachable"]),
    environment: z.string().openapi({ example: "development" }),
  })
  .openapi("Health");

const route = createRoute({
  method: "get",
  path: "/health",
  operationId: "getHealth",
  tags: ["System"],
  summary: "Liveness, runner and database reachability",
  description: "No authentication. 503 when the database cannot be reached.",
  security: [],
  responses: {
    200: jsonResponse("Healthy", HealthSchema),
    503: jsonResponse("Degraded", HealthSchema),
  },
});

export function registerHealth<S extends Schema, B extends string>(app: OpenAPIHono<AppEnv, S, B>) {
  return app.openapi(route, async (c) => {
    const reachable = await c.var.db.ping();
    const body = {
      status: reachable ? ("ok" as const) : ("degraded" as const),
      runner: c.var.config.runner,
      database: reachable ? ("reachable" as const) : ("unreachable" as const),
      environment: c.var.config.environment,
    };
    return reachable ? c.json(body, 200) : c.json(body, 503);
  });
}
