import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, errorContent, jsonResponse } from "../schemas.ts";
import { TemplateSchema } from "../templates/schema.ts";
import { CreateTemplateBody, adminErrors } from "./schema.ts";
import { createTemplate } from "../../services/admin-templates.ts";

const route = createRoute({
  method: "post",
  path: "/v1/admin/templates",
  operationId: "createTemplate",
  tags: ["Admin"],
  summary: "Create a template (saas admins)",
  description:
    "Public and approved at once unless the body says otherwise. The definition is checked " +
    "like a connector's, without a workspace's credentials; `requiredCredentials` is derived " +
    "from it (names, auth types, hosts) with optional help texts.",
  security: bearerSecurity,
  request: {
    body: { required: true, content: { "application/json": { schema: CreateTemplateBody } } },
  },
  responses: {
    201: jsonResponse("Created", TemplateSchema),
    ...adminErrors,
    409: errorContent("The slug is taken."),
    422: errorContent("The definition has problems; `details` lists each with its JSON path."),
  },
});

export function registerAdminCreateTemplate<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    return c.json(await createTemplate(c.var, c.req.valid("json")), 201);
  });
}
