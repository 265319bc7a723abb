import type { Schema } from "hono";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { registerListRatings } from "./list.ts";
import { registerPutRating } from "./put.ts";

export function registerRatingRoutes<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return registerPutRating(registerListRatings(app));
}
