import { createMiddleware } from "hono/factory";
import { log } from "../lib/log.ts";
import type { AppEnv } from "../types.ts";

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Gives every request an id (echoed as X-Request-Id) and logs one JSON line when it ends. */
export const observe = createMiddleware<AppEnv>(async (c, next) => {
  const incoming = c.req.header("x-request-id");
  const requestId =
    incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : `req_${crypto.randomUUID()}`;
  c.set("requestId", requestId);
  const started = Date.now();
  await next();
  c.header("X-Request-Id", requestId);
  const status = c.res.status;
  log(status >= 500 ? "error" : "info", "request", {
    requestId,
    method: c.req.method,
    path: new URL(c.req.url).pathname,
    status,
    durationMs: Date.now() - started,
    userId: c.var.auth?.userId,
  });
});
