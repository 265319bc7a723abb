import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors, jsonResponse } from "../schemas.ts";
import { ContactIdParams, ContactSchema } from "./schema.ts";
import { requireId } from "../../lib/ids.ts";
import { readContact } from "../../services/contacts.ts";

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
    200: jsonResponse("The contact", ContactSchema),
    ...workspaceErrors,
  },
});

export function registerGetContact<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const id = requireId(c.req.valid("param").id, "Contact");
    return c.json(await readContact(c.var, id), 200);
  });
}
