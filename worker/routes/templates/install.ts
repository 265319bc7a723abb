import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { ConnectorSchema } from "../connectors/schema.ts";
import { bearerSecurity, errorContent, workspaceErrors, jsonResponse } from "../schemas.ts";
import { InstallBody, WorkspaceTemplateParams } from "./schema.ts";
import { requireId } from "../../lib/ids.ts";
import { installTemplate } from "../../services/install.ts";

const route = createRoute({
  method: "post",
  path: "/v1/workspaces/{ws}/templates/{id}/install",
  operationId: "installTemplate",
  tags: ["Templates"],
  summary: "Install a template as a connector of the workspace",
  description:
    "Any member may install. Each credential the template uses binds to a workspace credential " +
    "(`credentials` maps template names to workspace names; unlisted ones bind by the same " +
    "name). The bound credential must exist and its `allowedHosts` must already cover every " +
    "host the template calls — binding never widens a credential. The result is checked like " +
    "a new connector and records `templateId` and `templateVersion`.",
  security: bearerSecurity,
  request: {
    params: WorkspaceTemplateParams,
    body: { required: false, content: { "application/json": { schema: InstallBody } } },
  },
  responses: {
    201: jsonResponse("The installed connector", ConnectorSchema),
    ...workspaceErrors,
    422: errorContent(
      "A credential is missing or does not cover the template's hosts (`details`: one entry " +
        "per problem at `credentials.<name>`), or the bound definition is not valid.",
    ),
  },
});

export function registerInstallTemplate<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const id = requireId(c.req.valid("param").id, "Template");
    return c.json(await installTemplate(c.var, id, c.req.valid("json") ?? {}), 201);
  });
}
