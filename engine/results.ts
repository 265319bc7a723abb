// What a step leaves behind, as a zod schema: the engine's `StepResult` type is inferred from it and
// the API documents stored step results with it.
import { z } from "zod";
import { JsonValueSchema } from "./definition.ts";
import { StepErrorKindSchema } from "./errors.ts";

export const StepErrorInfoSchema = z
  .object({
    kind: StepErrorKindSchema,
    message: z.string().meta({ description: "What went wrong; never a secret value." }),
  })
  .meta({
    id: "StepError",
    description: "Why the step failed.",
    example: { kind: "http_error", message: "HTTP 404" },
  });

const headers = z.record(z.string(), z.string());

export const PaginationResultSchema = z
  .object({
    pages: z.number().int().meta({ description: "Pages fetched.", example: 3 }),
    items: z.number().int().meta({ description: "Items kept (at most `maxItems`).", example: 57 }),
    truncated: z.boolean().meta({
      description: "A cap (`maxPages`, `maxItems`, 10 MiB read, the time budget) ended the list.",
    }),
    requests: z
      .array(
        z.object({
          url: z.string().nullable().meta({ description: "The page's URL, redacted." }),
          status: z.number().int().nullable(),
          durationMs: z.number(),
          attempts: z.number().int(),
        }),
      )
      .meta({ description: "Each page's request, in order." }),
    firstResponseBody: z.string().nullable().meta({
      description:
        "The first page's body, redacted, truncated to 16 KiB (the last page's is `responseBody`).",
    }),
    firstResponseBodyTruncated: z.boolean(),
  })
  .meta({
    id: "PaginationResult",
    description: "A paginated step's pages (SPEC §10); absent for a step that sent one request.",
  });

export const StepResultSchema = z
  .object({
    id: z.string().meta({ description: "The step's id in the definition.", example: "find" }),
    outcome: z.enum(["succeeded", "failed"]).meta({ example: "succeeded" }),
    method: z.string().meta({ example: "GET" }),
    url: z.string().nullable().meta({
      description: "The URL sent, credential values replaced by `[REDACTED]`.",
      example: "http://127.0.0.1:8788/v1/people?email=ada%40example.com",
    }),
    status: z.number().int().nullable().meta({
      description: "HTTP status of the last response; null when none arrived.",
      example: 200,
    }),
    durationMs: z.number().meta({ example: 84 }),
    attempts: z.number().int().meta({ description: "Tries including retries.", example: 1 }),
    requestHeaders: headers.meta({ description: "Headers sent, redacted." }),
    requestBody: z.string().nullable().meta({ description: "Body sent, redacted, truncated." }),
    requestBodyTruncated: z.boolean(),
    responseHeaders: headers.meta({ description: "Headers received, redacted." }),
    responseBody: z
      .string()
      .nullable()
      .meta({ description: "Body received, redacted, truncated to 16 KiB." }),
    responseBodyTruncated: z.boolean(),
    extracted: z.record(z.string(), JsonValueSchema).meta({
      description: "Values pulled out of the response by the step's JSONPath expressions.",
      example: { personId: "p_123", company: "Analytical Engines Ltd" },
    }),
    pagination: PaginationResultSchema.optional(),
    error: StepErrorInfoSchema.optional(),
  })
  .meta({
    id: "StepResult",
    description:
      "A step's redacted trace as the runner stored it: request and response headers and " +
      "bodies (truncated to 16 KiB), every credential value replaced by `[REDACTED]`.",
  });
