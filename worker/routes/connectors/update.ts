import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, errorContent, workspaceErrors, jsonResponse } from "../schemas.ts";
import { ConnectorIdParams, ConnectorSchema, UpdateConnectorBody } from "./schema.ts";
import { requireId } from "../../lib/ids.ts";
import { updateConnector } from "../../services/connectors.ts";

const route = createRoute({
  method: "patch",
  path: "/v1/workspaces/{ws}/connectors/{id}",
  operationId: "updateConnector",
  tags: ["Connectors"],
  summary: "Update a connector (partial)",
  description:
    "Only the fields given change. A new definition is checked like on create. Executions " +
    "already started keep the definition they started with.",
  security: bearerSecurity,
  request: {
    params: ConnectorIdParams,
    body: { required: true, content: { "application/json": { schema: UpdateConnectorBody } } },
  },
  responses: {
    200: jsonResponse("Updated", ConnectorSchema),
    ...workspaceErrors,
    422: errorContent("The definition has problems; `details` lists each with its JSON path."),
  },
});

export function registerUpdateConnector<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const id = requireId(c.req.valid("param").id, "Connector");
    return c.json(await updateConnector(c.var, id, c.req.valid("json")), 200);
  });
}
