import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { requireId } from "../../lib/ids.ts";
import { readSchedule } from "../../services/schedules.ts";
import type { AppEnv } from "../../types.ts";
import { ConnectorIdParams } from "../connectors/schema.ts";
import { bearerSecurity, jsonResponse, workspaceErrors } from "../schemas.ts";
import { ScheduleSchema } from "./schema.ts";

const route = createRoute({
  method: "get",
  path: "/v1/workspaces/{ws}/connectors/{id}/schedule",
  operationId: "getSchedule",
  tags: ["Schedules"],
  summary: "Read the connector's schedule",
  description: "404 `not_found` when the connector has no schedule.",
  security: bearerSecurity,
  request: { params: ConnectorIdParams },
  responses: {
    200: jsonResponse("The schedule", ScheduleSchema),
    ...workspaceErrors,
  },
});

export function registerGetSchedule<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const id = requireId(c.req.valid("param").id, "Schedule");
    return c.json(await readSchedule(c.var, id), 200);
  });
}
