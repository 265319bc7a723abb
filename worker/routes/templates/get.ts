import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { getTemplate } from "../../db/templates.ts";
import { ApiError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, commonErrors, errorContent } from "../schemas.ts";
import { TemplateIdParams, TemplateSchema } from "./schema.ts";

const route = createRoute({
  method: "get",
  path: "/v1/templates/{id}",
  operationId: "getTemplate",
  tags: ["Templates"],
  summary: "Read one template",
  description:
    "A template the caller may not see (another workspace's, or awaiting review) is 404.",
  security: bearerSecurity,
  request: { params: TemplateIdParams },
  responses: {
    200: {
      description: "The template",
      content: { "application/json": { schema: TemplateSchema } },
    },
    ...commonErrors,
    404: errorContent("No such template, or not visible to the caller."),
  },
});

export function registerGetTemplate<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const template = isUuid(id)
      ? await c.var.db.asUser(c.var.auth.claims, (tx) => getTemplate(tx, id))
      : null;
    if (!template) throw new ApiError("not_found", "Template not found.");
    return c.json(template, 200);
  });
}
