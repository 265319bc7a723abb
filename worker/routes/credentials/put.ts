import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { encryptCredential } from "../../../engine/crypto.ts";
import { validateAllowedHosts } from "../../../engine/hosts.ts";
import { getCredential, putCredential } from "../../db/credentials.ts";
import { ApiError } from "../../lib/errors.ts";
import { getKeyring } from "../../lib/keyring.ts";
import { requireRole } from "../../middleware/workspace.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors } from "../schemas.ts";
import { CredentialParams, CredentialSchema, PutCredentialBody } from "./schema.ts";

const route = createRoute({
  method: "put",
  path: "/v1/workspaces/{ws}/credentials/{name}",
  tags: ["Credentials"],
  summary: "Store or replace a credential (owners and admins)",
  description:
    "Encrypts the value (AES-256-GCM, bound to workspace and name) and stores it with the " +
    "hosts it may be sent to. 201 when created, 200 when replaced. The value is never returned.",
  security: bearerSecurity,
  middleware: [requireRole("owner", "admin")] as const,
  request: {
    params: CredentialParams,
    body: { required: true, content: { "application/json": { schema: PutCredentialBody } } },
  },
  responses: {
    200: { description: "Replaced", content: { "application/json": { schema: CredentialSchema } } },
    201: { description: "Created", content: { "application/json": { schema: CredentialSchema } } },
    ...workspaceErrors,
  },
});

export function registerPutCredential<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { name } = c.req.valid("param");
    const body = c.req.valid("json");
    const hostProblems = validateAllowedHosts(body.allowedHosts);
    if (hostProblems.length > 0) {
      throw new ApiError("invalid_request", "allowedHosts has invalid entries.", {
        details: hostProblems.map((message) => ({ path: "allowedHosts", message })),
      });
    }
    const allowedHosts = [...new Set(body.allowedHosts.map((host) => host.toLowerCase()))];
    const workspaceId = c.var.workspace.id;
    const sealed = await encryptCredential(
      getKeyring(c.var.config),
      { workspaceId, name },
      body.value,
    );
    const { outcome, meta } = await c.var.db.asUser(c.var.auth.claims, async (tx) => {
      const result = await putCredential(tx, {
        workspaceId,
        name,
        provider: body.provider ?? null,
        authType: body.authType ?? "bearer",
        ciphertext: sealed.ciphertext,
        keyVersion: sealed.keyVersion,
        allowedHosts,
      });
      return { outcome: result, meta: await getCredential(tx, workspaceId, name) };
    });
    if (!meta) throw new Error("stored credential not readable");
    return outcome === "created" ? c.json(meta, 201) : c.json(meta, 200);
  });
}
