import { createMiddleware } from "hono/factory";
import { jsonTextTooDeep } from "../../engine/json.ts";
import type { AppEnv } from "../types.ts";

/** Containers a JSON request body may nest; a deeper body reads as malformed (400). */
export const MAX_BODY_DEPTH = 128;

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * Measures a JSON body's nesting with one linear scan (the body is already capped at 256 KiB),
 * so no parser, validator or database walks a hostile depth. A body too deep is not answered
 * here: it is emptied, and the route's validator answers 400 when it reads it, after
 * authorization has had its say (README "API at a glance").
 */
export const limitJsonDepth = createMiddleware<AppEnv>(async (c, next) => {
  const mediaType = (c.req.header("content-type") ?? "").split(";")[0]?.trim() ?? "";
  if (c.req.raw.body && JSON_MEDIA_TYPE.test(mediaType)) {
    const text = await c.req.raw.text();
    c.req.raw = new Request(c.req.raw, {
      body: jsonTextTooDeep(text, MAX_BODY_DEPTH) ? "" : text,
    });
  }
  await next();
});
