import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { getConnector, updateConnector } from "../../db/connectors.ts";
import { validateForWorkspace } from "../../lib/definitions.ts";
import { ApiError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, errorContent, workspaceErrors } from "../schemas.ts";
import { ConnectorIdParams, ConnectorSchema, UpdateConnectorBody } from "./schema.ts";

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
    200: { description: "Updated", content: { "application/json": { schema: ConnectorSchema } } },
    ...workspaceErrors,
    422: errorContent("The definition has problems; `details` lists each with its JSON path."),
  },
});

export function registerUpdateConnector<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const workspaceId = c.var.workspace.id;
    if (!isUuid(id)) throw new ApiError("not_found", "Connector not found.");
    const connector = await c.var.db.asUser(c.var.auth.claims, async (tx) => {
      const definition =
        body.definition === undefined
          ? undefined
          : await validateForWorkspace(tx, workspaceId, body.definition, c.var.config);
      const found = await updateConnector(tx, workspaceId, id, { ...body, definition });
      if (!found) return null;
      return getConnector(tx, workspaceId, id);
    });
    if (!connector) throw new ApiError("not_found", "Connector not found.");
    return c.json(connector, 200);
  });
}
