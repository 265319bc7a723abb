import type { Schema } from "hono";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { registerCancelBatch } from "./cancel.ts";
import { registerCreateBatch } from "./create.ts";
import { registerGetBatch } from "./get.ts";

/** Batches: start many executions at once, read their counts, cancel them. */
export function registerBatchRoutes<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return registerCancelBatch(registerGetBatch(registerCreateBatch(app)));
}
