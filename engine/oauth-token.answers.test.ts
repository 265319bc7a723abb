// The token endpoint client (oauth-token.ts) on answers vendors really send: oversized (and
// compressed) bodies, vendor-specific token types, vendor-specific shapes of a refused grant.
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createNodeFetch } from "./node-fetch.ts";
import type { OAuthConfig } from "./oauth-config.ts";
import { requestToken, TOKEN_RESPONSE_MAX_BYTES, TokenRequestError } from "./oauth-token.ts";
import { json, localServers, policyFor, type TestServer } from "./test-helpers.ts";

const server = localServers();

function config(target: TestServer): OAuthConfig {
  return {
    grantType: "authorization_code",
    authorizeUrl: `${target.origin}/authorize`,
    tokenUrl: `${target.origin}/token`,
    clientId: "client-one",
    scopes: [],
    scopeSeparator: " ",
    extraAuthorizeParams: {},
    tokenAuthMethod: "client_secret_post",
  };
}

function refresh(target: TestServer) {
  const policy = policyFor(target);
  return requestToken(
    config(target),
    "secret",
    { grantType: "refresh_token", refreshToken: "rt-old" },
    { fetch: createNodeFetch({ policy }), policy, signal: new AbortController().signal },
  );
}

async function failure(promise: Promise<unknown>): Promise<TokenRequestError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenRequestError);
  return error as TokenRequestError;
}

describe("requestToken: answer size", () => {
  it("refuses a gzip answer that decodes past the cap (transient), however small on the wire", async () => {
    const padding = "x".repeat(TOKEN_RESPONSE_MAX_BYTES * 4);
    const body = gzipSync(JSON.stringify({ access_token: "at", token_type: "Bearer", padding }));
    expect(body.byteLength).toBeLessThan(TOKEN_RESPONSE_MAX_BYTES);
    const target = await server((_, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      res.end(body);
    });
    const error = await failure(refresh(target));
    expect(error.kind).toBe("transient");
    expect(error.message).toMatch(/exceeds 65536 bytes/);
  });

  it("reads an ordinary gzip answer", async () => {
    const body = gzipSync(JSON.stringify({ access_token: "at-gz", token_type: "Bearer" }));
    const target = await server((_, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      res.end(body);
    });
    expect((await refresh(target)).accessToken).toBe("at-gz");
  });
});

describe("requestToken: vendor token types", () => {
  it('reads Slack\'s oauth.v2.access refresh answer (token_type "bot")', async () => {
    const target = await server((_, res) =>
      json(res, 200, {
        ok: true,
        app_id: "A0KRD7HC3",
        access_token: "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
        expires_in: 43200,
        refresh_token: "xoxe-1-rotated",
        token_type: "bot",
        scope: "commands,incoming-webhook",
        bot_user_id: "U0KRQLJ9H",
        team: { name: "Slack Softball Team", id: "T9TK3CUKW" },
      }),
    );
    expect(await refresh(target)).toEqual({
      accessToken: "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
      refreshToken: "xoxe-1-rotated",
      expiresIn: 43200,
      scopes: ["commands", "incoming-webhook"],
    });
  });

  it("an unknown token type is an unusable answer, not an unreachable endpoint", async () => {
    const target = await server((_, res) =>
      json(res, 200, { access_token: "at", token_type: "mac" }),
    );
    const error = await failure(refresh(target));
    expect(error.kind).toBe("transient");
    expect(error.message).toMatch(/unsupported token type/);
  });
});

describe("requestToken: vendor-specific refusals of a refresh token", () => {
  it.each([
    ["HubSpot", 400, { status: "BAD_REFRESH_TOKEN", message: "missing or invalid refresh token" }],
    ["Slack", 200, { ok: false, error: "invalid_refresh_token" }],
    ["Slack (grant)", 200, { ok: false, error: "invalid_grant" }],
  ])("%s's answer means a person must connect again (reauth)", async (_, status, body) => {
    const target = await server((_, res) => json(res, status, body));
    const error = await failure(refresh(target));
    expect(error.kind).toBe("reauth");
    expect(error.message).toMatch(new RegExp(`HTTP ${status}`));
  });

  it("other errors in those shapes stay transient", async () => {
    const slow = await server((_, res) => json(res, 200, { ok: false, error: "ratelimited" }));
    expect((await failure(refresh(slow))).kind).toBe("transient");
    const busy = await server((_, res) => json(res, 400, { status: "SERVICE_UNAVAILABLE" }));
    expect((await failure(refresh(busy))).kind).toBe("transient");
  });
});
