import { z } from "@hono/zod-openapi";
import { MAX_JSONPATH_LENGTH } from "../../../engine/jsonpath.ts";
import { described, WorkspaceIdParam } from "../schemas.ts";

const CONNECTOR_ID_EXAMPLE = "5b0f8a4e-6c1d-4f6e-9a57-0e9d6f1b2c3d";
const HOOK_ID_EXAMPLE = "3f6d2b1a-9c8e-4f7a-8b6c-5d4e3f2a1b0c";

export const ConnectorWebhooksParams = z.object({
  ws: WorkspaceIdParam,
  id: z.string().openapi({
    param: { name: "id", in: "path" },
    description: "Connector id (UUID).",
    example: CONNECTOR_ID_EXAMPLE,
  }),
});

export const WebhookParams = ConnectorWebhooksParams.extend({
  hookId: z.string().openapi({
    param: { name: "hookId", in: "path" },
    description: "Webhook id (UUID).",
    example: HOOK_ID_EXAMPLE,
  }),
});

const timestamp = (description: string) =>
  z.string().openapi({ format: "date-time", description, example: "2026-12-03T08:15:30.123Z" });

export const WebhookSchema = z
  .object({
    id: described(z.uuid(), "Webhook id.", HOOK_ID_EXAMPLE),
    connectorId: described(z.uuid(), "The connector a delivery starts.", CONNECTOR_ID_EXAMPLE),
    url: described(
      z.string(),
      "Where deliveries go: `POST` with a `Connectors-Signature` header, no bearer token.",
      `https://api.example.com/v1/hooks/${HOOK_ID_EXAMPLE}`,
    ),
    description: described(z.string().nullable(), "What sends to it.", "Signup form"),
    contactIdPath: described(
      z.string().nullable(),
      "JSONPath into a delivery's body naming the contact the execution runs for.",
      "$.contact.id",
    ),
    lastDeliveryAt: timestamp(
      "When a delivery last started an execution; null if never.",
    ).nullable(),
    rotatedAt: timestamp("When the secret was last rotated; null if never.").nullable(),
    previousSecretExpiresAt: timestamp(
      "Until when the secret replaced by the last rotation is still accepted; null if none.",
    ).nullable(),
    createdBy: described(z.uuid().nullable(), "Who created it.", null),
    createdAt: timestamp("When it was created."),
    updatedAt: timestamp("Last change (a rotation)."),
  })
  .openapi("Webhook", { description: "An inbound webhook. The secret is never listed." });

export const WebhookWithSecretSchema = WebhookSchema.extend({
  secret: described(
    z.string(),
    "The signing secret, shown only in this answer: HMAC-SHA256 key (its UTF-8 text) for " +
      "`Connectors-Signature`.",
    "whsec_9f3kZ2x0bQ4mD7yW1vR8tL5nH6cJ3pA0sE2uG4iK7oM",
  ),
}).openapi("WebhookWithSecret", {
  description: "A webhook with its signing secret (create and rotate answers only).",
});

export const CreateWebhookBody = z
  .strictObject({
    description: z.string().trim().min(1).max(500).optional().openapi({
      description: "What sends to it (for people).",
      example: "Signup form",
    }),
    contactIdPath: z
      .string()
      .min(1)
      .max(MAX_JSONPATH_LENGTH)
      .optional()
      .openapi({
        description:
          "A JSONPath (RFC 9535) into a delivery's body. When its first value is the id of a " +
          "contact of the workspace, the execution runs for that contact; otherwise it runs " +
          "without one. Checked with the engine's parser (400 when malformed).",
        example: "$.contact.id",
      }),
  })
  .openapi("CreateWebhook");

export const DeliveryAccepted = z
  .object({
    executionId: described(
      z.uuid(),
      "The execution the delivery started (or, for the same delivery again, started before).",
      "0d3c9a57-4f1e-4b8a-9e2d-6a7b8c9d0e1f",
    ),
  })
  .openapi("DeliveryAccepted");
