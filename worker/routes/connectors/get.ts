import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { getConnector } from "../../db/connectors.ts";
import { ApiError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors } from "../schemas.ts";
import { ConnectorIdParams, ConnectorSchema } from "./schema.ts";

const route = createRoute({
  method: "get",
  path: "/v1/workspaces/{ws}/connectors/{id}",
  operationId: "getConnector",
  tags: ["Connectors"],
  summary: "Read one connector",
  security: bearerSecurity,
  request: { params: ConnectorIdParams },
  responses: {
    200: {
      description: "The connector",
      content: { "application/json": { schema: ConnectorSchema } },
    },
    ...workspaceErrors,
  },
});

export function registerGetConnector<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const workspaceId = c.var.workspace.id;
    const connector = isUuid(id)
      ? await c.var.db.asUser(c.var.auth.claims, (tx) => getConnector(tx, workspaceId, id))
      : null;
    if (!connector) throw new ApiError("not_found", "Connector not found.");
    return c.json(connector, 200);
  });
}
