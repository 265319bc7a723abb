import type { Schema } from "hono";
import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { requireId } from "../../lib/ids.ts";
import { putSchedule } from "../../services/schedules.ts";
import type { AppEnv } from "../../types.ts";
import { ConnectorIdParams } from "../connectors/schema.ts";
import { bearerSecurity, jsonResponse, workspaceErrors } from "../schemas.ts";
import { PutScheduleBody, ScheduleSchema } from "./schema.ts";

const route = createRoute({
  method: "put",
  path: "/v1/workspaces/{ws}/connectors/{id}/schedule",
  operationId: "putSchedule",
  tags: ["Schedules"],
  summary: "Set or replace the connector's schedule",
  description:
    "One schedule per connector; any member of the workspace may set it. The minute sweeper " +
    "starts an execution (trigger `schedule`) at each slot, with the idempotency key " +
    "`schedule:<connectorId>:<slot>` (the slot's minute in UTC, e.g. `2026-12-03T01:00Z`), so " +
    "no slot ever starts twice. After downtime only the latest missed slot runs. A disabled " +
    "connector's slots pass without running. An invalid cron or time zone is 400 naming " +
    "`cron` or `timezone`; an input that does not match the connector's schema is 400 with " +
    "details; an unknown contact is 404.",
  security: bearerSecurity,
  request: {
    params: ConnectorIdParams,
    body: { required: true, content: { "application/json": { schema: PutScheduleBody } } },
  },
  responses: {
    200: jsonResponse("Replaced", ScheduleSchema),
    201: jsonResponse("Created", ScheduleSchema),
    ...workspaceErrors,
  },
});

export function registerPutSchedule<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return app.openapi(route, async (c) => {
    const id = requireId(c.req.valid("param").id, "Connector");
    const body = c.req.valid("json");
    const { schedule, created } = await putSchedule(c.var, id, {
      ...body,
      contactId: body.contactId ?? undefined,
    });
    return created ? c.json(schedule, 201) : c.json(schedule, 200);
  });
}
