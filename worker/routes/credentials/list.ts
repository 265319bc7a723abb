import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors, jsonResponse } from "../schemas.ts";
import { WorkspaceParams } from "../connectors/schema.ts";
import { CredentialSchema } from "./schema.ts";
import { PageQuery, keysetArgs, listSchema } from "../../lib/pagination.ts";
import { listCredentials } from "../../services/credentials.ts";

const route = createRoute({
  method: "get",
  path: "/v1/workspaces/{ws}/credentials",
  operationId: "listCredentials",
  tags: ["Credentials"],
  summary: "List the workspace's credentials (metadata only, never values)",
  description: "Every member may read the metadata, newest first.",
  security: bearerSecurity,
  request: { params: WorkspaceParams, query: PageQuery },
  responses: {
    200: jsonResponse("A page of credentials", listSchema(CredentialSchema, "CredentialList")),
    ...workspaceErrors,
  },
});

export function registerListCredentials<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    return c.json(await listCredentials(c.var, keysetArgs(c.req.valid("query"))), 200);
  });
}
