import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { parseDefinitionShape } from "../../../engine/definition.ts";
import { getConnector } from "../../db/connectors.ts";
import { getTemplate, insertTemplate } from "../../db/templates.ts";
import { ApiError } from "../../lib/errors.ts";
import { deriveRequiredCredentials } from "../../lib/templates.ts";
import { requireRole } from "../../middleware/workspace.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, errorContent, workspaceErrors } from "../schemas.ts";
import { mapTemplateWriteError } from "./errors.ts";
import { PublishBody, TemplateSchema, WorkspaceParams } from "./schema.ts";

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
    201: { description: "Published", content: { "application/json": { schema: TemplateSchema } } },
    ...workspaceErrors,
    409: errorContent("The slug is taken."),
    422: errorContent("The connector's definition is not valid any more."),
  },
});

export function registerPublishTemplate<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const body = c.req.valid("json");
    const workspaceId = c.var.workspace.id;
    const template = await c.var.db
      .asUser(c.var.auth.claims, async (tx) => {
        const connector = await getConnector(tx, workspaceId, body.connectorId);
        if (!connector) throw new ApiError("not_found", "Connector not found.");
        const parsed = parseDefinitionShape(connector.definition);
        if (!parsed.ok) {
          throw new ApiError("invalid_definition", "The connector's definition is not valid.", {
            details: parsed.problems,
          });
        }
        const id = await insertTemplate(tx, {
          slug: body.slug,
          name: body.name ?? connector.name,
          description: body.description === undefined ? connector.description : body.description,
          category: body.category ?? null,
          definition: parsed.definition,
          requiredCredentials: deriveRequiredCredentials(
            parsed.definition,
            body.credentialHelp ?? {},
          ),
          visibility: body.visibility,
          ownerWorkspaceId: workspaceId,
        });
        return getTemplate(tx, id);
      })
      .catch(mapTemplateWriteError);
    if (!template) throw new Error("published template not readable");
    return c.json(template, 201);
  });
}
