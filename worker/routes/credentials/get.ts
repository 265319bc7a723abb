import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { getCredential } from "../../db/credentials.ts";
import { ApiError } from "../../lib/errors.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors } from "../schemas.ts";
import { CredentialParams, CredentialSchema } from "./schema.ts";

const route = createRoute({
  method: "get",
  path: "/v1/workspaces/{ws}/credentials/{name}",
  operationId: "getCredential",
  tags: ["Credentials"],
  summary: "Check that a credential exists and read its metadata",
  security: bearerSecurity,
  request: { params: CredentialParams },
  responses: {
    200: {
      description: "The credential's metadata",
      content: { "application/json": { schema: CredentialSchema } },
    },
    ...workspaceErrors,
  },
});

export function registerGetCredential<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { name } = c.req.valid("param");
    const workspaceId = c.var.workspace.id;
    const meta = await c.var.db.asUser(c.var.auth.claims, (tx) =>
      getCredential(tx, workspaceId, name),
    );
    if (!meta) throw new ApiError("not_found", "Credential not found.");
    return c.json(meta, 200);
  });
}
