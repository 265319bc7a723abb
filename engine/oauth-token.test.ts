// The token endpoint client (oauth-token.ts) against local token endpoints: the grant requests it
// sends, how it reads answers, and how it classifies failures without repeating a secret.
import { describe, expect, it } from "vitest";
import type { OAuthConfig } from "./oauth-config.ts";
import { requestToken, TokenRequestError } from "./oauth-token.ts";
import { EMPTY_POLICY } from "./outbound.ts";
import { json, localServers, policyFor, type TestServer } from "./test-helpers.ts";

const server = localServers();
const SECRET = "client-secret-9f3a+/=x";
const REFRESH = "refresh-token-5e1d0c7b";

function config(target: TestServer, overrides: Partial<OAuthConfig> = {}): OAuthConfig {
  return {
    grantType: "authorization_code",
    authorizeUrl: `${target.origin}/authorize`,
    tokenUrl: `${target.origin}/token`,
    clientId: "client:one",
    scopes: ["a.read", "b.write"],
    scopeSeparator: " ",
    extraAuthorizeParams: {},
    tokenAuthMethod: "client_secret_basic",
    ...overrides,
  };
}

const deps = (target: TestServer) => ({
  fetch: (url: string, init: RequestInit) => fetch(url, init),
  policy: policyFor(target),
  signal: new AbortController().signal,
});

async function failure(promise: Promise<unknown>): Promise<TokenRequestError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenRequestError);
  return error as TokenRequestError;
}

describe("requestToken", () => {
  it("refreshes with client_secret_basic and reads a rotated refresh token, expiry and scopes", async () => {
    const target = await server((_, res) =>
      json(res, 200, {
        access_token: "at-new",
        token_type: "Bearer",
        expires_in: 3599,
        refresh_token: "rt-new",
        scope: "a.read b.write",
      }),
    );
    const issued = await requestToken(
      config(target),
      SECRET,
      { grantType: "refresh_token", refreshToken: REFRESH },
      deps(target),
    );
    expect(issued).toEqual({
      accessToken: "at-new",
      refreshToken: "rt-new",
      expiresIn: 3599,
      scopes: ["a.read", "b.write"],
    });
    const [sent] = target.requests;
    const form = new URLSearchParams(sent?.body ?? "");
    expect(form.get("grant_type")).toBe("refresh_token");
    expect(form.get("refresh_token")).toBe(REFRESH);
    expect(form.get("client_secret")).toBeNull();
    // RFC 6749 §2.3.1: both parts form-encoded before the Basic encoding.
    const basic = atob((sent?.headers.authorization ?? "").replace(/^Basic /, ""));
    const [id, secret] = basic.split(":").map((part) => decodeURIComponent(part));
    expect([id, secret]).toEqual(["client:one", SECRET]);
    expect(basic.split(":")).toHaveLength(2);
  });

  it("client_secret_post puts the secret in the form; a vendor that sends no refresh token keeps none", async () => {
    const target = await server((_, res) =>
      json(res, 200, { access_token: "at-2", token_type: "bearer" }),
    );
    const issued = await requestToken(
      config(target, { tokenAuthMethod: "client_secret_post" }),
      SECRET,
      { grantType: "refresh_token", refreshToken: REFRESH },
      deps(target),
    );
    expect(issued).toMatchObject({ accessToken: "at-2", refreshToken: null, expiresIn: null });
    const [sent] = target.requests;
    expect(sent?.headers.authorization).toBeUndefined();
    expect(new URLSearchParams(sent?.body ?? "").get("client_secret")).toBe(SECRET);
  });

  it("client_credentials asks for the configured scopes, joined by the scope separator", async () => {
    const target = await server((_, res) =>
      json(res, 200, { access_token: "at-cc", token_type: "Bearer", expires_in: 60 }),
    );
    await requestToken(
      config(target, { grantType: "client_credentials", scopeSeparator: "," }),
      SECRET,
      { grantType: "client_credentials" },
      deps(target),
    );
    const form = new URLSearchParams(target.requests[0]?.body ?? "");
    expect(form.get("grant_type")).toBe("client_credentials");
    expect(form.get("scope")).toBe("a.read,b.write");
  });

  it("invalid_grant means re-authorization; the message names the code, never the body or a secret", async () => {
    const target = await server((_, res) =>
      json(res, 400, { error: "invalid_grant", error_description: `bad token ${REFRESH}` }),
    );
    const error = await failure(
      requestToken(
        config(target),
        SECRET,
        { grantType: "refresh_token", refreshToken: REFRESH },
        deps(target),
      ),
    );
    expect(error.kind).toBe("reauth");
    expect(error.message).toBe("the token endpoint answered invalid_grant (HTTP 400)");
  });

  it("invalid_client with a Basic challenge means re-authorization too", async () => {
    const target = await server((_, res) =>
      json(res, 401, { error: "invalid_client" }, { "www-authenticate": 'Basic realm="x"' }),
    );
    const error = await failure(
      requestToken(
        config(target),
        SECRET,
        { grantType: "refresh_token", refreshToken: REFRESH },
        deps(target),
      ),
    );
    expect(error.kind).toBe("reauth");
    expect(error.message).toMatch(/invalid_client/);
  });

  it("a 500, a redirect or a body that is no token response is transient and shows nothing of the body", async () => {
    for (const answer of [
      (res: Parameters<Parameters<typeof server>[0]>[1]) => {
        res.writeHead(500, { "content-type": "text/html" });
        res.end(`<h1>oops ${SECRET} ${REFRESH}</h1>`);
      },
      (res: Parameters<Parameters<typeof server>[0]>[1]) => {
        res.writeHead(302, { location: "http://127.0.0.1:1/steal" });
        res.end();
      },
      (res: Parameters<Parameters<typeof server>[0]>[1]) =>
        json(res, 200, { token_type: "Bearer", note: REFRESH }),
    ]) {
      const target = await server((_, res) => answer(res));
      const error = await failure(
        requestToken(
          config(target),
          SECRET,
          { grantType: "refresh_token", refreshToken: REFRESH },
          deps(target),
        ),
      );
      expect(error.kind).toBe("transient");
      expect(error.message).not.toContain(SECRET);
      expect(error.message).not.toContain(REFRESH);
      expect(error.message).not.toContain("oops");
      expect(target.requests).toHaveLength(1);
    }
  });

  it("a token URL the outbound guard refuses, or plain http outside the allow list, is blocked before any request", async () => {
    const target = await server((_, res) => json(res, 200, {}));
    for (const [tokenUrl, policy] of [
      [`${target.origin}/token`, EMPTY_POLICY],
      ["http://169.254.169.254/latest/meta-data", EMPTY_POLICY],
      ["http://tokens.vendor.example/token", EMPTY_POLICY],
    ] as const) {
      const error = await failure(
        requestToken(
          config(target, { tokenUrl }),
          SECRET,
          { grantType: "refresh_token", refreshToken: REFRESH },
          { ...deps(target), policy },
        ),
      );
      expect(error.kind).toBe("blocked");
    }
    expect(target.requests).toHaveLength(0);
  });
});
