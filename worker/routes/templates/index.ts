import type { Schema } from "hono";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.ts";
import { registerGetTemplate } from "./get.ts";
import { registerInstallTemplate } from "./install.ts";
import { registerListTemplates } from "./list.ts";
import { registerPublishTemplate } from "./publish.ts";

export function registerTemplateRoutes<S extends Schema, B extends string>(
  app: OpenAPIHono<AppEnv, S, B>,
) {
  return registerPublishTemplate(
    registerInstallTemplate(registerGetTemplate(registerListTemplates(app))),
  );
}
