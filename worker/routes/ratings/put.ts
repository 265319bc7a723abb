import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { putRating } from "../../db/ratings.ts";
import { getTemplate } from "../../db/templates.ts";
import { ApiError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, commonErrors, errorContent } from "../schemas.ts";
import { PutRatingBody, RatingResultSchema, TemplateIdParams } from "./schema.ts";

const route = createRoute({
  method: "put",
  path: "/v1/templates/{id}/rating",
  tags: ["Templates"],
  summary: "Rate a template (one rating per user, replaceable)",
  description:
    "201 for the caller's first rating of the template, 200 when it replaces theirs (a PUT: " +
    "a review left out is cleared). The answer carries the template's new aggregates, which " +
    "the database keeps.",
  security: bearerSecurity,
  request: {
    params: TemplateIdParams,
    body: { required: true, content: { "application/json": { schema: PutRatingBody } } },
  },
  responses: {
    200: {
      description: "Replaced",
      content: { "application/json": { schema: RatingResultSchema } },
    },
    201: {
      description: "Created",
      content: { "application/json": { schema: RatingResultSchema } },
    },
    ...commonErrors,
    404: errorContent("No such template, or not visible to the caller."),
  },
});

export function registerPutRating<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    if (!isUuid(id)) throw new ApiError("not_found", "Template not found.");
    const result = await c.var.db.asUser(c.var.auth.claims, async (tx) => {
      if (!(await getTemplate(tx, id))) return null;
      const { outcome, rating } = await putRating(tx, id, body.rating, body.review ?? null);
      const template = await getTemplate(tx, id);
      if (!template) throw new Error("rated template not readable");
      return {
        outcome,
        body: {
          ...rating,
          template: {
            id: template.id,
            ratingAvg: template.ratingAvg,
            ratingCount: template.ratingCount,
          },
        },
      };
    });
    if (!result) throw new ApiError("not_found", "Template not found.");
    return result.outcome === "created" ? c.json(result.body, 201) : c.json(result.body, 200);
  });
}
