import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, commonErrors, errorContent, jsonResponse } from "../schemas.ts";
import { PutRatingBody, RatingResultSchema, TemplateIdParams } from "./schema.ts";
import { requireId } from "../../lib/ids.ts";
import { rateTemplate } from "../../services/ratings.ts";

const route = createRoute({
  method: "put",
  path: "/v1/templates/{id}/rating",
  operationId: "putRating",
  tags: ["Templates"],
  summary: "Rate a template (one rating per user, replaceable)",
  description:
    "201 for the caller's first rating of the template, 200 when it replaces theirs (a PUT: " +
    "a review left out is cleared). The answer carries the template's new aggregates, which " +
    "the database keeps. Ratings cannot be bought: only an approved template that a workspace " +
    "of the caller has installed can be rated, and never by a member of the workspace that " +
    "published it (403 `forbidden` otherwise; the message says which rule).",
  security: bearerSecurity,
  request: {
    params: TemplateIdParams,
    body: { required: true, content: { "application/json": { schema: PutRatingBody } } },
  },
  responses: {
    200: jsonResponse("Replaced", RatingResultSchema),
    201: jsonResponse("Created", RatingResultSchema),
    ...commonErrors,
    403: errorContent(
      "The template is not approved, belongs to a workspace of the caller, or no workspace " +
        "of the caller has installed it.",
    ),
    404: errorContent("No such template, or not visible to the caller."),
  },
});

export function registerPutRating<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const id = requireId(c.req.valid("param").id, "Template");
    const { outcome, rating } = await rateTemplate(c.var, id, c.req.valid("json"));
    return outcome === "created" ? c.json(rating, 201) : c.json(rating, 200);
  });
}
