import { z } from "@hono/zod-openapi";
import { PLACEMENTS, QUERY_PARAM_PATTERN } from "../../../engine/placements.ts";
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
    placements: z.array(z.enum(PLACEMENTS)).openapi({
      description:
        "Where a `{{credentials.<name>}}` placeholder may put the value besides `auth` blocks " +
        "(which always may): `header` (a header value, the default), `query`, `path`, `body`.",
      example: ["header"],
    }),
    queryParam: z
      .string()
      .nullable()
      .openapi({
        description:
          "The one query parameter that may carry the value (an `api_key` auth block with " +
          "`in: query`, or `{{credentials.<name>}}` as that parameter's whole value); null: none.",
        example: null,
      }),
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
      .optional()
      .openapi({
        description:
          "The secret. Stored encrypted; never returned. Required to create a credential and to " +
          "change its `allowedHosts`, `placements` or `queryParam` (all bound into the " +
          "ciphertext); without it only `provider` and `authType` change.",
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
    placements: z
      .array(z.enum(PLACEMENTS))
      .min(1)
      .max(PLACEMENTS.length)
      .refine((list) => new Set(list).size === list.length, "lists a placement twice")
      .optional()
      .openapi({
        description:
          "Where connectors may template the value in (`{{credentials.<name>}}`): `header` " +
          'values, `query` parameters, the URL `path`, a `body`. Default `["header"]`. ' +
          "`auth` blocks (bearer, basic, api_key in a header) are always allowed. Allow `query`, " +
          "`path` or `body` only for a vendor that does not echo them back transformed: a value " +
          "extracted from such a response is tainted and may only go back to `allowedHosts`.",
        example: ["header", "body"],
      }),
    queryParam: z
      .string()
      .regex(QUERY_PARAM_PATTERN, "1-64 of A-Z a-z 0-9 _ . ~ -")
      .nullable()
      .optional()
      .openapi({
        description:
          "Pins the one query parameter that may carry the value, for vendors that take an API " +
          "key in the query (`?api_key=…`): an `api_key` auth block with `in: query` and this " +
          "`name`, or `{{credentials.<name>}}` as this parameter's whole value. Default null.",
        example: "api_key",
      }),
    provider: z.string().trim().min(1).max(100).optional().openapi({ example: "example" }),
    authType: z.enum(AUTH_TYPES).optional().openapi({ description: "Default `bearer`." }),
  })
  .openapi("PutCredential");
