// The local Supabase Auth stand-in (scripts/lib/auth-standin.ts), proven with supabase-js itself:
// the requests the console makes (password and refresh-token grants, the current user, sign-out,
// a cross-origin preflight) get the answers auth-js parses, and the worker accepts the ES256
// tokens it issues through SUPABASE_JWKS_URL — and refuses a token signed by any other key.
import { createClient } from "@supabase/supabase-js";
import { SignJWT, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthStandIn, startAuthStandIn } from "../scripts/lib/auth-standin.ts";
import { testClient } from "./harness/app.ts";
import { freeLowPort } from "./harness/low-port.ts";

const USER = {
  id: crypto.randomUUID(),
  email: `standin-${Date.now()}@demo.test`,
  password: "standin-password",
};

let standin: AuthStandIn;

beforeAll(async () => {
  const port = await freeLowPort();
  standin = await startAuthStandIn({ port, users: [USER] });
  expect(new URL(standin.url).port).toBe(String(port));
});

afterAll(async () => {
  await standin?.close();
});

function supabase() {
  return createClient(standin.url, "standin-anon-key", {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}

async function signedIn() {
  const client = supabase();
  const { data, error } = await client.auth.signInWithPassword({
    email: USER.email,
    password: USER.password,
  });
  expect(error).toBeNull();
  if (!data.session) throw new Error("no session");
  return { client, session: data.session };
}

describe("the Auth stand-in, driven by supabase-js", () => {
  it("signs in with a password: a session shaped as Supabase Auth's", async () => {
    const { session } = await signedIn();
    expect(session).toMatchObject({
      token_type: "bearer",
      expires_in: 3600,
      user: { id: USER.id, email: USER.email, aud: "authenticated", role: "authenticated" },
    });
    expect(session.expires_at).toBeGreaterThan(Date.now() / 1000 + 3500);
    expect(session.refresh_token.length).toBeGreaterThan(20);
    const [header] = session.access_token.split(".");
    expect(JSON.parse(Buffer.from(header ?? "", "base64url").toString())).toMatchObject({
      alg: "ES256",
    });
  });

  it("refuses a wrong password: 400 invalid_grant, an AuthApiError", async () => {
    const { data, error } = await supabase().auth.signInWithPassword({
      email: USER.email,
      password: "not-the-password",
    });
    expect(data.session).toBeNull();
    expect(error?.name).toBe("AuthApiError");
    expect(error).toMatchObject({ status: 400, code: "invalid_credentials" });
    expect(error?.message).toBe("Invalid login credentials");

    // The body as Auth sends it, in both API versions auth-js understands.
    const legacy = await fetch(`${standin.url}/auth/v1/token?grant_type=password`, {
      method: "POST",
      body: JSON.stringify({ email: USER.email, password: "nope" }),
    });
    expect(legacy.status).toBe(400);
    expect(legacy.headers.get("x-supabase-api-version")).toBeNull();
    expect(await legacy.json()).toMatchObject({
      error: "invalid_grant",
      error_code: "invalid_credentials",
      code: 400,
      msg: "Invalid login credentials",
    });
    const versioned = await fetch(`${standin.url}/auth/v1/token?grant_type=password`, {
      method: "POST",
      headers: { "x-supabase-api-version": "2024-01-01" },
      body: JSON.stringify({ email: USER.email, password: "nope" }),
    });
    expect(versioned.headers.get("x-supabase-api-version")).toBe("2024-01-01");
    expect(await versioned.json()).toMatchObject({
      error: "invalid_grant",
      code: "invalid_credentials",
      message: "Invalid login credentials",
    });
  });

  it("rotates the refresh token; a spent one reused ends the session", async () => {
    const { client, session } = await signedIn();
    const first = session.refresh_token;
    const { data, error } = await client.auth.refreshSession();
    expect(error).toBeNull();
    const second = data.session?.refresh_token ?? "";
    expect(second).not.toBe(first);
    expect(data.session?.access_token).not.toBe(session.access_token);
    expect(data.session?.user.id).toBe(USER.id);

    const replay = await supabase().auth.refreshSession({ refresh_token: first });
    expect(replay.error?.name).toBe("AuthApiError");
    expect(replay.error).toMatchObject({ status: 400, code: "refresh_token_already_used" });
    // The reuse took the whole session down: the newest token is refused too.
    const after = await supabase().auth.refreshSession({ refresh_token: second });
    expect(after.error).toMatchObject({ status: 400, code: "refresh_token_not_found" });
    const raw = await fetch(`${standin.url}/auth/v1/token?grant_type=refresh_token`, {
      method: "POST",
      body: JSON.stringify({ refresh_token: second }),
    });
    expect(await raw.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("answers the current user, and refuses a token it did not sign", async () => {
    const { client, session } = await signedIn();
    const { data, error } = await client.auth.getUser();
    expect(error).toBeNull();
    expect(data.user).toMatchObject({ id: USER.id, email: USER.email });

    const forged = await foreignToken(session.access_token);
    const other = await supabase().auth.getUser(forged);
    expect(other.data.user).toBeNull();
    expect(other.error).toMatchObject({ status: 403, code: "bad_jwt" });
    const none = await fetch(`${standin.url}/auth/v1/user`);
    expect(none.status).toBe(401);
  });

  it("signs out: the refresh token is refused and the user is gone", async () => {
    const { client, session } = await signedIn();
    const before = standin.stats().logouts;
    const { error } = await client.auth.signOut();
    expect(error).toBeNull();
    expect(standin.stats().logouts).toBe(before + 1);
    expect((await client.auth.getSession()).data.session).toBeNull();

    const refresh = await supabase().auth.refreshSession({ refresh_token: session.refresh_token });
    expect(refresh.error).toMatchObject({ status: 400, code: "refresh_token_not_found" });
    // The access token's signature is still good until it expires; its session is not.
    const user = await supabase().auth.getUser(session.access_token);
    expect(user.error?.name).toBe("AuthSessionMissingError");
  });

  it("answers a CORS preflight from another origin", async () => {
    const res = await fetch(`${standin.url}/auth/v1/token?grant_type=password`, {
      method: "OPTIONS",
      headers: {
        origin: "http://127.0.0.1:8787",
        "access-control-request-method": "POST",
        "access-control-request-headers":
          "apikey, authorization, content-type, x-client-info, x-supabase-api-version",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:8787");
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    expect(res.headers.get("access-control-allow-headers")).toContain("x-supabase-api-version");
    const real = await fetch(`${standin.url}/auth/v1/health`, {
      headers: { origin: "http://127.0.0.1:8787", "x-supabase-api-version": "2024-01-01" },
    });
    expect(real.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:8787");
    // auth-js reads the API version from the answer: a browser sees it only when exposed.
    expect(real.headers.get("access-control-expose-headers")?.toLowerCase()).toContain(
      "x-supabase-api-version",
    );
  });
});

/** The same claims, signed by another ES256 key under the stand-in's key id. */
async function foreignToken(accessToken: string): Promise<string> {
  const [header, payload] = accessToken.split(".");
  const { kid } = JSON.parse(Buffer.from(header ?? "", "base64url").toString()) as { kid: string };
  const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString()) as Record<
    string,
    unknown
  >;
  const { privateKey } = await generateKeyPair("ES256");
  return new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid, typ: "JWT" }).sign(privateKey);
}

describe("the worker, verifying the stand-in's ES256 tokens through SUPABASE_JWKS_URL", () => {
  it("answers /v1/me for a signed-in user; a token signed by another key is refused", async () => {
    const app = testClient({ SUPABASE_JWKS_URL: standin.jwksUrl, SUPABASE_URL: standin.url });
    const { session } = await signedIn();
    const me = await app.json<{ user: { id: string; email: string } }>("/v1/me", {
      token: session.access_token,
    });
    expect(me.status).toBe(200);
    expect(me.body.user).toEqual({ id: USER.id, email: USER.email });

    const forged = await app.json("/v1/me", { token: await foreignToken(session.access_token) });
    expect(forged.status).toBe(401);
    expect(forged.headers.get("www-authenticate")).toContain("invalid_token");
  });
});
