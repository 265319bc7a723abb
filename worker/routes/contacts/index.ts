import type { Schema } from "hono";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { registerGetContact } from "./get.ts";
import { registerListContacts } from "./list.ts";

/** Read-only: the CRM owns contacts, so this API never creates, edits or deletes them. */
export function registerContactRoutes<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return registerGetContact(registerListContacts(app));
}
