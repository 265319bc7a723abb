import { z } from "@hono/zod-openapi";
import { ConnectorDefinitionSchema } from "../../../engine/definition.ts";
import { StepResultSchema } from "../../../engine/results.ts";
import { EXECUTION_STATUSES, EXECUTION_TRIGGERS } from "../../../execution/status.ts";
import { described, WorkspaceIdParam } from "../schemas.ts";

export { StepErrorKindSchema } from "../../../engine/errors.ts";
export { StepResultSchema } from "../../../engine/results.ts";

const EXECUTION_ID_EXAMPLE = "0d3c9a57-4f1e-4b8a-9e2d-6a7b8c9d0e1f";
const CONNECTOR_ID_EXAMPLE = "5b0f8a4e-6c1d-4f6e-9a57-0e9d6f1b2c3d";

export const ExecutionStatusSchema = z.enum(EXECUTION_STATUSES).openapi("ExecutionStatus", {
  description: "queued → running → succeeded | failed; queued or running → cancelled.",
  example: "succeeded",
});

export const ExecutionTriggerSchema = z.enum(EXECUTION_TRIGGERS).openapi("ExecutionTrigger", {
  description:
    "How the execution started: `api` (POST …/executions), `schedule`, `webhook`, `batch` or " +
    "`replay`.",
  example: "api",
});

const count = (kind: string, example: number) =>
  z
    .number()
    .int()
    .openapi({ description: `Executions started by ${kind}.`, example });

export const TriggerCountsSchema = z
  .object({
    api: count("`POST …/executions`", 80),
    schedule: count("the connector's schedule", 30),
    webhook: count("a signed webhook delivery", 6),
    batch: count("a batch", 3),
    replay: count("a replay", 1),
  })
  .openapi("TriggerCounts", {
    description: "Executions by how they started; every kind is present, 0 when none.",
  });

export const ConnectorExecutionsParams = z.object({
  ws: WorkspaceIdParam,
  id: z.string().openapi({
    param: { name: "id", in: "path" },
    description: "Connector id (UUID).",
    example: CONNECTOR_ID_EXAMPLE,
  }),
});

export const ExecutionIdParams = z.object({
  ws: WorkspaceIdParam,
  id: z.string().openapi({
    param: { name: "id", in: "path" },
    description: "Execution id (UUID).",
    example: EXECUTION_ID_EXAMPLE,
  }),
});

const timestamp = (description: string) =>
  z.string().openapi({ format: "date-time", description, example: "2026-11-22T10:15:30.123Z" });

export const MappingSkipSchema = z
  .object({
    field: z.string().openapi({ example: "company" }),
    reason: z.string().openapi({ example: 'fed by a value tainted by credential "vendor_key"' }),
  })
  .openapi("MappingSkip");

export const ExecutionSchema = z
  .object({
    id: z.uuid().openapi({ description: "Execution id.", example: EXECUTION_ID_EXAMPLE }),
    workspaceId: described(
      z.uuid(),
      "Workspace the execution belongs to.",
      "11111111-1111-4111-8111-111111111111",
    ),
    connectorId: described(
      z.uuid().nullable(),
      "The connector run; null once that connector has been deleted.",
      CONNECTOR_ID_EXAMPLE,
    ),
    status: ExecutionStatusSchema,
    input: described(z.unknown(), "The input the execution was started with.", {
      email: "ada@example.com",
      score: 42,
    }),
    output: z
      .unknown()
      .nullable()
      .openapi({
        description: "Extracted values per step id, once the execution has finished.",
        example: { find: { personId: "p_123", company: "Analytical Engines Ltd" } },
      }),
    stepResults: z.array(StepResultSchema).openapi({
      description: "One redacted result per step that has finished, in order.",
    }),
    mappingSkipped: z.array(MappingSkipSchema).openapi({
      description:
        "Field-mapping entries not written onto the contact because a tainted value fed them " +
        "(extracted from an answer to a request that put a credential in a query, path or body).",
      example: [],
    }),
    error: described(
      z.unknown().nullable(),
      "Why the execution failed (`{kind, message, stepId}`), else null.",
      null,
    ),
    attempts: described(z.number().int(), "How many times a runner has claimed this execution.", 1),
    runner: described(
      z.string().nullable(),
      "`trigger` or `inline`; null before dispatch.",
      "trigger",
    ),
    runId: described(
      z.string().nullable(),
      "The runner's run id (Trigger.dev run), null until dispatched.",
      "run_cm3x1y2z3000008l4abcd1234",
    ),
    contactId: described(
      z.uuid().nullable(),
      "The contact the field mapping writes to, if any.",
      "7c2e9f10-3a4b-4c5d-8e6f-708192a3b4c5",
    ),
    idempotencyKey: described(
      z.string().nullable(),
      "The `Idempotency-Key` header the execution was started with, if any.",
      "signup-ada-2026-11-22",
    ),
    trigger: ExecutionTriggerSchema,
    batchId: described(
      z.uuid().nullable(),
      "The batch it belongs to (trigger `batch`), else null.",
      null,
    ),
    replayOf: described(
      z.uuid().nullable(),
      "The execution it replays (trigger `replay`), else null.",
      null,
    ),
    createdBy: described(
      z.uuid().nullable(),
      "User who started it; null for a schedule or webhook start, or if that user was deleted.",
      "22222222-2222-4222-8222-222222222222",
    ),
    queuedAt: timestamp("When the execution was queued."),
    startedAt: timestamp("When a runner claimed it; null while queued.").nullable(),
    finishedAt: timestamp("When it reached a final status; null until then.").nullable(),
    durationMs: described(
      z.number().int().nullable(),
      "Run time from start to finish in milliseconds; null until finished.",
      412,
    ),
    createdAt: timestamp("When the row was created (the list's sort key)."),
    updatedAt: timestamp("Last change to the row."),
  })
  .openapi("Execution", {
    description: "One run of a connector. Lists leave out the definition snapshot.",
  });

export const ExecutionDetailSchema = ExecutionSchema.extend({
  definition: ConnectorDefinitionSchema,
}).openapi("ExecutionDetail", {
  description:
    "One run of a connector with the definition snapshot it ran: the connector's definition as " +
    "it was when the execution started.",
});

export const StatsBucketSchema = z
  .object({
    start: timestamp("The bucket's start (UTC); it lasts one `interval`."),
    total: described(z.number().int(), "Executions created in the bucket, any status.", 12),
    succeeded: z.number().int().openapi({ example: 10 }),
    failed: z.number().int().openapi({ example: 1 }),
    successRate: described(
      z.number().nullable(),
      "succeeded / (succeeded + failed) in the bucket, 0–1 (4 decimals); null when none finished.",
      0.9091,
    ),
    p50DurationMs: described(
      z.number().int().nullable(),
      "Median duration of the bucket's succeeded and failed executions (`percentile_cont`).",
      380,
    ),
    p95DurationMs: described(
      z.number().int().nullable(),
      "95th percentile duration in the bucket, computed like p50DurationMs.",
      1250,
    ),
  })
  .openapi("StatsBucket", { description: "A connector's executions in one time bucket." });

export const ConnectorStatsSchema = z
  .object({
    total: described(
      z.number().int(),
      "All executions of the connector, whatever their status.",
      120,
    ),
    succeeded: z.number().int().openapi({ example: 100 }),
    failed: z.number().int().openapi({ example: 15 }),
    successRate: z
      .number()
      .nullable()
      .openapi({
        description:
          "succeeded / (succeeded + failed), 0–1, rounded to 4 decimals. Queued, running and " +
          "cancelled executions do not count. null when none has succeeded or failed yet.",
        example: 0.8696,
      }),
    p50DurationMs: z
      .number()
      .int()
      .nullable()
      .openapi({
        description:
          "Median duration of succeeded and failed executions (interpolated, `percentile_cont`), " +
          "rounded to whole ms; null when there is none.",
        example: 380,
      }),
    p95DurationMs: described(
      z.number().int().nullable(),
      "95th percentile duration, computed like p50DurationMs.",
      1250,
    ),
    lastExecutedAt: timestamp(
      "When the most recent execution was started (its createdAt); null when never run.",
    ).nullable(),
    byTrigger: TriggerCountsSchema,
    series: z
      .array(StatsBucketSchema)
      .optional()
      .openapi({
        description:
          "Only with `?interval`: one bucket per hour or day (UTC) from `since` to now, oldest " +
          "first, every bucket present (zeros and nulls when nothing ran). Executions count in the " +
          "bucket of their `createdAt`.",
      }),
  })
  .openapi("ConnectorStats", {
    description: "All-time numbers, computed from the connector's execution history.",
  });
