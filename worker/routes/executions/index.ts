import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { registerCancelExecution } from "./cancel.ts";
import { registerGetExecution } from "./get.ts";
import { registerListExecutions } from "./list.ts";
import { registerStartExecution } from "./start.ts";
import { registerConnectorStats } from "./stats.ts";

/** The read side of executions; starting and cancelling register beside these. */
export function registerExecutionReadRoutes(app: OpenAPIHono<AppEnv>): void {
  registerListExecutions(app);
  registerGetExecution(app);
  registerConnectorStats(app);
  registerStartExecution(app);
  registerCancelExecution(app);
}
