import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { requireRole } from "../../middleware/workspace.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, errorContent, workspaceErrors, jsonResponse } from "../schemas.ts";
import { PublishBody, TemplateSchema, WorkspaceParams } from "./schema.ts";
import { publishTemplate } from "../../services/templates.ts";

const route = createRoute({
  method: "post",
  path: "/v1/workspaces/{ws}/templates",
  operationId: "publishTemplate",
  tags: ["Templates"],
  summary: "Publish a connector as a community template (owners and admins)",
  description:
    "Copies the connector's definition — which names credentials but never holds their values " +
    "— and derives what an installer must bind: each credential's name, auth type and the hosts " +
    "the steps using it call. `workspace` templates are visible to this workspace at once; " +
    "`public` ones wait for a saas admin's review before others see them.",
  security: bearerSecurity,
  middleware: [requireRole("owner", "admin")] as const,
  request: {
    params: WorkspaceParams,
    body: { required: true, content: { "application/json": { schema: PublishBody } } },
  },
  responses: {
    201: jsonResponse("Published", TemplateSchema),
    ...workspaceErrors,
    409: errorContent("The slug is taken."),
    422: errorContent("The connector's definition is not valid any more."),
  },
});

export function registerPublishTemplate<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    return c.json(await publishTemplate(c.var, c.req.valid("json")), 201);
  });
}
