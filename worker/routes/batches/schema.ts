import { z } from "@hono/zod-openapi";
import { described, WorkspaceIdParam } from "../schemas.ts";

const BATCH_ID_EXAMPLE = "b7e4c2a1-9d3f-4e5a-8b6c-1d2e3f4a5b6c";
const CONNECTOR_ID_EXAMPLE = "5b0f8a4e-6c1d-4f6e-9a57-0e9d6f1b2c3d";

/** At most this many items per batch (README "Batches"). */
export const MAX_BATCH_ITEMS = 1000;

export const BatchIdParams = z.object({
  ws: WorkspaceIdParam,
  id: z.string().openapi({
    param: { name: "id", in: "path" },
    description: "Batch id (UUID).",
    example: BATCH_ID_EXAMPLE,
  }),
});

export const BatchItemSchema = z
  .strictObject({
    input: z
      .record(z.string(), z.unknown())
      .default({})
      .openapi({
        description: "Checked against the connector's input JSON Schema, like a single start.",
        example: { email: "ada@lovelace.test" },
      }),
    contactId: z.uuid().optional().openapi({
      description: "A contact of the workspace this item runs for.",
      example: "c0000000-0000-4000-8000-000000000001",
    }),
  })
  .openapi("BatchItem");

export const CreateBatchBody = z
  .strictObject({
    items: z
      .array(BatchItemSchema)
      .min(1)
      .max(MAX_BATCH_ITEMS)
      .openapi({
        description:
          "1–1000 executions to start. Every item is checked before anything is written; any " +
          "invalid item is a 400 whose `details` name it (`items[3].input.email`), and nothing " +
          "starts. The whole body is limited to 256 KiB.",
      }),
  })
  .openapi("CreateBatch");

const count = (description: string, example: number) =>
  described(z.number().int(), description, example);

export const BatchSchema = z
  .object({
    id: described(z.uuid(), "Batch id.", BATCH_ID_EXAMPLE),
    connectorId: described(
      z.uuid().nullable(),
      "The connector the batch runs; null once that connector has been deleted.",
      CONNECTOR_ID_EXAMPLE,
    ),
    status: z.enum(["running", "completed", "cancelled"]).openapi({
      description:
        "`running` while any item is queued or running; `completed` when every item is " +
        "terminal; `cancelled` once a cancel stopped at least one unfinished item.",
      example: "running",
    }),
    total: count("How many executions the batch started.", 200),
    counts: z
      .object({
        queued: count("Items waiting for a runner.", 150),
        running: count("Items running now.", 5),
        succeeded: count("Items that succeeded.", 40),
        failed: count("Items that failed.", 5),
        cancelled: count("Items cancelled.", 0),
      })
      .openapi({ description: "Live counts of the items by status; they add up to `total`." }),
    createdAt: z.string().openapi({
      format: "date-time",
      description: "When the batch was created.",
      example: "2026-12-03T10:15:30.123Z",
    }),
    finishedAt: z.string().nullable().openapi({
      format: "date-time",
      description: "When its last item finished; null while it is running.",
      example: null,
    }),
  })
  .openapi("Batch", { description: "A batch of executions of one connector, with live counts." });
