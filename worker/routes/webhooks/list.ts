import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { requireId } from "../../lib/ids.ts";
import { keysetArgs, listSchema, PageQuery } from "../../lib/pagination.ts";
import { listWebhooks } from "../../services/webhooks.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, jsonResponse, workspaceErrors } from "../schemas.ts";
import { ConnectorWebhooksParams, WebhookSchema } from "./schema.ts";

const route = createRoute({
  method: "get",
  path: "/v1/workspaces/{ws}/connectors/{id}/webhooks",
  operationId: "listWebhooks",
  tags: ["Webhooks"],
  summary: "List a connector's webhooks (never their secrets)",
  description: "Every member may read them, newest first, with `lastDeliveryAt`.",
  security: bearerSecurity,
  request: { params: ConnectorWebhooksParams, query: PageQuery },
  responses: {
    200: jsonResponse("A page of webhooks", listSchema(WebhookSchema, "WebhookList")),
    ...workspaceErrors,
  },
});

export function registerListWebhooks<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const args = {
      connectorId: requireId(id, "Connector").toLowerCase(),
      ...keysetArgs(c.req.valid("query")),
    };
    return c.json(await listWebhooks(c.var, args, new URL(c.req.url).origin), 200);
  });
}
