import { z } from "@hono/zod-openapi";
import {
  OAUTH_GRANT_TYPES,
  OAUTH_STATUSES,
  SCOPE_SEPARATORS,
  TOKEN_AUTH_METHODS,
} from "../../../engine/oauth-config.ts";
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

/** RFC 6749 §3.3 scope-token characters. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/;
/** An authorize parameter's name: unreserved URL characters. */
const PARAM_NAME = /^[A-Za-z0-9_.~-]{1,64}$/;

const oauthFields = {
  grantType: z.enum(OAUTH_GRANT_TYPES).openapi({
    description:
      "`authorization_code` (a user connects in a browser, PKCE S256) or `client_credentials` " +
      "(server to server; tokens are fetched when a run needs one).",
    example: "authorization_code",
  }),
  authorizeUrl: z
    .string()
    .min(1)
    .max(2048)
    .openapi({
      description:
        "The vendor's authorization endpoint (required for `authorization_code`). https, except " +
        "hosts in OUTBOUND_ALLOW_HOSTS; passes the outbound guard.",
      example: "https://app.hubspot.com/oauth/authorize",
    }),
  tokenUrl: z
    .string()
    .min(1)
    .max(2048)
    .openapi({
      description:
        "The vendor's token endpoint, the only host the client secret and refresh token are sent " +
        "to. https, except hosts in OUTBOUND_ALLOW_HOSTS; passes the outbound guard.",
      example: "https://api.hubapi.com/oauth/v1/token",
    }),
  clientId: z.string().min(1).max(512).openapi({ example: "demo-connectors-client" }),
  scopes: z
    .array(z.string().regex(SCOPE_TOKEN, "RFC 6749 scope-token characters, ≤ 256"))
    .max(100)
    .openapi({
      description: "Scopes to request (default none).",
      example: ["crm.objects.contacts.read"],
    }),
  scopeSeparator: z.enum(SCOPE_SEPARATORS).openapi({
    description: 'How scopes are joined in the authorize URL: `" "` (default) or `","` (Slack).',
    example: " ",
  }),
  extraAuthorizeParams: z
    .record(z.string().regex(PARAM_NAME, "1-64 of A-Z a-z 0-9 _ . ~ -"), z.string().max(1024))
    .refine((params) => Object.keys(params).length <= 20, "at most 20 parameters")
    .openapi({
      description:
        "Added to the authorize URL (e.g. `access_type=offline`, `prompt=consent`). May not set " +
        "the flow's own: response_type, client_id, redirect_uri, state, code_challenge, " +
        "code_challenge_method, scope.",
      example: { access_type: "offline", prompt: "consent" },
    }),
  tokenAuthMethod: z.enum(TOKEN_AUTH_METHODS).openapi({
    description: "How the client authenticates at `tokenUrl` (default `client_secret_basic`).",
    example: "client_secret_basic",
  }),
};

export const OAuthConfigSchema = z
  .object({
    ...oauthFields,
    authorizeUrl: oauthFields.authorizeUrl.nullable(),
    scopes: z.array(z.string()),
    extraAuthorizeParams: z.record(z.string(), z.string()),
  })
  .openapi("OAuthConfig", {
    description:
      "An OAuth 2.0 credential's public configuration (the client secret is write-only).",
  });

export const PutOAuthBody = z
  .strictObject({
    ...oauthFields,
    authorizeUrl: oauthFields.authorizeUrl.optional(),
    clientSecret: z
      .string()
      .min(1)
      .max(4096)
      .optional()
      .openapi({
        description:
          "Write-only; sealed with the configuration bound in, sent only to `tokenUrl`. Required " +
          "to create the credential and to change its configuration, hosts or placement rules.",
        example: "demo-oauth-client-secret-5d21b8e4",
      }),
    scopes: oauthFields.scopes.optional(),
    scopeSeparator: oauthFields.scopeSeparator.optional(),
    extraAuthorizeParams: oauthFields.extraAuthorizeParams.optional(),
    tokenAuthMethod: oauthFields.tokenAuthMethod.optional(),
  })
  .openapi("PutOAuthConfig");

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
    status: z
      .enum(OAUTH_STATUSES)
      .nullable()
      .openapi({
        description:
          "OAuth 2.0 only (null otherwise): `pending` (stored, not connected yet, or its " +
          "configuration changed), `connected` (tokens stored), `needs_reauth` (the vendor " +
          "refused the refresh token: connect again).",
        example: "connected",
      }),
    expiresAt: z
      .string()
      .nullable()
      .openapi({ format: "date-time", description: "When the current access token expires." }),
    scopes: z
      .array(z.string())
      .nullable()
      .openapi({ description: "OAuth 2.0: the scopes granted (null until connected)." }),
    oauth: OAuthConfigSchema.nullable(),
  })
  .openapi("Credential", {
    description:
      "Credential metadata. Secrets are write-only: no response ever contains a value, a client " +
      "secret or a token.",
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
    authType: z
      .enum(AUTH_TYPES)
      .optional()
      .openapi({ description: "Default `bearer` (`oauth2` with `oauth`)." }),
    oauth: PutOAuthBody.optional().openapi({
      description:
        "Makes this an OAuth 2.0 credential (instead of `value`): the token state starts " +
        "`pending`; connect it with POST …/oauth/authorize (authorization_code).",
    }),
  })
  .openapi("PutCredential");
