import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors, jsonResponse } from "../schemas.ts";
import { CredentialParams, CredentialSchema } from "./schema.ts";
import { readCredential } from "../../services/credentials.ts";

const route = createRoute({
  method: "get",
  path: "/v1/workspaces/{ws}/credentials/{name}",
  operationId: "getCredential",
  tags: ["Credentials"],
  summary: "Check that a credential exists and read its metadata",
  security: bearerSecurity,
  request: { params: CredentialParams },
  responses: {
    200: jsonResponse("The credential's metadata", CredentialSchema),
    ...workspaceErrors,
  },
});

export function registerGetCredential<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    return c.json(await readCredential(c.var, c.req.valid("param").name), 200);
  });
}
