import type { Schema } from "hono";
import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { parseDefinitionShape } from "../../../engine/definition.ts";
import { getConnector, updateConnector } from "../../db/connectors.ts";
import { getTemplate } from "../../db/templates.ts";
import { ApiError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import { bindTemplate } from "../../lib/install.ts";
import { bindingFromConnector } from "../../lib/templates.ts";
import type { AppEnv } from "../../types.ts";
import { CredentialBinding } from "../templates/schema.ts";
import { bearerSecurity, errorContent, workspaceErrors } from "../schemas.ts";
import { ConnectorIdParams, ConnectorSchema } from "./schema.ts";

const UpgradeBody = z
  .strictObject({
    credentials: CredentialBinding.optional(),
  })
  .openapi("UpgradeConnector");

const route = createRoute({
  method: "post",
  path: "/v1/workspaces/{ws}/connectors/{id}/upgrade",
  operationId: "upgradeConnector",
  tags: ["Connectors"],
  summary: "Apply the newer version of the connector's template",
  description:
    "Replaces the connector's definition with the template's current version (name, " +
    "description and status stay). Credentials are re-bound the way the connector binds them " +
    "now: a template step keeps the credential the connector's step of the same id uses; " +
    "others bind by name; `credentials` overrides either. Checked like an install: 422 when a " +
    "credential is missing or does not cover the template's hosts. 409 when the connector is " +
    "not from a template or already at its latest version.",
  security: bearerSecurity,
  request: {
    params: ConnectorIdParams,
    body: { required: false, content: { "application/json": { schema: UpgradeBody } } },
  },
  responses: {
    200: { description: "Upgraded", content: { "application/json": { schema: ConnectorSchema } } },
    ...workspaceErrors,
    409: errorContent("Not installed from a template, or already at the latest version."),
    422: errorContent("The new version cannot be bound to the workspace's credentials."),
  },
});

export function registerUpgradeConnector<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const workspaceId = c.var.workspace.id;
    if (!isUuid(id)) throw new ApiError("not_found", "Connector not found.");
    const connector = await c.var.db.asUser(c.var.auth.claims, async (tx) => {
      const current = await getConnector(tx, workspaceId, id);
      if (!current) throw new ApiError("not_found", "Connector not found.");
      if (!current.templateId) {
        throw new ApiError("conflict", "This connector was not installed from a template.");
      }
      const template = await getTemplate(tx, current.templateId);
      if (!template) {
        throw new ApiError(
          "conflict",
          "The connector's template is not available to you any more.",
        );
      }
      const from = current.templateVersion ?? 0;
      if (template.version <= from) {
        throw new ApiError(
          "conflict",
          `The connector is at the template's latest version (${from}).`,
        );
      }
      const newShape = parseDefinitionShape(template.definition);
      const oldShape = parseDefinitionShape(current.definition);
      const kept =
        newShape.ok && oldShape.ok
          ? bindingFromConnector(newShape.definition, oldShape.definition)
          : {};
      const definition = await bindTemplate(
        tx,
        workspaceId,
        template.definition,
        { ...kept, ...body.credentials },
        c.var.config,
      );
      await updateConnector(tx, workspaceId, id, { definition, templateVersion: template.version });
      return getConnector(tx, workspaceId, id);
    });
    if (!connector) throw new Error("upgraded connector not readable");
    return c.json(connector, 200);
  });
}
