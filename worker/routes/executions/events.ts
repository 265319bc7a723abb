import type { Schema } from "hono";
import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import { requireId } from "../../lib/ids.ts";
import { parseEventId } from "../../services/execution-events-cursor.ts";
import {
  followExecution,
  LIVE_STATUS_TIMINGS,
  type LiveStatusTimings,
  readExecutionSummary,
} from "../../services/execution-events.ts";
import type { AppEnv } from "../../types.ts";
import { bearerSecurity, workspaceErrors } from "../schemas.ts";
import { ExecutionIdParams } from "./schema.ts";

const EXAMPLE = [
  'event: execution\nid: 0-1\ndata: {"id":"0d3c9a57-…","status":"running",…}',
  'event: step\nid: 1-1\ndata: {"id":"find","outcome":"succeeded","status":200,…}',
  ": heartbeat",
  'event: execution\nid: 1-3\ndata: {"id":"0d3c9a57-…","status":"succeeded",…}',
].join("\n\n");

const route = createRoute({
  method: "get",
  path: "/v1/workspaces/{ws}/executions/{id}/events",
  operationId: "streamExecutionEvents",
  tags: ["Executions"],
  summary: "Follow an execution live (server-sent events)",
  description:
    "A `text/event-stream`: `event: execution` (the execution as lists show it) at once and at " +
    "every status change, `event: step` (one redacted step result) as each step finishes, a " +
    "`: heartbeat` comment every 15 s, and `event: timeout` after 5 minutes. It ends after the " +
    "terminal `execution` event. Every event has an `id`; send the last one back as " +
    "`Last-Event-ID` to resume without repeats. Read it with `fetch` and the Authorization " +
    "header (never a token in the URL). Errors (404, 401, …) are JSON, decided before the " +
    "stream starts.",
  security: bearerSecurity,
  request: {
    params: ExecutionIdParams,
    headers: z.object({
      "last-event-id": z
        .string()
        .max(16)
        .regex(/^\s*\d{1,4}-\d{1,6}\s*$/, "must be an event id this stream sent")
        .optional()
        .openapi({
          description:
            "The `id` of the last event received: the stream sends only what came after it.",
          example: "1-1",
        }),
    }),
  },
  responses: {
    200: {
      description: "The event stream.",
      content: {
        "text/event-stream": {
          schema: z.string().openapi({ description: "Server-sent events.", example: EXAMPLE }),
        },
      },
    },
    ...workspaceErrors,
  },
});

export function registerExecutionEvents<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
  timings: LiveStatusTimings = LIVE_STATUS_TIMINGS,
) {
  return app.openapi(route, async (c) => {
    const id = requireId(c.req.valid("param").id, "Execution");
    const lastEventId = c.req.valid("header")["last-event-id"];
    const from = lastEventId ? parseEventId(lastEventId) : null;
    const first = await readExecutionSummary(c.var, id);
    // A refused workspace budget must answer 429 before any byte of the stream.
    await c.var.db.settleProven();
    const { auth, workspace, requestId } = c.var;
    const connectionString = c.env.HYPERDRIVE.connectionString;
    c.header("X-Accel-Buffering", "no");
    return streamSSE(c, async (stream) => {
      const gone = new AbortController();
      stream.onAbort(() => gone.abort());
      c.req.raw.signal?.addEventListener("abort", () => gone.abort());
      await followExecution({
        connectionString,
        claims: auth.claims,
        workspaceId: workspace.id,
        first,
        from,
        timings,
        signal: gone.signal,
        requestId,
        sink: {
          send: (message) => stream.writeSSE(message),
          comment: async (text) => {
            await stream.write(`: ${text}\n\n`);
          },
        },
      });
    });
  });
}
