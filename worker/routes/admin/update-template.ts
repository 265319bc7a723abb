import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import {
  type ConnectorDefinition,
  parseDefinitionShape,
  validateDefinition,
} from "../../../engine/definition.ts";
import { getTemplate, type TemplatePatch, updateTemplate } from "../../db/templates.ts";
import { ApiError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import { deriveRequiredCredentials } from "../../lib/templates.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, errorContent } from "../schemas.ts";
import { mapTemplateWriteError } from "../templates/errors.ts";
import { TemplateSchema } from "../templates/schema.ts";
import { TemplateIdParams, UpdateTemplateBody, adminErrors } from "./schema.ts";

const route = createRoute({
  method: "patch",
  path: "/v1/admin/templates/{id}",
  operationId: "updateTemplate",
  tags: ["Admin"],
  summary: "Update a template (saas admins), including isOfficial and isFeatured",
  description:
    "Only the fields given change. A definition different from the stored one is checked and " +
    "bumps `version` (installed connectors then show `updateAvailable`); `requiredCredentials` " +
    "is derived again, keeping help texts of credentials that remain.",
  security: bearerSecurity,
  request: {
    params: TemplateIdParams,
    body: { required: true, content: { "application/json": { schema: UpdateTemplateBody } } },
  },
  responses: {
    200: { description: "Updated", content: { "application/json": { schema: TemplateSchema } } },
    ...adminErrors,
    404: errorContent("No such template (or one the admin cannot see)."),
    409: errorContent("The slug is taken."),
    422: errorContent("The definition has problems; `details` lists each with its JSON path."),
  },
});

export function registerAdminUpdateTemplate<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    if (!isUuid(id)) throw new ApiError("not_found", "Template not found.");
    let definition: ConnectorDefinition | undefined;
    if (body.definition !== undefined) {
      const checked = validateDefinition(body.definition, {
        credentialNames: null,
        credentialHosts: null,
        outbound: c.var.config.outbound,
      });
      if (!checked.ok) {
        throw new ApiError(
          "invalid_definition",
          `The template definition has ${checked.problems.length} problem(s).`,
          { details: checked.problems },
        );
      }
      definition = checked.definition;
    }
    const template = await c.var.db
      .asUser(c.var.auth.claims, async (tx) => {
        const current = await getTemplate(tx, id);
        if (!current) return null;
        if (body.visibility === "workspace" && !current.ownerWorkspaceId) {
          throw new ApiError(
            "invalid_request",
            "A platform template has no workspace to keep it.",
            {
              details: [{ path: "visibility", message: "workspace needs an owner workspace" }],
            },
          );
        }
        const { credentialHelp, definition: _given, ...fields } = body;
        const patch: TemplatePatch = { ...fields, definition };
        if (definition !== undefined || credentialHelp !== undefined) {
          const stored = parseDefinitionShape(current.definition);
          const source = definition ?? (stored.ok ? stored.definition : null);
          if (source) {
            const help: Record<string, string | null> = Object.fromEntries(
              current.requiredCredentials.map((cred) => [cred.name, cred.helpText]),
            );
            patch.requiredCredentials = deriveRequiredCredentials(source, {
              ...help,
              ...credentialHelp,
            });
          }
        }
        if (!(await updateTemplate(tx, id, patch))) return null;
        return getTemplate(tx, id);
      })
      .catch(mapTemplateWriteError);
    if (!template) throw new ApiError("not_found", "Template not found.");
    return c.json(template, 200);
  });
}
