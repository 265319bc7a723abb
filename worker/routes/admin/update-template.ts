import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, errorContent, jsonResponse } from "../schemas.ts";
import { TemplateSchema } from "../templates/schema.ts";
import { TemplateIdParams, UpdateTemplateBody, adminErrors } from "./schema.ts";
import { requireId } from "../../lib/ids.ts";
import { updateTemplate } from "../../services/admin-templates.ts";

const route = createRoute({
  method: "patch",
  path: "/v1/admin/templates/{id}",
  operationId: "updateTemplate",
  tags: ["Admin"],
  summary: "Update a template (saas admins), including isOfficial and isFeatured",
  description:
    "Only the fields given change. A definition different from the stored one is checked and " +
    "bumps `version` (installed connectors then show `updateAvailable`); `requiredCredentials` " +
    "is derived again, keeping help texts of credentials that remain.",
  security: bearerSecurity,
  request: {
    params: TemplateIdParams,
    body: { required: true, content: { "application/json": { schema: UpdateTemplateBody } } },
  },
  responses: {
    200: jsonResponse("Updated", TemplateSchema),
    ...adminErrors,
    404: errorContent("No such template (or one the admin cannot see)."),
    409: errorContent("The slug is taken."),
    422: errorContent("The definition has problems; `details` lists each with its JSON path."),
  },
});

export function registerAdminUpdateTemplate<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const id = requireId(c.req.valid("param").id, "Template");
    return c.json(await updateTemplate(c.var, id, c.req.valid("json")), 200);
  });
}
