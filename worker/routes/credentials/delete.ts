import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { requireRole } from "../../middleware/workspace.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors } from "../schemas.ts";
import { CredentialParams } from "./schema.ts";
import { deleteCredential } from "../../services/credentials.ts";

const route = createRoute({
  method: "delete",
  path: "/v1/workspaces/{ws}/credentials/{name}",
  tags: ["Credentials"],
  summary: "Delete a credential (owners and admins)",
  description: "Connectors that use it fail their next run with `credential_error`.",
  security: bearerSecurity,
  middleware: [requireRole("owner", "admin")] as const,
  request: { params: CredentialParams },
  responses: { 204: { description: "Deleted" }, ...workspaceErrors },
});

export function registerDeleteCredential<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    await deleteCredential(c.var, c.req.valid("param").name);
    return c.body(null, 204);
  });
}
