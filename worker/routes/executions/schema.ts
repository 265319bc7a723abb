import { z } from "@hono/zod-openapi";
import { STEP_ERROR_KINDS } from "../../../engine/errors.ts";
import { EXECUTION_STATUSES } from "../../../execution/status.ts";
import { WorkspaceIdParam } from "../schemas.ts";

const EXECUTION_ID_EXAMPLE = "0d3c9a57-4f1e-4b8a-9e2d-6a7b8c9d0e1f";
const CONNECTOR_ID_EXAMPLE = "5b0f8a4e-6c1d-4f6e-9a57-0e9d6f1b2c3d";

export const StepErrorKindSchema = z.enum(STEP_ERROR_KINDS).openapi("StepErrorKind", {
  description:
    "`blocked` (outbound guard or host binding), `timeout`, `network_error`, `http_error` " +
    "(non-2xx after retries), `parse_error` (not JSON, or nested deeper than 64 levels), " +
    "`response_too_large`, `template_error`, `credential_error`, `cancelled`, `limit_exceeded` " +
    "(an engine work cap: JSONPath nodes visited, values or bytes per extracted name).",
  example: "http_error",
});

export const ExecutionStatusSchema = z.enum(EXECUTION_STATUSES).openapi("ExecutionStatus", {
  description: "queued → running → succeeded | failed; queued or running → cancelled.",
  example: "succeeded",
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

export const StepResultSchema = z
  .looseObject({
    id: z.string().openapi({ description: "The step's id in the definition.", example: "find" }),
    outcome: z.enum(["succeeded", "failed"]).openapi({ example: "succeeded" }),
    method: z.string().openapi({ example: "GET" }),
    url: z.string().nullable().openapi({
      description: "The URL sent, credential values replaced by `[REDACTED]`.",
      example: "http://127.0.0.1:8788/v1/people?email=ada%40example.com",
    }),
    status: z.number().int().nullable().openapi({
      description: "HTTP status of the last response; null when none arrived.",
      example: 200,
    }),
    durationMs: z.number().int().openapi({ example: 84 }),
    attempts: z.number().int().openapi({ description: "Tries including retries.", example: 1 }),
    extracted: z.record(z.string(), z.unknown()).openapi({
      description: "Values pulled out of the response by the step's JSONPath expressions.",
      example: { personId: "p_123", company: "Analytical Engines Ltd" },
    }),
    error: z
      .object({ kind: StepErrorKindSchema, message: z.string() })
      .optional()
      .openapi({
        description: "Why the step failed: one of SPEC §5's step error kinds.",
        example: { kind: "http_error", message: "HTTP 404" },
      }),
  })
  .openapi("StepResult", {
    description:
      "A step's redacted trace as the runner stored it: also request/response headers and " +
      "bodies (truncated to 16 KiB), every credential value replaced by `[REDACTED]`.",
  });

export const ExecutionSchema = z
  .object({
    id: z.uuid().openapi({ description: "Execution id.", example: EXECUTION_ID_EXAMPLE }),
    workspaceId: z.uuid().openapi({
      description: "Workspace the execution belongs to.",
      example: "11111111-1111-4111-8111-111111111111",
    }),
    connectorId: z.uuid().nullable().openapi({
      description: "The connector run; null once that connector has been deleted.",
      example: CONNECTOR_ID_EXAMPLE,
    }),
    status: ExecutionStatusSchema,
    input: z.unknown().openapi({
      description: "The input the execution was started with.",
      example: { email: "ada@example.com", score: 42 },
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
    error: z.unknown().nullable().openapi({
      description: "Why the execution failed (`{kind, message, stepId}`), else null.",
      example: null,
    }),
    attempts: z.number().int().openapi({
      description: "How many times a runner has claimed this execution.",
      example: 1,
    }),
    runner: z.string().nullable().openapi({
      description: "`trigger` or `inline`; null before dispatch.",
      example: "trigger",
    }),
    runId: z.string().nullable().openapi({
      description: "The runner's run id (Trigger.dev run), null until dispatched.",
      example: "run_cm3x1y2z3000008l4abcd1234",
    }),
    contactId: z.uuid().nullable().openapi({
      description: "The contact the field mapping writes to, if any.",
      example: "7c2e9f10-3a4b-4c5d-8e6f-708192a3b4c5",
    }),
    idempotencyKey: z.string().nullable().openapi({
      description: "The `Idempotency-Key` header the execution was started with, if any.",
      example: "signup-ada-2026-11-22",
    }),
    createdBy: z.uuid().nullable().openapi({
      description: "User who started it (null if that user was deleted).",
      example: "22222222-2222-4222-8222-222222222222",
    }),
    queuedAt: timestamp("When the execution was queued."),
    startedAt: timestamp("When a runner claimed it; null while queued.").nullable(),
    finishedAt: timestamp("When it reached a final status; null until then.").nullable(),
    durationMs: z.number().int().nullable().openapi({
      description: "Run time from start to finish in milliseconds; null until finished.",
      example: 412,
    }),
    createdAt: timestamp("When the row was created (the list's sort key)."),
    updatedAt: timestamp("Last change to the row."),
  })
  .openapi("Execution", {
    description: "One run of a connector. Lists leave out the definition snapshot.",
  });

export const ExecutionDetailSchema = ExecutionSchema.extend({
  definition: z.looseObject({}).openapi({
    description: "The connector definition as it was when the execution started (a snapshot).",
    example: { steps: [{ id: "find", request: { method: "GET", url: "https://…" } }] },
  }),
}).openapi("ExecutionDetail", {
  description: "One run of a connector with the definition snapshot it ran.",
});

export const ConnectorStatsSchema = z
  .object({
    total: z.number().int().openapi({
      description: "All executions of the connector, whatever their status.",
      example: 120,
    }),
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
    p95DurationMs: z.number().int().nullable().openapi({
      description: "95th percentile duration, computed like p50DurationMs.",
      example: 1250,
    }),
    lastExecutedAt: timestamp(
      "When the most recent execution was started (its createdAt); null when never run.",
    ).nullable(),
  })
  .openapi("ConnectorStats", {
    description: "All-time numbers, computed from the connector's execution history.",
  });
