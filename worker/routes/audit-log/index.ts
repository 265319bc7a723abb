import type { Schema } from "hono";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { registerListAuditLog } from "./list.ts";

export function registerAuditLogRoutes<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return registerListAuditLog(app);
}
