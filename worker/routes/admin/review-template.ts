import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, errorContent, jsonResponse } from "../schemas.ts";
import { TemplateSchema } from "../templates/schema.ts";
import { ReviewBody, TemplateIdParams, adminErrors } from "./schema.ts";
import { requireId } from "../../lib/ids.ts";
import { reviewTemplate } from "../../services/admin-templates.ts";

const route = createRoute({
  method: "post",
  path: "/v1/admin/templates/{id}/review",
  operationId: "reviewTemplate",
  tags: ["Admin"],
  summary: "Approve or reject a public community template (saas admins)",
  description:
    "An approved template is listed for every workspace; a rejected one only for its own. " +
    "A later content change by its workspace sends it back to `pending`.",
  security: bearerSecurity,
  request: {
    params: TemplateIdParams,
    body: { required: true, content: { "application/json": { schema: ReviewBody } } },
  },
  responses: {
    200: jsonResponse("Reviewed", TemplateSchema),
    ...adminErrors,
    404: errorContent("No such template (or one the admin cannot see)."),
    409: errorContent(
      "Not a public community template: official and workspace ones need no review.",
    ),
  },
});

export function registerAdminReviewTemplate<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const id = requireId(c.req.valid("param").id, "Template");
    return c.json(await reviewTemplate(c.var, id, c.req.valid("json")), 200);
  });
}
