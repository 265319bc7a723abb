import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { canonicalHosts, encryptCredential } from "../../../engine/crypto.ts";
import { validateAllowedHosts } from "../../../engine/hosts.ts";
import {
  canonicalPlacements,
  DEFAULT_PLACEMENTS,
  type Placement,
} from "../../../engine/placements.ts";
import {
  getCredential,
  lockCredentialBinding,
  putCredential,
  updateCredentialLabels,
} from "../../db/credentials.ts";
import { ApiError } from "../../lib/errors.ts";
import { getKeyring } from "../../lib/keyring.ts";
import { requireRole } from "../../middleware/workspace.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors } from "../schemas.ts";
import { CredentialParams, CredentialSchema, PutCredentialBody } from "./schema.ts";

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
    const allowedHosts = [...new Set(body.allowedHosts.map((host) => host.trim().toLowerCase()))];
    const placements = canonicalPlacements(body.placements ?? DEFAULT_PLACEMENTS);
    const queryParam = body.queryParam ?? null;
    const workspaceId = c.var.workspace.id;
    const binding = { workspaceId, name, allowedHosts, placements, queryParam };
    const sealed =
      body.value === undefined
        ? null
        : await encryptCredential(getKeyring(c.var.config), binding, body.value);
    const labels = {
      workspaceId,
      name,
      provider: body.provider ?? null,
      authType: body.authType ?? "bearer",
    };
    const { outcome, meta } = await c.var.db.asUser(c.var.auth.claims, async (tx) => {
      let result: "created" | "replaced";
      if (sealed) {
        result = await putCredential(tx, {
          ...labels,
          ...sealed,
          allowedHosts,
          placements,
          queryParam,
        });
      } else {
        const stored = await lockCredentialBinding(tx, workspaceId, name);
        if (!stored) throw valueRequired("a new credential needs its value");
        if (!sameBinding(stored, binding)) {
          throw valueRequired(
            "changing allowedHosts, placements or queryParam needs the value again (they are " +
              "bound into its encryption)",
          );
        }
        await updateCredentialLabels(tx, labels);
        result = "replaced";
      }
      return { outcome: result, meta: await getCredential(tx, workspaceId, name) };
    });
    if (!meta) throw new Error("stored credential not readable");
    return outcome === "created" ? c.json(meta, 201) : c.json(meta, 200);
  });
}

function valueRequired(message: string): ApiError {
  return new ApiError("invalid_request", "value is required.", {
    details: [{ path: "value", message }],
  });
}

/** Whether a stored credential is bound to the same hosts and rules (order aside). */
function sameBinding(
  stored: { allowedHosts: string[]; placements: readonly Placement[]; queryParam: string | null },
  wanted: { allowedHosts: string[]; placements: readonly Placement[]; queryParam: string | null },
): boolean {
  const hosts = (list: readonly string[]) => JSON.stringify(canonicalHosts(list));
  const rules = (list: readonly Placement[]) => JSON.stringify(canonicalPlacements(list));
  return (
    hosts(stored.allowedHosts) === hosts(wanted.allowedHosts) &&
    rules(stored.placements) === rules(wanted.placements) &&
    stored.queryParam === wanted.queryParam
  );
}
