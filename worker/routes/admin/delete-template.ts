import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, errorContent } from "../schemas.ts";
import { TemplateIdParams, adminErrors } from "./schema.ts";
import { requireId } from "../../lib/ids.ts";
import { deleteTemplate } from "../../services/admin-templates.ts";

const route = createRoute({
  method: "delete",
  path: "/v1/admin/templates/{id}",
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
    await deleteTemplate(c.var, requireId(c.req.valid("param").id, "Template"));
    return c.body(null, 204);
  });
}
