import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors, jsonResponse } from "../schemas.ts";
import { ContactSchema, WorkspaceParams } from "./schema.ts";
import { PageQuery, keysetArgs, listSchema, searchQuery } from "../../lib/pagination.ts";
import { listContacts } from "../../services/contacts.ts";

const route = createRoute({
  method: "get",
  path: "/v1/workspaces/{ws}/contacts",
  operationId: "listContacts",
  tags: ["Contacts"],
  summary: "List the workspace's contacts, newest first",
  security: bearerSecurity,
  request: {
    params: WorkspaceParams,
    query: PageQuery.extend({
      q: searchQuery(
        "Case-insensitive substring of the email, first name, last name or full name " +
          "(`%` and `_` match themselves).",
        "lovelace",
      ),
    }),
  },
  responses: {
    200: jsonResponse("A page of contacts", listSchema(ContactSchema, "ContactList")),
    ...workspaceErrors,
  },
});

export function registerListContacts<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    return c.json(await listContacts(c.var, keysetArgs(c.req.valid("query"))), 200);
  });
}
