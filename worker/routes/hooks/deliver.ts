import type { Schema } from "hono";
import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { deliverWebhook } from "../../services/webhooks-delivery.ts";
import { SIGNATURE_HEADER } from "../../services/webhooks-signature.ts";
import type { AppEnv } from "../../types.ts";
import { errorContent, jsonResponse } from "../schemas.ts";
import { DeliveryAccepted } from "../webhooks/schema.ts";

const route = createRoute({
  method: "post",
  path: "/v1/hooks/{hookId}",
  operationId: "deliverWebhook",
  tags: ["Webhooks"],
  summary: "Deliver a signed webhook (no bearer token)",
  description:
    "Starts an execution of the hook's connector with the JSON body as its input. Signed with " +
    "the hook's secret: `Connectors-Signature: t=<unix seconds>,v1=<hex>` where `v1` is " +
    "HMAC-SHA256 over `<t>.<raw body>` (several `v1` entries may be sent; during a rotation's " +
    "hour either secret verifies). A missing or wrong signature, `t` more than 300 s from now, " +
    "and an unknown or deleted hook all answer the same 401. The same delivery again (same `t` " +
    "and signature) answers the first `executionId` and starts nothing. 600 deliveries per " +
    "minute per hook.",
  security: [],
  request: {
    params: z.object({
      hookId: z.string().openapi({
        param: { name: "hookId", in: "path" },
        description: "Webhook id (the last segment of its `url`).",
        example: "3f6d2b1a-9c8e-4f7a-8b6c-5d4e3f2a1b0c",
      }),
    }),
    headers: z.object({
      [SIGNATURE_HEADER]: z.string().optional().openapi({
        description: "`t=<unix seconds>,v1=<64 lowercase hex>`; required (401 without).",
        example: "t=1764749730,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd",
      }),
    }),
    // Documented only: the body is verified as raw bytes before anything parses it.
    body: {
      required: true,
      description: "A JSON object of at most 256 KiB: the execution's input.",
      content: {
        "application/json": {
          schema: {
            type: "object",
            additionalProperties: true,
            example: { email: "ada@lovelace.test" },
          },
        },
      },
    },
  },
  responses: {
    202: {
      ...jsonResponse(
        "Accepted: the execution started (or was started by this delivery before)",
        DeliveryAccepted,
      ),
      headers: {
        "Idempotent-Replayed": {
          description: "`true` when this delivery was received before and started nothing new.",
          schema: { type: "string", enum: ["true"] },
        },
      },
    },
    400: errorContent(
      "The body is not a JSON object, or does not match the connector's input schema (`details`).",
    ),
    401: errorContent("Missing, malformed, wrong or expired signature, or no such webhook."),
    409: errorContent("The connector is disabled."),
    413: errorContent("Body over 256 KiB."),
    429: errorContent("The hook's 600 deliveries per minute are spent; see `Retry-After`."),
    500: errorContent("Unexpected error (logged with the request id)."),
    503: errorContent("A dependency (the database) is unavailable; retry later."),
  },
});

export function registerDeliverWebhook<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { executionId, replayed } = await deliverWebhook(c.var, {
      hookId: c.req.valid("param").hookId,
      signature: c.req.header(SIGNATURE_HEADER),
      body: new Uint8Array(await c.req.arrayBuffer()),
      runner: {
        connectionString: c.env.HYPERDRIVE.connectionString,
        waitUntil: (promise) => c.executionCtx.waitUntil(promise),
      },
    });
    if (replayed) c.header("Idempotent-Replayed", "true");
    return c.json({ executionId }, 202);
  });
}
