import type { Schema } from "hono";
import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { describeCaller } from "../../services/workspaces.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, commonErrors, jsonResponse } from "../schemas.ts";

const MeSchema = z
  .object({
    user: z.object({
      id: z.uuid().openapi({ example: "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa" }),
      email: z.string().nullable().openapi({ example: "owner@demo.test" }),
    }),
    workspaces: z.array(
      z.object({
        id: z.uuid(),
        name: z.string().openapi({ example: "Demo workspace" }),
        role: z.enum(["owner", "admin", "member"]),
        createdAt: z.string().openapi({ format: "date-time" }),
      }),
    ),
    isSaasAdmin: z.boolean().openapi({ description: "May curate templates and read admin stats." }),
    saasAdminRole: z.enum(["admin", "super_admin"]).nullable(),
  })
  .openapi("Me");

const route = createRoute({
  method: "get",
  path: "/v1/me",
  operationId: "getMe",
  tags: ["Account"],
  summary: "The caller, their workspaces with roles, and whether they are a saas admin",
  security: bearerSecurity,
  responses: {
    200: jsonResponse("The caller", MeSchema),
    ...commonErrors,
  },
});

export function registerGetMe<S extends Schema, B extends string>(app: OpenAPIHono<AppEnv, S, B>) {
  return app.openapi(route, async (c) => {
    const { userId, claims } = c.var.auth;
    const me = await describeCaller(c.var);
    return c.json(
      {
        user: { id: userId, email: typeof claims.email === "string" ? claims.email : null },
        workspaces: me.workspaces,
        isSaasAdmin: me.isSaasAdmin,
        saasAdminRole: me.saasAdminRole as "admin" | "super_admin" | null,
      },
      200,
    );
  });
}
