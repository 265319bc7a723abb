import type { Schema } from "hono";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { registerAdminCreateTemplate } from "./create-template.ts";
import { registerAdminDeleteTemplate } from "./delete-template.ts";
import { registerAdminExecutions } from "./executions.ts";
import { registerAdminReviewTemplate } from "./review-template.ts";
import { registerAdminStats } from "./stats.ts";
import { registerAdminUpdateTemplate } from "./update-template.ts";
import { registerAdminWorkspaces } from "./workspaces.ts";

/** Every route here sits behind `requireSaasAdmin` (registered on `/v1/admin/*` in app.ts). */
export function registerAdminRoutes<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return registerAdminExecutions(
    registerAdminWorkspaces(
      registerAdminStats(
        registerAdminReviewTemplate(
          registerAdminDeleteTemplate(
            registerAdminUpdateTemplate(registerAdminCreateTemplate(app)),
          ),
        ),
      ),
    ),
  );
}
