import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { getTemplate, updateTemplate } from "../../db/templates.ts";
import { ApiError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import { log } from "../../lib/log.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, errorContent } from "../schemas.ts";
import { mapTemplateWriteError } from "../templates/errors.ts";
import { TemplateSchema } from "../templates/schema.ts";
import { ReviewBody, TemplateIdParams, adminErrors } from "./schema.ts";

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
    200: { description: "Reviewed", content: { "application/json": { schema: TemplateSchema } } },
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
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    if (!isUuid(id)) throw new ApiError("not_found", "Template not found.");
    const template = await c.var.db
      .asUser(c.var.auth.claims, async (tx) => {
        const current = await getTemplate(tx, id);
        if (!current) return null;
        if (current.isOfficial || current.visibility !== "public" || !current.ownerWorkspaceId) {
          throw new ApiError("conflict", "Only public community templates are reviewed.");
        }
        await updateTemplate(tx, id, { review: body.decision });
        return getTemplate(tx, id);
      })
      .catch(mapTemplateWriteError);
    if (!template) throw new ApiError("not_found", "Template not found.");
    log("info", "template reviewed", {
      requestId: c.var.requestId,
      templateId: id,
      decision: body.decision,
      reviewer: c.var.auth.userId,
      note: body.note,
    });
    return c.json(template, 200);
  });
}
