import { createMiddleware } from "hono/factory";
import { openDatabase } from "../db/client.ts";
import type { AppEnv } from "../types.ts";

/** A client per request over the Hyperdrive binding (Hyperdrive keeps the real pool). */
export const withDatabase = createMiddleware<AppEnv>(async (c, next) => {
  const db = openDatabase(c.env.HYPERDRIVE.connectionString, { gated: true });
  c.set("db", db);
  try {
    await next();
  } finally {
    const closing = db.close().catch(() => {});
    let waitUntil: ((promise: Promise<unknown>) => void) | undefined;
    try {
      const ctx = c.executionCtx;
      waitUntil = ctx.waitUntil.bind(ctx);
    } catch {
      waitUntil = undefined;
    }
    if (waitUntil) waitUntil(closing);
    else await closing;
  }
});
