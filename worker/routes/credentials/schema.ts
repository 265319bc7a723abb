import { z } from "@hono/zod-openapi";
import { WorkspaceIdParam } from "../schemas.ts";

export const CREDENTIAL_NAME = /^[a-z][a-z0-9_]{0,62}$/;

export const CredentialParams = z.object({
  ws: WorkspaceIdParam,
  name: z
    .string()
    .regex(CREDENTIAL_NAME, "lowercase letters, digits and _, starting with a letter, ≤ 63")
    .openapi({
      param: { name: "name", in: "path" },
      description: "Credential name, used in templates as `{{credentials.<name>}}`.",
      example: "example_token",
    }),
});

export const AUTH_TYPES = ["bearer", "api_key", "basic", "oauth2", "other"] as const;

export const CredentialSchema = z
  .object({
    id: z.uuid(),
    workspaceId: z.uuid(),
    name: z.string().openapi({ example: "example_token" }),
    provider: z.string().nullable().openapi({ example: "example" }),
    authType: z.string().openapi({ example: "bearer" }),
    keyVersion: z.number().int().openapi({ description: "Encryption key version (rotation)." }),
    allowedHosts: z
      .array(z.string())
      .openapi({ example: ["api.example.com", "*.example.com", "127.0.0.1:8788"] }),
    createdBy: z.uuid().nullable(),
    createdAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
    lastUsedAt: z.string().nullable().openapi({ format: "date-time" }),
  })
  .openapi("Credential", {
    description: "Credential metadata. The value is write-only: no response ever contains it.",
  });

export const PutCredentialBody = z
  .strictObject({
    value: z
      .string()
      .min(1)
      .max(16 * 1024)
      .openapi({
        description: "The secret. Stored encrypted; never returned.",
        example: "sk_live_…",
      }),
    allowedHosts: z
      .array(z.string().min(1).max(260))
      .min(1)
      .max(50)
      .openapi({
        description:
          "Where this secret may be sent: `host` (any port), `*.domain` (its subdomains) or " +
          "`host:port`. Never sent anywhere else, redirects included.",
        example: ["api.example.com"],
      }),
    provider: z.string().trim().min(1).max(100).optional().openapi({ example: "example" }),
    authType: z.enum(AUTH_TYPES).optional().openapi({ description: "Default `bearer`." }),
  })
  .openapi("PutCredential");
