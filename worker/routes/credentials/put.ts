import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { requireRole } from "../../middleware/workspace.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors, jsonResponse } from "../schemas.ts";
import { CredentialParams, CredentialSchema, PutCredentialBody } from "./schema.ts";
import { putCredential } from "../../services/credentials.ts";

const route = createRoute({
  method: "put",
  path: "/v1/workspaces/{ws}/credentials/{name}",
  operationId: "putCredential",
  tags: ["Credentials"],
  summary: "Store or replace a credential (owners and admins)",
  description:
    "Encrypts the value (AES-256-GCM, bound to workspace, name, allowed hosts, placements and " +
    "queryParam) and stores it with the hosts it may be sent to and the places in a request it " +
    "may fill. 201 when created, 200 when replaced. The value is never returned. Without " +
    "`value`, only `provider` and `authType` of an existing credential change: changing " +
    "`allowedHosts`, `placements` or `queryParam` needs the value again (400 otherwise).",
  security: bearerSecurity,
  middleware: [requireRole("owner", "admin")] as const,
  request: {
    params: CredentialParams,
    body: { required: true, content: { "application/json": { schema: PutCredentialBody } } },
  },
  responses: {
    200: jsonResponse("Replaced", CredentialSchema),
    201: jsonResponse("Created", CredentialSchema),
    ...workspaceErrors,
  },
});

export function registerPutCredential<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { name } = c.req.valid("param");
    const { outcome, credential } = await putCredential(c.var, name, c.req.valid("json"));
    return outcome === "created" ? c.json(credential, 201) : c.json(credential, 200);
  });
}
