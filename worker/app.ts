import { OpenAPIHono } from "@hono/zod-openapi";
import { Scalar } from "@scalar/hono-api-reference";
import { except } from "hono/combine";
import { HTTPException } from "hono/http-exception";
import { isConnectionError, isDataException } from "./db/client.ts";
import type { Bindings } from "./env.ts";
import { ApiError, errorBody, toApiError } from "./lib/errors.ts";
import { describeError, log } from "./lib/log.ts";
import { DurableObjectRateLimitStore } from "./lib/rate-limit-store.ts";
import { MemoryRateLimitStore, type RateLimitStore } from "./lib/rate-window.ts";
import { authenticate } from "./middleware/auth.ts";
import { limitBody } from "./middleware/body-limit.ts";
import { limitJsonDepth } from "./middleware/json-depth.ts";
import { loadConfig } from "./middleware/config.ts";
import { corsAllowList } from "./middleware/cors.ts";
import { withDatabase } from "./middleware/db.ts";
import { observe } from "./middleware/observe.ts";
import { limitUser, limitWorkspace } from "./middleware/rate-limit.ts";
import { requireSaasAdmin } from "./middleware/saas-admin.ts";
import { docsSecurityHeaders, securityHeaders } from "./middleware/security-headers.ts";
import { requireMembership } from "./middleware/workspace.ts";
import { registerAdminRoutes } from "./routes/admin/index.ts";
import { registerAuditLogRoutes } from "./routes/audit-log/index.ts";
import { registerBenchRoutes } from "./routes/bench.ts";
import { registerConsole } from "./routes/console.ts";
import { registerConnectorRoutes } from "./routes/connectors/index.ts";
import { DocumentedDefinition } from "./routes/connectors/schema.ts";
import { registerContactRoutes } from "./routes/contacts/index.ts";
import { registerExecutionRoutes } from "./routes/executions/index.ts";
import { registerCredentialRoutes } from "./routes/credentials/index.ts";
import { registerGetMe } from "./routes/me/get.ts";
import { registerRatingRoutes } from "./routes/ratings/index.ts";
import { registerDeliverWebhook } from "./routes/hooks/deliver.ts";
import { registerOAuthCallback } from "./routes/oauth/callback.ts";
import { registerHealth } from "./routes/system/health.ts";
import { registerTemplateRoutes } from "./routes/templates/index.ts";
import { registerWebhookRoutes } from "./routes/webhooks/index.ts";
import { type LiveStatusTimings, liveStatusTimings } from "./services/execution-events.ts";
import type { AppEnv } from "./types.ts";

export const API_VERSION = "0.1.0";
const PUBLIC_V1 = ["/v1/openapi.json", "/v1/hooks/*", "/v1/oauth/callback"];
/** Routes that read their body as raw bytes (a webhook's signature covers them exactly). */
const RAW_BODY = ["/v1/hooks/*"];

export interface AppOptions {
  /** Where rate-limit counters live; defaults to the RATE_LIMITER Durable Object binding. */
  rateLimitStore?: (env: Bindings) => RateLimitStore;
  /** Live status's poll, heartbeat and time limit; tests shorten them (bounded, never exposed). */
  liveStatus?: Partial<LiveStatusTimings>;
}

export function createApp(options: AppOptions = {}) {
  const memoryStore = new MemoryRateLimitStore();
  const pickStore =
    options.rateLimitStore ??
    ((env: Bindings) =>
      env.RATE_LIMITER ? new DurableObjectRateLimitStore(env.RATE_LIMITER) : memoryStore);

  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new ApiError("invalid_request", "The request is not valid.", {
          details: result.error.issues.map((issue) => ({
            path: issue.path.join("."),
            code: issue.code,
            message: issue.message,
          })),
        });
      }
    },
  });

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "A Supabase access token (`npm run token -- owner` mints one locally).",
  });
  // The engine's definition schema, registered before any route so that request bodies (which
  // leave its check to the engine) refer to this component.
  app.openAPIRegistry.register("ConnectorDefinition", DocumentedDefinition);

  app.use("*", observe);
  app.use("*", securityHeaders);
  app.use("*", loadConfig);
  app.use("*", corsAllowList);
  app.use("*", limitBody);
  app.use("*", except(RAW_BODY, limitJsonDepth));
  app.use("*", async (c, next) => {
    c.set("rateLimits", pickStore(c.env));
    await next();
  });
  app.use("*", withDatabase);
  app.use("/v1/*", except(PUBLIC_V1, authenticate, limitUser));
  app.use("/v1/workspaces/:ws/*", requireMembership, limitWorkspace);
  app.use("/v1/admin/*", requireSaasAdmin);

  // Chained so the app's type carries every route (typed `hono/client`, see AppType).
  const routes = registerOAuthCallback(
    registerDeliverWebhook(
      registerWebhookRoutes(
        registerAdminRoutes(
          registerRatingRoutes(
            registerTemplateRoutes(
              registerCredentialRoutes(
                registerAuditLogRoutes(
                  registerContactRoutes(
                    registerExecutionRoutes(
                      registerConnectorRoutes(registerGetMe(registerHealth(app))),
                      liveStatusTimings(options.liveStatus),
                    ),
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );

  app.doc31("/v1/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Connectors API",
      version: API_VERSION,
      description:
        "Build, install and run HTTP connectors for a CRM workspace. Authenticate with a " +
        "Supabase access token as `Authorization: Bearer <token>`. Errors share one envelope: " +
        '`{"error": {"code", "message", "details"?, "requestId"}}`.',
    },
    servers: [{ url: "/", description: "This deployment" }],
  });
  app.get(
    "/docs",
    docsSecurityHeaders,
    Scalar<AppEnv>((c) => ({
      url: "/v1/openapi.json",
      pageTitle: "Connectors API",
      // Served from the worker's static assets so the page works with no internet access.
      cdn: "/docs/assets/scalar.js",
      // The page's Content-Security-Policy admits its inline bootstrap and styles by this nonce.
      nonce: c.get("secureHeadersNonce"),
      // Nothing from or to other origins: system fonts, no telemetry, no hosted AI or MCP.
      withDefaultFonts: false,
      telemetry: false,
      agent: { disabled: true },
      mcp: { disabled: true },
      // "Try it" calls this origin directly, never through Scalar's hosted proxy.
      proxyUrl: "",
      // "Try it" asks for the bearer token (`npm run token -- owner` locally).
      authentication: { preferredSecurityScheme: "bearerAuth" },
    })),
  );

  // The console's single-page app from the static assets (SPEC §11).
  registerConsole(app);

  // Plain routes outside /v1 that answer 404 unless BENCH_ROUTES=true (never in production).
  registerBenchRoutes(app);

  app.notFound((c) =>
    c.json(errorBody("not_found", "No such route.", c.var.requestId ?? "unknown"), 404),
  );

  app.onError((error, c) => {
    const requestId = c.var.requestId ?? "unknown";
    const known = toApiError(error);
    if (known) {
      return c.json(
        errorBody(known.code, known.message, requestId, known.details),
        known.status,
        known.headers,
      );
    }
    if (error instanceof HTTPException) {
      // Hono raises these for malformed JSON bodies and similar request problems.
      const status = error.status;
      const code = status === 413 ? "payload_too_large" : status < 500 ? "invalid_request" : null;
      if (code) {
        const message =
          status === 413 ? "Request bodies are limited to 256 KiB." : "The request is malformed.";
        return c.json(errorBody(code, message, requestId), status === 413 ? 413 : 400);
      }
    }
    if (isDataException(error)) {
      // The message can echo the value, so only the SQLSTATE is logged.
      log("warn", "a request value was refused by the database", {
        requestId,
        sqlstate: String((error as { code?: unknown }).code),
      });
      return c.json(
        errorBody(
          "invalid_request",
          "A value in the request cannot be stored (for example a NUL character, or a number or date out of range).",
          requestId,
        ),
        400,
      );
    }
    if (isConnectionError(error) || (error as { code?: string }).code === "57014") {
      log("error", "database unavailable", { requestId, error: describeError(error) });
      return c.json(
        errorBody("unavailable", "The database is unavailable; retry shortly.", requestId),
        503,
        { "Retry-After": "5" },
      );
    }
    log("error", "unhandled error", { requestId, error: describeError(error) });
    return c.json(errorBody("internal_error", "Something went wrong on our side.", requestId), 500);
  });

  return routes;
}

/** The API's route types, for a typed client: `hc<AppType>(baseUrl)` from `hono/client`. */
export type AppType = ReturnType<typeof createApp>;
