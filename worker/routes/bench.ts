// Benchmark-only routes for scripts/bench (B3, B4). They answer only when BENCH_ROUTES=true,
// which production refuses, and are plain `app.get` routes, so the OpenAPI document never
// lists them. Everything else about a request (config, database, logging) is the real path.
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Schema } from "hono";
import { createMiddleware } from "hono/factory";
import { decodeJwt } from "jose";
import type { Claims } from "../db/client.ts";
import { ApiError } from "../lib/errors.ts";
import { decodeCursor, PageQuery } from "../lib/pagination.ts";
import { listConnectors } from "../services/connectors.ts";
import { limitUser, limitWorkspace } from "../middleware/rate-limit.ts";
import { requireMembership } from "../middleware/workspace.ts";
import type { AppEnv } from "../types.ts";

/** Off unless configured: then these paths are as unknown as any other. */
const benchOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.var.config.benchRoutes) return c.notFound();
  await next();
});

/** B4's "auth off": the bearer token's claims, decoded but NOT verified. */
const unverifiedClaims = createMiddleware<AppEnv>(async (c, next) => {
  const token = /^Bearer (\S+)$/.exec(c.req.header("authorization") ?? "")?.[1];
  if (!token) throw new ApiError("unauthorized", "A bearer token is required.");
  let payload: ReturnType<typeof decodeJwt>;
  try {
    payload = decodeJwt(token);
  } catch {
    throw new ApiError("unauthorized", "The bearer token is malformed.");
  }
  const sub = String(payload.sub ?? "").toLowerCase();
  c.set("auth", { userId: sub, claims: { ...payload, sub } as Claims });
  await next();
});

export function registerBenchRoutes<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
): void {
  // B3's baseline: one trivial query through the same per-request client and Hyperdrive.
  app.get("/__bench/sql", benchOnly, async (c) => {
    const rows = await c.var.db.sql<{ one: number }[]>`select 1 as one`;
    return c.json({ one: rows[0]?.one ?? null }, 200);
  });

  // B4: the connector list exactly as GET /v1/workspaces/:ws/connectors runs it (rate limits,
  // membership, the list query) except that the token is not verified.
  app.get(
    "/__bench/workspaces/:ws/connectors",
    benchOnly,
    unverifiedClaims,
    limitUser,
    requireMembership,
    limitWorkspace,
    async (c) => {
      const query = PageQuery.parse(c.req.query());
      const after = decodeCursor(query.cursor);
      return c.json(await listConnectors(c.var, { limit: query.limit, after }), 200);
    },
  );
}
