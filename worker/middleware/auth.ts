import { createMiddleware } from "hono/factory";
import { ApiError } from "../lib/errors.ts";
import { TokenError, getVerifier } from "../lib/jwt.ts";
import type { AppEnv } from "../types.ts";

/** Requires `Authorization: Bearer <Supabase access token>` and verifies it with jose. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("authorization");
  const match = header ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header) : null;
  if (!match?.[1]) {
    throw new ApiError("unauthorized", "A bearer token is required.", {
      headers: { "WWW-Authenticate": 'Bearer realm="connectors"' },
    });
  }
  const config = c.var.config;
  try {
    const verified = await getVerifier({
      issuer: config.jwtIssuer,
      secret: config.jwtSecret,
      jwksUrl: config.jwksUrl,
    }).verify(match[1]);
    c.set("auth", verified);
  } catch (error) {
    const message = error instanceof TokenError ? error.message : "invalid token";
    throw new ApiError("unauthorized", `The bearer token was refused: ${message}.`, {
      headers: { "WWW-Authenticate": 'Bearer realm="connectors", error="invalid_token"' },
    });
  }
  await next();
});
