import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { requireId } from "../../lib/ids.ts";
import { requireRole } from "../../middleware/workspace.ts";
import { createWebhook } from "../../services/webhooks.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, jsonResponse, workspaceErrors } from "../schemas.ts";
import { ConnectorWebhooksParams, CreateWebhookBody, WebhookWithSecretSchema } from "./schema.ts";

const route = createRoute({
  method: "post",
  path: "/v1/workspaces/{ws}/connectors/{id}/webhooks",
  operationId: "createWebhook",
  tags: ["Webhooks"],
  summary: "Create an inbound webhook (owners and admins)",
  description:
    "A URL another system POSTs signed JSON to; each delivery starts an execution of the " +
    "connector with the body as its input. The answer carries the signing `secret`, shown only " +
    "here and on rotate. `url` is on this API's origin as the request reached it.",
  security: bearerSecurity,
  middleware: [requireRole("owner", "admin")] as const,
  request: {
    params: ConnectorWebhooksParams,
    body: { required: false, content: { "application/json": { schema: CreateWebhookBody } } },
  },
  responses: { 201: jsonResponse("Created", WebhookWithSecretSchema), ...workspaceErrors },
});

export function registerCreateWebhook<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json") as { description?: string; contactIdPath?: string };
    const webhook = await createWebhook(
      c.var,
      {
        connectorId: requireId(id, "Connector").toLowerCase(),
        description: body?.description ?? null,
        contactIdPath: body?.contactIdPath ?? null,
      },
      new URL(c.req.url).origin,
    );
    return c.json(webhook, 201);
  });
}
