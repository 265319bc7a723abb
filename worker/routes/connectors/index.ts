import type { Schema } from "hono";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { registerCreateConnector } from "./create.ts";
import { registerDeleteConnector } from "./delete.ts";
import { registerDryRunConnector } from "./dry-run.ts";
import { registerGetConnector } from "./get.ts";
import { registerListConnectors } from "./list.ts";
import { registerUpdateConnector } from "./update.ts";
import { registerUpgradeConnector } from "./upgrade.ts";

export function registerConnectorRoutes<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return registerUpgradeConnector(
    registerDryRunConnector(
      registerDeleteConnector(
        registerUpdateConnector(
          registerGetConnector(registerCreateConnector(registerListConnectors(app))),
        ),
      ),
    ),
  );
}
