import type { Schema } from "hono";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { registerDeleteSchedule } from "./delete.ts";
import { registerGetSchedule } from "./get.ts";
import { registerPutSchedule } from "./put.ts";

export function registerScheduleRoutes<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return registerDeleteSchedule(registerGetSchedule(registerPutSchedule(app)));
}
