import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, commonErrors, errorContent, jsonResponse } from "../schemas.ts";
import { RatingSchema, TemplateIdParams } from "./schema.ts";
import { requireId } from "../../lib/ids.ts";
import { PageQuery, decodeCursor, listSchema } from "../../lib/pagination.ts";
import { listRatings } from "../../services/ratings.ts";

const route = createRoute({
  method: "get",
  path: "/v1/templates/{id}/ratings",
  operationId: "listRatings",
  tags: ["Templates"],
  summary: "A template's ratings and reviews, newest first",
  security: bearerSecurity,
  request: { params: TemplateIdParams, query: PageQuery },
  responses: {
    200: jsonResponse("A page of ratings", listSchema(RatingSchema, "RatingList")),
    ...commonErrors,
    404: errorContent("No such template, or not visible to the caller."),
  },
});

export function registerListRatings<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const query = c.req.valid("query");
    const after = decodeCursor(query.cursor);
    const page = await listRatings(c.var, requireId(id, "Template"), { limit: query.limit, after });
    return c.json(page, 200);
  });
}
