import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { validateDefinition } from "../../../engine/definition.ts";
import { getTemplate, insertTemplate } from "../../db/templates.ts";
import { ApiError } from "../../lib/errors.ts";
import { deriveRequiredCredentials } from "../../lib/templates.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, errorContent } from "../schemas.ts";
import { mapTemplateWriteError } from "../templates/errors.ts";
import { TemplateSchema } from "../templates/schema.ts";
import { CreateTemplateBody, adminErrors } from "./schema.ts";

const route = createRoute({
  method: "post",
  path: "/v1/admin/templates",
  operationId: "createTemplate",
  tags: ["Admin"],
  summary: "Create a template (saas admins)",
  description:
    "Public and approved at once unless the body says otherwise. The definition is checked " +
    "like a connector's, without a workspace's credentials; `requiredCredentials` is derived " +
    "from it (names, auth types, hosts) with optional help texts.",
  security: bearerSecurity,
  request: {
    body: { required: true, content: { "application/json": { schema: CreateTemplateBody } } },
  },
  responses: {
    201: { description: "Created", content: { "application/json": { schema: TemplateSchema } } },
    ...adminErrors,
    409: errorContent("The slug is taken."),
    422: errorContent("The definition has problems; `details` lists each with its JSON path."),
  },
});

export function registerAdminCreateTemplate<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const body = c.req.valid("json");
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
    if (body.visibility === "workspace" && !body.ownerWorkspaceId) {
      throw new ApiError("invalid_request", "A workspace template needs ownerWorkspaceId.", {
        details: [{ path: "ownerWorkspaceId", message: "required when visibility is workspace" }],
      });
    }
    // As the admin, under RLS: the policies let saas admins write templates.
    const template = await c.var.db
      .asUser(c.var.auth.claims, async (tx) => {
        const id = await insertTemplate(tx, {
          slug: body.slug,
          name: body.name,
          description: body.description ?? null,
          category: body.category ?? null,
          definition: checked.definition,
          requiredCredentials: deriveRequiredCredentials(
            checked.definition,
            body.credentialHelp ?? {},
          ),
          visibility: body.visibility,
          review: body.review,
          isOfficial: body.isOfficial,
          isFeatured: body.isFeatured,
          ownerWorkspaceId: body.ownerWorkspaceId ?? null,
        });
        const created = await getTemplate(tx, id);
        // A workspace template of a workspace the admin is not in would be invisible to them:
        // refused, and rolled back with this transaction.
        if (!created) {
          throw new ApiError(
            "forbidden",
            "Saas admins can only create workspace templates in their own workspaces.",
          );
        }
        return created;
      })
      .catch(mapTemplateWriteError);
    return c.json(template, 201);
  });
}
