import type { Schema } from "hono";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { registerAuthorizeCredential } from "./authorize.ts";
import { registerDeleteCredential } from "./delete.ts";
import { registerGetCredential } from "./get.ts";
import { registerListCredentials } from "./list.ts";
import { registerPutCredential } from "./put.ts";

export function registerCredentialRoutes<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return registerAuthorizeCredential(
    registerDeleteCredential(
      registerPutCredential(registerGetCredential(registerListCredentials(app))),
    ),
  );
}
