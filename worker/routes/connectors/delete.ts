import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors } from "../schemas.ts";
import { ConnectorIdParams } from "./schema.ts";
import { requireId } from "../../lib/ids.ts";
import { deleteConnector } from "../../services/connectors.ts";

const route = createRoute({
  method: "delete",
  path: "/v1/workspaces/{ws}/connectors/{id}",
  tags: ["Connectors"],
  summary: "Delete a connector",
  description:
    "Its execution history stays readable (the executions lose the link); queued executions " +
    "of it are cancelled when a runner picks them up. A member deletes only the connectors " +
    "they created (403 `forbidden` for others'); admins and owners delete any.",
  security: bearerSecurity,
  request: { params: ConnectorIdParams },
  responses: {
    204: { description: "Deleted" },
    ...workspaceErrors,
  },
});

export function registerDeleteConnector<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    await deleteConnector(c.var, requireId(c.req.valid("param").id, "Connector"));
    return c.body(null, 204);
  });
}
