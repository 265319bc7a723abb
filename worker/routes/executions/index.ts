import type { Schema } from "hono";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { LiveStatusTimings } from "../../services/execution-events.ts";
import type { AppEnv } from "../../types.ts";
import { registerBatchRoutes } from "../batches/index.ts";
import { registerCancelExecution } from "./cancel.ts";
import { registerExecutionEvents } from "./events.ts";
import { registerGetExecution } from "./get.ts";
import { registerListExecutions } from "./list.ts";
import { registerListWorkspaceExecutions } from "./list-workspace.ts";
import { registerReplayExecution } from "./replay.ts";
import { registerStartExecution } from "./start.ts";
import { registerConnectorStats } from "./stats.ts";

/** Executions: history, one, stats, start, cancel, replay, live status; and batches of them. */
export function registerExecutionRoutes<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
  liveStatus?: LiveStatusTimings,
) {
  return registerExecutionEvents(
    registerBatchRoutes(
      registerReplayExecution(
        registerCancelExecution(
          registerStartExecution(
            registerConnectorStats(
              registerGetExecution(registerListExecutions(registerListWorkspaceExecutions(app))),
            ),
          ),
        ),
      ),
    ),
    liveStatus,
  );
}
