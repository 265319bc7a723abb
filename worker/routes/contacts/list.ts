import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { listContacts, withoutCursor } from "../../db/contacts.ts";
import { PageQuery, decodeCursor, listSchema, page } from "../../lib/pagination.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, searchQuery, workspaceErrors } from "../schemas.ts";
import { ContactSchema, WorkspaceParams } from "./schema.ts";

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
    200: {
      description: "A page of contacts",
      content: { "application/json": { schema: listSchema(ContactSchema, "ContactList") } },
    },
    ...workspaceErrors,
  },
});

export function registerListContacts<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const query = c.req.valid("query");
    const rows = await listContacts(c.var.db, c.var.auth.claims, {
      workspaceId: c.var.workspace.id,
      limit: query.limit,
      after: decodeCursor(query.cursor),
      q: query.q,
    });
    const result = page(rows, query.limit, (row) => ({ at: row.cursorAt, id: row.id }));
    return c.json({ data: result.data.map(withoutCursor), nextCursor: result.nextCursor }, 200);
  });
}
