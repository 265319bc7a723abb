import { type CryptoKey, SignJWT, base64url, exportSPKI, importJWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JWT_SECRET, SUPABASE_URL } from "../scripts/lib/local-defaults.ts";
import { envelope, testClient } from "./harness/app.ts";
import { createUser, type TestUser } from "./harness/fixtures.ts";
import {
  type JwksServer,
  type SigningKey,
  makeSigningKey,
  startJwksServer,
} from "./harness/jwks-server.ts";

const ISSUER = `${SUPABASE_URL}/auth/v1`;
const secret = new TextEncoder().encode(JWT_SECRET);
const now = () => Math.floor(Date.now() / 1000);

let user: TestUser;
let rsa: SigningKey;
let ec: SigningKey;
let stranger: SigningKey;
let jwks: JwksServer;

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: user.id,
    role: "authenticated",
    aud: "authenticated",
    iss: ISSUER,
    iat: now(),
    exp: now() + 600,
    ...overrides,
  };
}

function hs256(payload: Record<string, unknown>, key: Uint8Array = secret): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(key);
}

function unsigned(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const enc = (value: unknown) => base64url.encode(JSON.stringify(value));
  return `${enc(header)}.${enc(payload)}.`;
}

beforeAll(async () => {
  user = await createUser("auth");
  [rsa, ec, stranger] = await Promise.all([
    makeSigningKey("rsa-1", "RS256"),
    makeSigningKey("ec-1", "ES256"),
    makeSigningKey("stranger", "RS256"),
  ]);
  jwks = await startJwksServer([rsa, ec]);
});

afterAll(async () => {
  await jwks.close();
});

describe("forged and malformed tokens", () => {
  const cases: [string, () => Promise<string>][] = [
    ["alg none", async () => unsigned({ alg: "none", typ: "JWT" }, claims())],
    ["alg none with uppercase", async () => unsigned({ alg: "NONE" }, claims())],
    ["a wrong secret", () => hs256(claims(), new TextEncoder().encode("x".repeat(40)))],
    [
      "HS256 signed with the public key",
      async () => {
        const pem = await exportSPKI((await importJWK(rsa.publicJwk, "RS256")) as CryptoKey);
        return new SignJWT(claims())
          .setProtectedHeader({ alg: "HS256", kid: rsa.kid })
          .sign(new TextEncoder().encode(pem));
      },
    ],
    ["an expired token", () => hs256(claims({ exp: now() - 120 }))],
    ["a token without exp", () => hs256(claims({ exp: undefined }))],
    ["a token not valid yet (nbf)", () => hs256(claims({ nbf: now() + 300 }))],
    ["a wrong issuer", () => hs256(claims({ iss: "https://evil.example/auth/v1" }))],
    ["a wrong audience", () => hs256(claims({ aud: "anon" }))],
    ["a missing audience", () => hs256(claims({ aud: undefined }))],
    ["a missing subject", () => hs256(claims({ sub: undefined }))],
    ["a subject that is not a user id", () => hs256(claims({ sub: "admin" }))],
    [
      "a tampered payload",
      async () => {
        const token = await hs256(claims());
        const [header, , signature] = token.split(".");
        const forged = base64url.encode(JSON.stringify(claims({ sub: crypto.randomUUID() })));
        return `${header}.${forged}.${signature}`;
      },
    ],
    [
      "a bit-flipped signature",
      async () => {
        const token = await hs256(claims());
        const [header, payload, signature = ""] = token.split(".");
        const bytes = base64url.decode(signature);
        bytes[0] = (bytes[0] ?? 0) ^ 0x01;
        return `${header}.${payload}.${base64url.encode(bytes)}`;
      },
    ],
    [
      "an unknown kid",
      () =>
        new SignJWT(claims())
          .setProtectedHeader({ alg: "RS256", kid: "not-in-jwks" })
          .sign(stranger.privateKey),
    ],
    [
      "a known kid signed by another key",
      () =>
        new SignJWT(claims())
          .setProtectedHeader({ alg: "RS256", kid: rsa.kid })
          .sign(stranger.privateKey),
    ],
    [
      "a jku header pointing at the attacker's keys",
      () =>
        new SignJWT(claims())
          .setProtectedHeader({ alg: "RS256", kid: stranger.kid, jku: jwks.url })
          .sign(stranger.privateKey),
    ],
    [
      "an embedded jwk header",
      () =>
        new SignJWT(claims())
          .setProtectedHeader({ alg: "RS256", jwk: stranger.publicJwk })
          .sign(stranger.privateKey),
    ],
    ["two segments", async () => (await hs256(claims())).split(".").slice(0, 2).join(".")],
    ["four segments", async () => `${await hs256(claims())}.AAAA`],
    ["an oversized token", () => hs256(claims({ padding: "a".repeat(10_000) }))],
    ["garbage", async () => "not.a.token"],
    [
      "an HS384 token",
      () => new SignJWT(claims()).setProtectedHeader({ alg: "HS384" }).sign(secret),
    ],
  ];

  for (const [name, make] of cases) {
    it(`refuses ${name} with 401 and the error envelope`, async () => {
      const client = testClient({ SUPABASE_JWKS_URL: jwks.url });
      const token = await make();
      const res = await client.json("/v1/me", { token });
      expect(res.status, JSON.stringify(res.body)).toBe(401);
      expect(res.body).toMatchObject(envelope("unauthorized"));
      expect(JSON.stringify(res.body)).not.toContain(token);
    });
  }

  it("refuses a request without a bearer token", async () => {
    const res = await testClient().json("/v1/me");
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject(envelope("unauthorized"));
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("refuses a Basic authorization header", async () => {
    const res = await testClient().json("/v1/me", {
      headers: { authorization: "Basic dXNlcjpwYXNz" },
    });
    expect(res.status).toBe(401);
  });
});

describe("accepted tokens", () => {
  it("accepts an HS256 token signed with SUPABASE_JWT_SECRET", async () => {
    const res = await testClient().json("/v1/me", { token: await hs256(claims()) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it("accepts a token that expired within the 30 s clock tolerance", async () => {
    const res = await testClient().json("/v1/me", {
      token: await hs256(claims({ exp: now() - 10 })),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it("accepts RS256 and ES256 tokens from the JWKS", async () => {
    const client = testClient({ SUPABASE_JWKS_URL: jwks.url });
    for (const key of [rsa, ec]) {
      const token = await new SignJWT(claims())
        .setProtectedHeader({ alg: key.alg, kid: key.kid })
        .sign(key.privateKey);
      const res = await client.json<{ user: { id: string } }>("/v1/me", { token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.user.id).toBe(user.id);
    }
  });

  it("refetches the JWKS for an unknown kid at most once per 30 s", async () => {
    const rotated = await makeSigningKey(`rotated-${crypto.randomUUID()}`, "RS256");
    const server = await startJwksServer([rsa]);
    try {
      const client = testClient({ SUPABASE_JWKS_URL: server.url });
      const sign = (key: SigningKey) =>
        new SignJWT(claims({ jti: crypto.randomUUID() }))
          .setProtectedHeader({ alg: key.alg, kid: key.kid })
          .sign(key.privateKey);
      expect((await client.json("/v1/me", { token: await sign(rsa) })).status).toBe(200);
      const afterFirst = server.hits();
      for (let i = 0; i < 5; i++) {
        expect((await client.json("/v1/me", { token: await sign(stranger) })).status).toBe(401);
      }
      expect(server.hits() - afterFirst).toBeLessThanOrEqual(1);
      // A key published later is still refused until the cooldown allows another fetch.
      server.setKeys([rsa, rotated]);
      expect((await client.json("/v1/me", { token: await sign(rotated) })).status).toBe(401);
    } finally {
      await server.close();
    }
  });
});
