import type { Schema } from "hono";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { registerCreateConnector } from "./create.ts";
import { registerDeleteConnector } from "./delete.ts";
import { registerDryRunConnector } from "./dry-run.ts";
import { registerGetConnector } from "./get.ts";
import { registerListConnectors } from "./list.ts";
import { registerScheduleRoutes } from "../schedules/index.ts";
import { registerUpdateConnector } from "./update.ts";
import { registerUpgradeConnector } from "./upgrade.ts";

export function registerConnectorRoutes<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  // A connector's schedule lives under its path (worker/routes/schedules/).
  return registerScheduleRoutes(
    registerUpgradeConnector(
      registerDryRunConnector(
        registerDeleteConnector(
          registerUpdateConnector(
            registerGetConnector(registerCreateConnector(registerListConnectors(app))),
          ),
        ),
      ),
    ),
  );
}
