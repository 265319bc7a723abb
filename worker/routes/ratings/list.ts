import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { listRatings } from "../../db/ratings.ts";
import { ApiError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import { PageQuery, decodeCursor, listSchema, page } from "../../lib/pagination.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, commonErrors, errorContent } from "../schemas.ts";
import { RatingSchema, TemplateIdParams } from "./schema.ts";

const route = createRoute({
  method: "get",
  path: "/v1/templates/{id}/ratings",
  operationId: "listRatings",
  tags: ["Templates"],
  summary: "A template's ratings and reviews, newest first",
  security: bearerSecurity,
  request: { params: TemplateIdParams, query: PageQuery },
  responses: {
    200: {
      description: "A page of ratings",
      content: { "application/json": { schema: listSchema(RatingSchema, "RatingList") } },
    },
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
    const rows = isUuid(id)
      ? await listRatings(c.var.db, c.var.auth.claims, {
          templateId: id,
          limit: query.limit,
          after,
        })
      : null;
    if (!rows) throw new ApiError("not_found", "Template not found.");
    const result = page(rows, query.limit, (row) => ({ at: row.cursorAt, id: row.userId }));
    const data = result.data.map(({ cursorAt: _ignored, ...rating }) => rating);
    return c.json({ data, nextCursor: result.nextCursor }, 200);
  });
}
