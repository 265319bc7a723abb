import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { connectorExists, deleteConnector } from "../../db/connectors.ts";
import { ApiError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors } from "../schemas.ts";
import { ConnectorIdParams } from "./schema.ts";

const route = createRoute({
  method: "delete",
  path: "/v1/workspaces/{ws}/connectors/{id}",
  operationId: "deleteConnector",
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
    const { id } = c.req.valid("param");
    const workspaceId = c.var.workspace.id;
    const outcome = isUuid(id)
      ? await c.var.db.asUser(c.var.auth.claims, async (tx) => {
          const deleted = await deleteConnector(tx, workspaceId, id);
          if (deleted === null) {
            // RLS hid the row from the delete: absent, or someone else's to a member.
            return (await connectorExists(tx, workspaceId, id)) ? "forbidden" : "missing";
          }
          return "deleted";
        })
      : "missing";
    if (outcome === "forbidden") {
      throw new ApiError(
        "forbidden",
        "Members delete only the connectors they created; an admin or owner can delete this one.",
      );
    }
    if (outcome === "missing") throw new ApiError("not_found", "Connector not found.");
    return c.body(null, 204);
  });
}
