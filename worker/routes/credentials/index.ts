import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { registerDeleteCredential } from "./delete.ts";
import { registerGetCredential } from "./get.ts";
import { registerListCredentials } from "./list.ts";
import { registerPutCredential } from "./put.ts";

export function registerCredentialRoutes(app: OpenAPIHono<AppEnv>): void {
  registerListCredentials(app);
  registerGetCredential(app);
  registerPutCredential(app);
  registerDeleteCredential(app);
}
