import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { putRating, type RatingRefusal, ratingRefusal } from "../../db/ratings.ts";
import { getTemplate } from "../../db/templates.ts";
import { ApiError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, commonErrors, errorContent } from "../schemas.ts";
import { PutRatingBody, RatingResultSchema, TemplateIdParams } from "./schema.ts";

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
    200: {
      description: "Replaced",
      content: { "application/json": { schema: RatingResultSchema } },
    },
    201: {
      description: "Created",
      content: { "application/json": { schema: RatingResultSchema } },
    },
    ...commonErrors,
    403: errorContent(
      "The template is not approved, belongs to a workspace of the caller, or no workspace " +
        "of the caller has installed it.",
    ),
    404: errorContent("No such template, or not visible to the caller."),
  },
});

const REFUSALS: Record<Exclude<RatingRefusal, "not_found">, string> = {
  not_approved: "Only approved templates can be rated.",
  own_template: "A template cannot be rated by a member of the workspace that published it.",
  not_installed: "Install the template in one of your workspaces before rating it.",
};

export function registerPutRating<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    if (!isUuid(id)) throw new ApiError("not_found", "Template not found.");
    const result = await c.var.db.asUser(c.var.auth.claims, async (tx) => {
      const refusal = await ratingRefusal(tx, id);
      if (refusal === "not_found") return null;
      if (refusal) throw new ApiError("forbidden", REFUSALS[refusal]);
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
