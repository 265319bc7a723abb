import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, commonErrors, errorContent, jsonResponse } from "../schemas.ts";
import { TemplateIdParams, TemplateSchema } from "./schema.ts";
import { requireId } from "../../lib/ids.ts";
import { getVisibleTemplate } from "../../services/templates.ts";

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
    200: jsonResponse("The template", TemplateSchema),
    ...commonErrors,
    404: errorContent("No such template, or not visible to the caller."),
  },
});

export function registerGetTemplate<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const id = requireId(c.req.valid("param").id, "Template");
    return c.json(await getVisibleTemplate(c.var, id), 200);
  });
}
