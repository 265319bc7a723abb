import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, commonErrors, jsonResponse } from "../schemas.ts";
import { BrowseFilters, TemplateSchema } from "./schema.ts";
import { PageQuery, listSchema } from "../../lib/pagination.ts";
import { decodeTemplateCursor } from "../../lib/template-cursor.ts";
import { listTemplates } from "../../services/templates.ts";

const route = createRoute({
  method: "get",
  path: "/v1/templates",
  operationId: "listTemplates",
  tags: ["Templates"],
  summary: "Browse the template marketplace",
  description:
    "Official templates, approved public community templates, and the caller's own " +
    "workspaces' templates (saas admins also see public templates awaiting review). Each shows " +
    "what installing needs: required credentials, input schema and the hosts it calls.",
  security: bearerSecurity,
  request: { query: PageQuery.extend(BrowseFilters.shape) },
  responses: {
    200: jsonResponse("A page of templates", listSchema(TemplateSchema, "TemplateList")),
    ...commonErrors,
  },
});

const flag = (value: "true" | "false" | undefined) =>
  value === undefined ? undefined : value === "true";

export function registerListTemplates<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const query = c.req.valid("query");
    const page = await listTemplates(c.var, {
      sort: query.sort,
      limit: query.limit,
      after: decodeTemplateCursor(query.cursor, query.sort),
      q: query.q,
      category: query.category,
      featured: flag(query.featured),
      official: flag(query.official),
      review: query.review,
    });
    return c.json(page, 200);
  });
}
