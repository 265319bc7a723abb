import { z } from "@hono/zod-openapi";
import { described } from "../schemas.ts";

const CONNECTOR_ID_EXAMPLE = "5b0f8a4e-6c1d-4f6e-9a57-0e9d6f1b2c3d";

const cron = z
  .string()
  .min(1)
  .max(200)
  .openapi({
    description:
      "Standard 5-field cron (minute hour day-of-month month day-of-week; lists, ranges, steps, " +
      "month and day names) or an alias: `@hourly`, `@daily`/`@midnight`, `@weekly`, " +
      "`@monthly`, `@yearly`/`@annually`. Minute granularity: a seconds field is refused, and " +
      "so is an expression that never fires (`0 0 30 2 *`).",
    example: "0 2 * * *",
  });

const timezone = z.string().min(1).max(100).openapi({
  description: "IANA time zone the cron is read in; daylight-saving changes are followed.",
  example: "Europe/Berlin",
});

const input = z.record(z.string(), z.unknown()).openapi({
  description:
    "The input of every scheduled execution, checked against the connector's input JSON " +
    "Schema when set (400 with details, as on POST …/executions).",
  example: { email: "ada@lovelace.test" },
});

export const PutScheduleBody = z
  .strictObject({
    cron,
    timezone: timezone.optional().openapi({ description: "IANA time zone; `UTC` when left out." }),
    input: input.optional().openapi({ description: "`{}` when left out." }),
    contactId: z.uuid().nullable().optional().openapi({
      description: "A contact of the workspace every scheduled execution runs for (404 if not).",
      example: "c0000000-0000-4000-8000-000000000001",
    }),
    enabled: z
      .boolean()
      .optional()
      .openapi({ description: "`true` when left out; a disabled schedule does not fire." }),
  })
  .openapi("PutSchedule");

const timestamp = (description: string) =>
  z.string().openapi({ format: "date-time", description, example: "2026-12-03T01:00:00.000Z" });

export const ScheduleSchema = z
  .object({
    connectorId: described(z.uuid(), "The connector this schedule runs.", CONNECTOR_ID_EXAMPLE),
    cron,
    timezone,
    input,
    contactId: z.uuid().nullable().openapi({ description: "The contact it runs for, if any." }),
    enabled: z.boolean().openapi({ description: "Whether it fires.", example: true }),
    nextRunAt: timestamp(
      "The cron's next slot, always in the future (whether or not the schedule and its " +
        "connector are enabled; it fires only when both are). Null only for a cron that can " +
        "never fire again.",
    ).nullable(),
    lastRunAt: timestamp("The slot that last started an execution.").nullable(),
    lastExecutionId: z.uuid().nullable().openapi({
      description: "The execution that slot started.",
      example: "0d3c9a57-4f1e-4b8a-9e2d-6a7b8c9d0e1f",
    }),
    createdAt: timestamp("When the schedule was first set."),
    updatedAt: timestamp("When it was last replaced."),
  })
  .openapi("Schedule");
