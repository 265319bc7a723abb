import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { requireId } from "../../lib/ids.ts";
import { deleteSchedule } from "../../services/schedules.ts";
import type { AppEnv } from "../../types.ts";
import { ConnectorIdParams } from "../connectors/schema.ts";
import { bearerSecurity, workspaceErrors } from "../schemas.ts";

const route = createRoute({
  method: "delete",
  path: "/v1/workspaces/{ws}/connectors/{id}/schedule",
  operationId: "deleteSchedule",
  tags: ["Schedules"],
  summary: "Remove the connector's schedule",
  description:
    "Any member of the workspace may remove it. Executions it already started are kept. " +
    "404 `not_found` when there is none.",
  security: bearerSecurity,
  request: { params: ConnectorIdParams },
  responses: {
    204: { description: "Removed" },
    ...workspaceErrors,
  },
});

export function registerDeleteSchedule<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    await deleteSchedule(c.var, requireId(c.req.valid("param").id, "Schedule"));
    return c.body(null, 204);
  });
}
