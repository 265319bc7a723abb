import { z } from "@hono/zod-openapi";
import { WorkspaceIdParam } from "../schemas.ts";

export const WorkspaceParams = z.object({ ws: WorkspaceIdParam });

export const ContactIdParams = z.object({
  ws: WorkspaceIdParam,
  id: z.string().openapi({
    param: { name: "id", in: "path" },
    description: "Contact id (UUID).",
    example: "7c2e9f10-3a4b-4c5d-8e6f-708192a3b4c5",
  }),
});

const timestamp = (description: string) =>
  z.string().openapi({ format: "date-time", description, example: "2026-11-22T10:15:30.123Z" });

export const ContactSchema = z
  .object({
    id: z.uuid().openapi({
      description: "Contact id.",
      example: "7c2e9f10-3a4b-4c5d-8e6f-708192a3b4c5",
    }),
    workspaceId: z.uuid().openapi({
      description: "Workspace the contact belongs to.",
      example: "11111111-1111-4111-8111-111111111111",
    }),
    email: z.string().nullable().openapi({ example: "ada@example.com" }),
    firstName: z.string().nullable().openapi({ example: "Ada" }),
    lastName: z.string().nullable().openapi({ example: "Lovelace" }),
    phone: z.string().nullable().openapi({ example: "+44 20 7946 0000" }),
    company: z.string().nullable().openapi({
      description: "Often written by a connector's field mapping.",
      example: "Analytical Engines Ltd",
    }),
    customFields: z.record(z.string(), z.unknown()).openapi({
      description: "Fields beyond the fixed ones; mapped fields the CRM does not know land here.",
      example: { external_id: "p_123" },
    }),
    createdAt: timestamp("When the contact was created (the list's sort key)."),
    updatedAt: timestamp("Last change, e.g. by a connector's field mapping."),
  })
  .openapi("Contact", {
    description: "A CRM contact, read-only here: the CRM owns contacts.",
  });
