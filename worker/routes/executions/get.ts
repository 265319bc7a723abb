import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors, jsonResponse } from "../schemas.ts";
import { ExecutionDetailSchema, ExecutionIdParams } from "./schema.ts";
import { requireId } from "../../lib/ids.ts";
import { readExecution } from "../../services/executions.ts";

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
    200: jsonResponse("The execution", ExecutionDetailSchema),
    ...workspaceErrors,
  },
});

export function registerGetExecution<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const id = requireId(c.req.valid("param").id, "Execution");
    return c.json(await readExecution(c.var, id), 200);
  });
}
