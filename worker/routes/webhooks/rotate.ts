import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { requireId } from "../../lib/ids.ts";
import { requireRole } from "../../middleware/workspace.ts";
import { rotateWebhook } from "../../services/webhooks.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, jsonResponse, workspaceErrors } from "../schemas.ts";
import { WebhookParams, WebhookWithSecretSchema } from "./schema.ts";

const route = createRoute({
  method: "post",
  path: "/v1/workspaces/{ws}/connectors/{id}/webhooks/{hookId}/rotate",
  operationId: "rotateWebhookSecret",
  tags: ["Webhooks"],
  summary: "Rotate a webhook's secret (owners and admins)",
  description:
    "Answers a new `secret` (shown only here). The replaced secret keeps verifying deliveries " +
    "for one hour (`previousSecretExpiresAt`); rotating again within that hour ends the older " +
    "one at once.",
  security: bearerSecurity,
  middleware: [requireRole("owner", "admin")] as const,
  request: { params: WebhookParams },
  responses: { 200: jsonResponse("Rotated", WebhookWithSecretSchema), ...workspaceErrors },
});

export function registerRotateWebhook<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { id, hookId } = c.req.valid("param");
    const webhook = await rotateWebhook(
      c.var,
      {
        connectorId: requireId(id, "Connector").toLowerCase(),
        id: requireId(hookId, "Webhook").toLowerCase(),
      },
      new URL(c.req.url).origin,
    );
    return c.json(webhook, 200);
  });
}
