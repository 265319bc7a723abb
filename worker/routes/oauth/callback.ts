import type { Schema } from "hono";
import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../../lib/errors.ts";
import { finishAuthorization } from "../../services/oauth-callback.ts";
import { CALLBACK_PATH } from "../../services/oauth-connect.ts";
import type { AppEnv } from "../../types.ts";
import { errorContent } from "../schemas.ts";

const route = createRoute({
  method: "get",
  path: CALLBACK_PATH,
  operationId: "oauthCallback",
  tags: ["Credentials"],
  summary: "Where the vendor sends the browser back (no bearer token)",
  description:
    "The `redirect_uri` of every authorization-code flow. Verifies the signed `state` and " +
    "consumes it (single use, 10 minutes); a bad, expired, reused or forged state answers 400 " +
    "and changes nothing. Then it exchanges `code` with the PKCE verifier at the credential's " +
    "`tokenUrl`, stores the tokens encrypted, marks the credential `connected`, and redirects " +
    "to the flow's `returnTo` with `?credential=<name>&status=connected` — or " +
    "`status=error&reason=<code>` (`access_denied` and other vendor codes, " +
    "`credential_changed`, `forbidden`, `token_exchange_failed`, …). Without `returnTo` it " +
    "answers a small HTML page instead. No token, code or vendor text appears in the answer.",
  security: [],
  request: {
    query: z.object({
      state: z.string().optional().openapi({ description: "The signed state (required)." }),
      code: z.string().optional().openapi({ description: "The authorization code." }),
      error: z.string().optional().openapi({ description: "The vendor's error code, if any." }),
    }),
  },
  responses: {
    200: {
      description: "The flow ended; no returnTo (an HTML page)",
      content: { "text/html": { schema: z.string() } },
    },
    302: { description: "The flow ended; back to returnTo with the outcome in the query" },
    400: errorContent("The state is missing, invalid, expired or already used."),
    500: errorContent("Unexpected error (logged with the request id)."),
    503: errorContent("A dependency (the database) is unavailable; retry later."),
  },
});

const HEADERS = { "cache-control": "no-store", "referrer-policy": "no-referrer" };

function page(title: string, text: string): string {
  const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
    `</head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`
  );
}

export function registerOAuthCallback<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const query = new URL(c.req.url).searchParams;
    const outcome = await finishAuthorization(c.var.db, c.var.config, query, c.var.requestId);
    if (outcome.kind === "bad_state") {
      throw new ApiError(
        "invalid_request",
        "The authorization state is invalid, expired or already used. Start again.",
      );
    }
    if (outcome.returnTo) {
      const back = new URL(outcome.returnTo);
      back.searchParams.set("credential", outcome.credential);
      back.searchParams.set("status", outcome.status);
      if (outcome.reason) back.searchParams.set("reason", outcome.reason);
      return c.body(null, 302, { ...HEADERS, location: back.toString() });
    }
    const html =
      outcome.status === "connected"
        ? page(
            "Connected",
            `The credential "${outcome.credential}" is connected. You can close this page.`,
          )
        : page(
            "Not connected",
            `The credential "${outcome.credential}" was not connected (${outcome.reason ?? "error"}).`,
          );
    return c.html(html, 200, HEADERS);
  });
}
