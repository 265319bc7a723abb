import type { Schema } from "hono";
import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { requireRole } from "../../middleware/workspace.ts";
import { startAuthorization } from "../../services/oauth-connect.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, errorContent, jsonResponse, workspaceErrors } from "../schemas.ts";
import { CredentialParams } from "./schema.ts";

const AuthorizeBody = z
  .strictObject({
    returnTo: z
      .string()
      .min(1)
      .max(2048)
      .optional()
      .openapi({
        description:
          "Where the browser goes when the flow ends, with `?credential=<name>&status=connected` " +
          "(or `status=error&reason=<code>`): an absolute URL on an origin of CORS_ORIGINS or " +
          "the API's own origin (the console); else 422. Without it the callback shows a small " +
          "page.",
        example: "http://localhost:3000/settings/credentials",
      }),
  })
  .openapi("AuthorizeCredential");

const AuthorizeResult = z
  .object({
    authorizeUrl: z.string().openapi({
      description:
        "Send the user's browser here (the vendor's consent page). It carries a PKCE S256 " +
        "challenge and a signed `state` that is single-use, bound to this workspace, credential " +
        "and user, and expires in 10 minutes.",
      example:
        "http://127.0.0.1:8788/oauth/authorize?response_type=code&client_id=demo-connectors-client&…",
    }),
  })
  .openapi("AuthorizeUrl");

const route = createRoute({
  method: "post",
  path: "/v1/workspaces/{ws}/credentials/{name}/oauth/authorize",
  operationId: "authorizeCredential",
  tags: ["Credentials"],
  summary: "Start connecting an OAuth 2.0 credential (owners and admins)",
  description:
    "For an OAuth 2.0 credential with grantType `authorization_code`: returns the vendor's " +
    "authorize URL. The vendor sends the browser back to `<API origin>/v1/oauth/callback` " +
    "(PUBLIC_API_URL, by default this request's origin: register it at the vendor), which " +
    "exchanges the code, stores the tokens encrypted and marks the credential `connected`. " +
    "409 for any other credential (another auth type, or client_credentials).",
  security: bearerSecurity,
  middleware: [requireRole("owner", "admin")] as const,
  request: {
    params: CredentialParams,
    body: { required: false, content: { "application/json": { schema: AuthorizeBody } } },
  },
  responses: {
    200: jsonResponse("The authorize URL", AuthorizeResult),
    ...workspaceErrors,
    409: errorContent("Not an OAuth 2.0 authorization-code credential."),
    422: errorContent("`returnTo` is not on an allowed origin."),
  },
});

export function registerAuthorizeCredential<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { name } = c.req.valid("param");
    const body = (c.req.valid("json") as z.infer<typeof AuthorizeBody> | undefined) ?? {};
    const result = await startAuthorization(c.var, name, {
      returnTo: body.returnTo ?? null,
      requestUrl: c.req.url,
    });
    return c.json(result, 200);
  });
}
