import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { getConnector, insertConnector } from "../../db/connectors.ts";
import { getTemplate } from "../../db/templates.ts";
import { ApiError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import { bindTemplate } from "../../lib/install.ts";
import type { AppEnv } from "../../types.ts";
import { ConnectorSchema } from "../connectors/schema.ts";
import { bearerSecurity, errorContent, workspaceErrors } from "../schemas.ts";
import { InstallBody, WorkspaceTemplateParams } from "./schema.ts";

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
    201: {
      description: "The installed connector",
      content: { "application/json": { schema: ConnectorSchema } },
    },
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
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const workspaceId = c.var.workspace.id;
    if (!isUuid(id)) throw new ApiError("not_found", "Template not found.");
    const connector = await c.var.db.asUser(c.var.auth.claims, async (tx) => {
      const template = await getTemplate(tx, id);
      if (!template) throw new ApiError("not_found", "Template not found.");
      const mapping = body.credentials ?? {};
      const definition = await bindTemplate(
        tx,
        workspaceId,
        template.definition,
        mapping,
        c.var.config,
      );
      const connectorId = await insertConnector(tx, workspaceId, {
        name: body.name ?? template.name,
        description: template.description,
        definition,
        templateId: template.id,
        templateVersion: template.version,
      });
      return getConnector(tx, workspaceId, connectorId);
    });
    if (!connector) throw new Error("installed connector not readable");
    return c.json(connector, 201);
  });
}
