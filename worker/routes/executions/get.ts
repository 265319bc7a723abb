import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { getExecution } from "../../db/executions.ts";
import { ApiError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors } from "../schemas.ts";
import { ExecutionDetailSchema, ExecutionIdParams } from "./schema.ts";

const route = createRoute({
  method: "get",
  path: "/v1/workspaces/{ws}/executions/{id}",
  operationId: "getExecution",
  tags: ["Executions"],
  summary: "Read one execution",
  description:
    "With its redacted step results as the runner stored them and the definition snapshot it " +
    "ran. Poll this to follow a running execution.",
  security: bearerSecurity,
  request: { params: ExecutionIdParams },
  responses: {
    200: {
      description: "The execution",
      content: { "application/json": { schema: ExecutionDetailSchema } },
    },
    ...workspaceErrors,
  },
});

export function registerGetExecution<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const workspaceId = c.var.workspace.id;
    const execution = isUuid(id)
      ? await c.var.db.asUser(c.var.auth.claims, (tx) => getExecution(tx, workspaceId, id))
      : null;
    if (!execution) throw new ApiError("not_found", "Execution not found.");
    return c.json(execution, 200);
  });
}
