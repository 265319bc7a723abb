import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { getContact } from "../../db/contacts.ts";
import { ApiError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors } from "../schemas.ts";
import { ContactIdParams, ContactSchema } from "./schema.ts";

const route = createRoute({
  method: "get",
  path: "/v1/workspaces/{ws}/contacts/{id}",
  operationId: "getContact",
  tags: ["Contacts"],
  summary: "Read one contact",
  description: "To see what a connector's field mapping wrote.",
  security: bearerSecurity,
  request: { params: ContactIdParams },
  responses: {
    200: { description: "The contact", content: { "application/json": { schema: ContactSchema } } },
    ...workspaceErrors,
  },
});

export function registerGetContact<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const workspaceId = c.var.workspace.id;
    const contact = isUuid(id)
      ? await c.var.db.asUser(c.var.auth.claims, (tx) => getContact(tx, workspaceId, id))
      : null;
    if (!contact) throw new ApiError("not_found", "Contact not found.");
    return c.json(contact, 200);
  });
}
