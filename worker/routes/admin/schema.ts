import { z } from "@hono/zod-openapi";
import { commonErrors, DefinitionInput, errorContent } from "../schemas.ts";
import {
  ExecutionStatusSchema,
  ExecutionTriggerSchema,
  TriggerCountsSchema,
} from "../executions/schema.ts";
import { CredentialHelp, CredentialOAuth, SLUG, TEMPLATE_ID_EXAMPLE } from "../templates/schema.ts";

export { TemplateIdParams } from "../templates/schema.ts";

const WORKSPACE_ID_EXAMPLE = "11111111-1111-4111-8111-111111111111";
const timestamp = (description: string) =>
  z.string().openapi({ format: "date-time", description, example: "2026-11-22T10:15:30.123Z" });

const slug = z
  .string()
  .max(100)
  .regex(SLUG, "lowercase words joined by -")
  .openapi({
    description:
      "Public templates: unique across the marketplace. Workspace templates: unique within the " +
      "owner workspace.",
    example: "hubspot-contact-lookup",
  });
const name = z.string().trim().min(1).max(200).openapi({
  description: "Display name.",
  example: "HubSpot: look a contact up",
});
const description = z.string().max(10_000).nullable().openapi({
  description: "What it does.",
  example: "Finds the HubSpot contact with the CRM contact's email.",
});
const category = z.string().trim().min(1).max(100).nullable().openapi({
  description: "Browse category.",
  example: "crm",
});
const visibility = z.enum(["public", "workspace"]).openapi({
  description: "`workspace` needs `ownerWorkspaceId` (and the admin must belong to it).",
  example: "public",
});
const review = z.enum(["pending", "approved", "rejected"]).openapi({
  description: "Review state; admins' own templates are approved unless this says otherwise.",
  example: "approved",
});
const isOfficial = z.boolean().openapi({ description: "Curated by the platform.", example: true });
const isFeatured = z.boolean().openapi({ description: "Highlighted in browse.", example: false });

export const CreateTemplateBody = z
  .strictObject({
    slug,
    name,
    description: description.optional(),
    category: category.optional(),
    definition: DefinitionInput,
    visibility: visibility.default("public"),
    review: review.default("approved"),
    isOfficial: isOfficial.default(false),
    isFeatured: isFeatured.default(false),
    ownerWorkspaceId: z.uuid().nullable().optional().openapi({
      description: "A workspace the template belongs to; null for platform templates.",
      example: null,
    }),
    credentialHelp: CredentialHelp.optional(),
    credentialOAuth: CredentialOAuth.optional(),
  })
  .openapi("AdminCreateTemplate");

export const UpdateTemplateBody = z
  .strictObject({
    slug: slug.optional(),
    name: name.optional(),
    description: description.optional(),
    category: category.optional(),
    definition: DefinitionInput.optional().openapi({
      description: "A definition that differs from the stored one bumps `version`.",
    }),
    visibility: visibility.optional(),
    review: review.optional(),
    isOfficial: isOfficial.optional(),
    isFeatured: isFeatured.optional(),
    credentialHelp: CredentialHelp.optional(),
    credentialOAuth: CredentialOAuth.optional().openapi({
      description:
        "Presets to set or replace, per credential name; the presets of credentials the " +
        "definition still sends as `oauth2` are kept.",
    }),
  })
  .openapi("AdminUpdateTemplate");

export const ReviewBody = z
  .strictObject({
    decision: z.enum(["approved", "rejected"]).openapi({
      description: "Approve (listed for everyone) or reject.",
      example: "approved",
    }),
    note: z.string().trim().min(1).max(2000).optional().openapi({
      description: "Why; written to the log with the decision.",
      example: "Calls only the vendor's documented API.",
    }),
  })
  .openapi("AdminReviewTemplate");

export const StatsSchema = z
  .object({
    workspaces: z.number().int().openapi({ description: "Workspaces.", example: 42 }),
    connectors: z.number().int().openapi({ description: "Connectors.", example: 310 }),
    templates: z.number().int().openapi({
      description:
        "Public and official templates; private (workspace) templates are never counted.",
      example: 25,
    }),
    executions: z
      .object({
        total: z.number().int().openapi({ example: 9120 }),
        queued: z.number().int().openapi({ example: 3 }),
        running: z.number().int().openapi({ example: 2 }),
        succeeded: z.number().int().openapi({ example: 8700 }),
        failed: z.number().int().openapi({ example: 400 }),
        cancelled: z.number().int().openapi({ example: 15 }),
      })
      .openapi({ description: "Executions by status." }),
    byTrigger: TriggerCountsSchema,
    successRate: z.number().nullable().openapi({
      description: "succeeded / (succeeded + failed); null before any execution finished.",
      example: 0.956,
    }),
    topTemplates: z
      .array(
        z.object({
          id: z.uuid().openapi({ example: TEMPLATE_ID_EXAMPLE }),
          slug: z.string().openapi({ example: "demo-people-enrich" }),
          name: z.string().openapi({ example: "Demo: enrich a person" }),
          isOfficial: z.boolean().openapi({ example: false }),
          installCount: z.number().int().openapi({ example: 120 }),
          ratingAvg: z.number().openapi({ example: 4.5 }),
          ratingCount: z.number().int().openapi({ example: 8 }),
        }),
      )
      .openapi({ description: "The ten most installed public or official templates." }),
  })
  .openapi("AdminStats");

export const WorkspaceUsageSchema = z
  .object({
    id: z.uuid().openapi({ description: "Workspace id.", example: WORKSPACE_ID_EXAMPLE }),
    name: z.string().openapi({ description: "Workspace name.", example: "Demo workspace" }),
    members: z.number().int().openapi({ description: "Members.", example: 3 }),
    connectors: z.number().int().openapi({ description: "Connectors.", example: 4 }),
    executions: z.number().int().openapi({ description: "Executions ever.", example: 120 }),
    failures: z.number().int().openapi({ description: "Failed executions.", example: 6 }),
    byTrigger: TriggerCountsSchema,
    lastActivityAt: timestamp(
      "The latest execution created or connector changed; null if none.",
    ).nullable(),
    createdAt: timestamp("When the workspace was created."),
  })
  .openapi("AdminWorkspaceUsage");

export const RecentExecutionSchema = z
  .object({
    id: z.uuid().openapi({
      description: "Execution id.",
      example: "0d3c9a57-4f1e-4b8a-9e2d-6a7b8c9d0e1f",
    }),
    workspaceId: z.uuid().openapi({ description: "Its workspace.", example: WORKSPACE_ID_EXAMPLE }),
    workspaceName: z.string().openapi({ example: "Demo workspace" }),
    connectorId: z.uuid().nullable().openapi({
      description: "Null once the connector is deleted.",
      example: "5b0f8a4e-6c1d-4f6e-9a57-0e9d6f1b2c3d",
    }),
    connectorName: z.string().nullable().openapi({ example: "Demo: find and tag a person" }),
    status: ExecutionStatusSchema,
    trigger: ExecutionTriggerSchema,
    error: z.unknown().nullable().openapi({
      description: "`{kind, message, stepId}` when it failed.",
      example: null,
    }),
    attempts: z.number().int().openapi({ example: 1 }),
    runner: z.string().nullable().openapi({ example: "inline" }),
    runId: z.string().nullable().openapi({ example: "run_cm3x1y2z3000008l4abcd1234" }),
    createdBy: z.uuid().nullable().openapi({ example: "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa" }),
    createdAt: timestamp("Queued at."),
    startedAt: timestamp("Claimed by a runner.").nullable(),
    finishedAt: timestamp("Reached a final status.").nullable(),
    durationMs: z.number().int().nullable().openapi({ example: 412 }),
  })
  .openapi("AdminExecution", {
    description: "What ran and how it ended — never its input, output or step traces.",
  });

export const adminErrors = {
  ...commonErrors,
  403: errorContent("The caller is not a saas admin."),
} as const;
