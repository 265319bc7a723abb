import { z } from "@hono/zod-openapi";
import { WorkspaceIdParam } from "../schemas.ts";

export const ConnectorIdParams = z.object({
  ws: WorkspaceIdParam,
  id: z.string().openapi({
    param: { name: "id", in: "path" },
    description: "Connector id (UUID).",
    example: "5b0f8a4e-6c1d-4f6e-9a57-0e9d6f1b2c3d",
  }),
});

export const WorkspaceParams = z.object({ ws: WorkspaceIdParam });

export const DEFINITION_EXAMPLE = {
  input: {
    type: "object",
    required: ["email"],
    properties: { email: { type: "string" }, score: { type: "number" } },
  },
  steps: [
    {
      id: "find",
      request: {
        method: "GET",
        url: "http://127.0.0.1:8788/v1/people?email={{input.email}}",
        headers: { Accept: "application/json" },
        auth: { type: "bearer", credential: "example_token" },
        timeoutMs: 10000,
      },
      extract: { personId: "$.results[0].id", company: "$.results[0].company.name" },
      onError: "fail",
    },
    {
      id: "tag",
      request: {
        method: "POST",
        url: "http://127.0.0.1:8788/v1/people/{{steps.find.personId}}/tags",
        auth: { type: "bearer", credential: "example_token" },
        body: { type: "json", value: { tag: "crm", score: "{{input.score}}" } },
      },
    },
  ],
  fieldMapping: {
    company: "{{steps.find.company}}",
    "custom_fields.external_id": "{{steps.find.personId}}",
  },
};

export const DefinitionSchema = z.looseObject({}).openapi("ConnectorDefinition", {
  description:
    "Steps, optional input JSON Schema and field mapping (SPEC §5). Checked at save time: " +
    "problems answer 422 `invalid_definition` with the JSON path of each — also an input " +
    "schema whose `pattern`, `patternProperties` key or `format: regex` value can backtrack " +
    "catastrophically, or whose `anyOf`/`oneOf`/`allOf`/`$ref` fan-out exceeds 1,000 " +
    "evaluation paths (SPEC §7).",
  example: DEFINITION_EXAMPLE,
});

export const ConnectorSchema = z
  .object({
    id: z.uuid(),
    workspaceId: z.uuid(),
    name: z.string().openapi({ example: "Enrich from Example CRM" }),
    description: z.string().nullable(),
    definition: DefinitionSchema,
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
    definition: DefinitionSchema,
    status: status.optional(),
  })
  .openapi("CreateConnector");

export const UpdateConnectorBody = z
  .strictObject({
    name: name.optional(),
    description: description.optional(),
    definition: DefinitionSchema.optional(),
    status: status.optional(),
  })
  .openapi("UpdateConnector");
