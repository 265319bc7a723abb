import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { requireId } from "../../lib/ids.ts";
import { requireRole } from "../../middleware/workspace.ts";
import { deleteWebhook } from "../../services/webhooks.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors } from "../schemas.ts";
import { WebhookParams } from "./schema.ts";

const route = createRoute({
  method: "delete",
  path: "/v1/workspaces/{ws}/connectors/{id}/webhooks/{hookId}",
  operationId: "deleteWebhook",
  tags: ["Webhooks"],
  summary: "Delete a webhook (owners and admins)",
  description: "Its URL answers every later delivery with the same 401 as an unknown hook.",
  security: bearerSecurity,
  middleware: [requireRole("owner", "admin")] as const,
  request: { params: WebhookParams },
  responses: { 204: { description: "Deleted" }, ...workspaceErrors },
});

export function registerDeleteWebhook<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { id, hookId } = c.req.valid("param");
    await deleteWebhook(c.var, {
      connectorId: requireId(id, "Connector").toLowerCase(),
      id: requireId(hookId, "Webhook").toLowerCase(),
    });
    return c.body(null, 204);
  });
}
