import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors, errorContent, jsonResponse } from "../schemas.ts";
import { ConnectorSchema, CreateConnectorBody, WorkspaceParams } from "./schema.ts";
import { createConnector } from "../../services/connectors.ts";

const route = createRoute({
  method: "post",
  path: "/v1/workspaces/{ws}/connectors",
  operationId: "createConnector",
  tags: ["Connectors"],
  summary: "Create a connector",
  description:
    "Any member may create connectors. The definition is checked before it is saved; " +
    "`id`, `workspaceId`, counters and timestamps in the body are refused (400).",
  security: bearerSecurity,
  request: {
    params: WorkspaceParams,
    body: { required: true, content: { "application/json": { schema: CreateConnectorBody } } },
  },
  responses: {
    201: jsonResponse("Created", ConnectorSchema),
    ...workspaceErrors,
    422: errorContent("The definition has problems; `details` lists each with its JSON path."),
  },
});

export function registerCreateConnector<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    return c.json(await createConnector(c.var, c.req.valid("json")), 201);
  });
}
