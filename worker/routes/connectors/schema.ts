import { z } from "@hono/zod-openapi";
import { ConnectorDefinitionSchema } from "../../../engine/definition.ts";
import { exampleDefinition } from "../../../engine/examples.ts";
import { DefinitionInput, WorkspaceIdParam } from "../schemas.ts";

export const ConnectorIdParams = z.object({
  ws: WorkspaceIdParam,
  id: z.string().openapi({
    param: { name: "id", in: "path" },
    description: "Connector id (UUID).",
    example: "5b0f8a4e-6c1d-4f6e-9a57-0e9d6f1b2c3d",
  }),
});

export const WorkspaceParams = z.object({ ws: WorkspaceIdParam });

/** The example connector against the local demo target, so "Try it" works on the dev stack. */
export const DEMO_DEFINITION = exampleDefinition({
  origin: "http://127.0.0.1:8788",
  authenticateEveryStep: true,
});

/**
 * The engine's definition schema with the demo example added, for the `ConnectorDefinition`
 * component. `.meta` (zod's own) rather than `.openapi`: the engine's schemas may be built before
 * this package extends zod, and then have no `.openapi`.
 */
export const DocumentedDefinition = ConnectorDefinitionSchema.meta({
  ...ConnectorDefinitionSchema.meta(),
  example: DEMO_DEFINITION,
});

export const ConnectorSchema = z
  .object({
    id: z.uuid(),
    workspaceId: z.uuid(),
    name: z.string().openapi({ example: "Enrich from Example CRM" }),
    description: z.string().nullable(),
    definition: ConnectorDefinitionSchema,
    templateId: z.uuid().nullable().openapi({ description: "Set when installed from a template." }),
    templateVersion: z.number().int().nullable(),
    updateAvailable: z
      .boolean()
      .openapi({ description: "A newer version of the template exists (see /upgrade)." }),
    status: z.enum(["active", "disabled"]),
    executionCount: z.number().int(),
    successCount: z.number().int(),
    failureCount: z.number().int(),
    lastExecutedAt: z.string().nullable().openapi({ format: "date-time" }),
    createdBy: z.uuid().nullable(),
    createdAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Connector");

const name = z.string().trim().min(1).max(200).openapi({ example: "Enrich from Example CRM" });
const description = z.string().max(10_000).nullable().openapi({ example: "Looks a contact up." });
const status = z.enum(["active", "disabled"]).openapi({ description: "Disabled ones cannot run." });

/** Strict: ids, workspace, counters and timestamps in a body are refused, not ignored. */
export const CreateConnectorBody = z
  .strictObject({
    name,
    description: description.optional(),
    definition: DefinitionInput,
    status: status.optional(),
  })
  .openapi("CreateConnector");

export const UpdateConnectorBody = z
  .strictObject({
    name: name.optional(),
    description: description.optional(),
    definition: DefinitionInput.optional(),
    status: status.optional(),
  })
  .openapi("UpdateConnector");
