import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors, jsonResponse } from "../schemas.ts";
import { ConnectorIdParams, ConnectorSchema } from "./schema.ts";
import { requireId } from "../../lib/ids.ts";
import { readConnector } from "../../services/connectors.ts";

const route = createRoute({
  method: "get",
  path: "/v1/workspaces/{ws}/connectors/{id}",
  operationId: "getConnector",
  tags: ["Connectors"],
  summary: "Read one connector",
  security: bearerSecurity,
  request: { params: ConnectorIdParams },
  responses: {
    200: jsonResponse("The connector", ConnectorSchema),
    ...workspaceErrors,
  },
});

export function registerGetConnector<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const id = requireId(c.req.valid("param").id, "Connector");
    return c.json(await readConnector(c.var, id), 200);
  });
}
