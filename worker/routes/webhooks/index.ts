import type { Schema } from "hono";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { registerCreateWebhook } from "./create.ts";
import { registerDeleteWebhook } from "./delete.ts";
import { registerListWebhooks } from "./list.ts";
import { registerRotateWebhook } from "./rotate.ts";

/** A connector's inbound webhooks: list, create, rotate, delete. */
export function registerWebhookRoutes<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return registerRotateWebhook(
    registerDeleteWebhook(registerCreateWebhook(registerListWebhooks(app))),
  );
}
