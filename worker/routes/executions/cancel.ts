import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { requireId } from "../../lib/ids.ts";
import { cancelExecution } from "../../services/executions.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, errorContent, workspaceErrors, jsonResponse } from "../schemas.ts";
import { ExecutionIdParams, ExecutionSchema } from "./schema.ts";

const route = createRoute({
  method: "post",
  path: "/v1/workspaces/{ws}/executions/{id}/cancel",
  operationId: "cancelExecution",
  tags: ["Executions"],
  summary: "Cancel a queued or running execution",
  description:
    "A queued execution is cancelled at once; a running one is aborted (its Trigger.dev run " +
    "is cancelled, or the inline runner's signal fires) and stays `cancelled` even if a late " +
    "result arrives. 409 when it has already finished.",
  security: bearerSecurity,
  request: { params: ExecutionIdParams },
  responses: {
    200: jsonResponse("Cancelled", ExecutionSchema),
    ...workspaceErrors,
    409: errorContent("The execution has already finished."),
  },
});

export function registerCancelExecution<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const execution = await cancelExecution(c.var, requireId(id, "Execution"));
    return c.json(execution, 200);
  });
}
