import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { deleteTemplate } from "../../db/templates.ts";
import { ApiError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, errorContent } from "../schemas.ts";
import { TemplateIdParams, adminErrors } from "./schema.ts";

const route = createRoute({
  method: "delete",
  path: "/v1/admin/templates/{id}",
  operationId: "deleteTemplate",
  tags: ["Admin"],
  summary: "Delete a template (saas admins)",
  description:
    "Connectors installed from it keep working; their `templateId` becomes null. Its ratings go " +
    "with it.",
  security: bearerSecurity,
  request: { params: TemplateIdParams },
  responses: {
    204: { description: "Deleted" },
    ...adminErrors,
    404: errorContent("No such template (or one the admin cannot see)."),
  },
});

export function registerAdminDeleteTemplate<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const deleted = isUuid(id)
      ? await c.var.db.asUser(c.var.auth.claims, (tx) => deleteTemplate(tx, id))
      : false;
    if (!deleted) throw new ApiError("not_found", "Template not found.");
    return c.body(null, 204);
  });
}
