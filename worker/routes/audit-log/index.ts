import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { registerListAuditLog } from "./list.ts";

export function registerAuditLogRoutes(app: OpenAPIHono<AppEnv>): void {
  registerListAuditLog(app);
}
