import type { Schema } from "hono";
import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { CredentialBinding } from "../templates/schema.ts";
import { bearerSecurity, errorContent, workspaceErrors, jsonResponse } from "../schemas.ts";
import { ConnectorIdParams, ConnectorSchema } from "./schema.ts";
import { requireId } from "../../lib/ids.ts";
import { upgradeConnector } from "../../services/install.ts";

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
    200: jsonResponse("Upgraded", ConnectorSchema),
    ...workspaceErrors,
    409: errorContent("Not installed from a template, or already at the latest version."),
    422: errorContent("The new version cannot be bound to the workspace's credentials."),
  },
});

export function registerUpgradeConnector<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const id = requireId(c.req.valid("param").id, "Connector");
    return c.json(await upgradeConnector(c.var, id, c.req.valid("json")?.credentials), 200);
  });
}
