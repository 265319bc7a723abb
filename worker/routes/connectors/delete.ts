import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { deleteConnector } from "../../db/connectors.ts";
import { ApiError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors } from "../schemas.ts";
import { ConnectorIdParams } from "./schema.ts";

const route = createRoute({
  method: "delete",
  path: "/v1/workspaces/{ws}/connectors/{id}",
  tags: ["Connectors"],
  summary: "Delete a connector",
  description: "Its execution history stays readable (the executions lose the link).",
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
    const { id } = c.req.valid("param");
    const workspaceId = c.var.workspace.id;
    const name = isUuid(id)
      ? await c.var.db.asUser(c.var.auth.claims, (tx) => deleteConnector(tx, workspaceId, id))
      : null;
    if (name === null) throw new ApiError("not_found", "Connector not found.");
    return c.body(null, 204);
  });
}
