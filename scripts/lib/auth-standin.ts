// A local stand-in for Supabase Auth: only the endpoints @supabase/supabase-js calls for email +
// password sign-in — the password and refresh-token grants, the current user, sign-out — plus the
// JWKS the worker verifies access tokens with. Access tokens are ES256 JWTs shaped as Supabase
// Auth issues them; refresh tokens rotate, and a reused one ends its session (as Auth's reuse
// detection does). Errors use Auth's body: a wrong password is 400 `invalid_grant`. Dev and tests
// only; production uses the project's real Supabase Auth.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type CryptoKey,
  type JWK,
  type JWTPayload,
  SignJWT,
  exportJWK,
  generateKeyPair,
  jwtVerify,
} from "jose";

export interface StandInUser {
  id: string;
  email: string;
  password: string;
}

export interface AuthStandInOptions {
  users: readonly StandInUser[];
  /** 0 picks a free port; `npm run dev` uses 54321. */
  port: number;
  /** Access-token lifetime; the tests shorten it to exercise the session refresh. */
  accessTtlSeconds?: number;
}

export interface AuthStandIn {
  /** The SUPABASE_URL (without /auth/v1). */
  url: string;
  jwksUrl: string;
  stats(): { passwordGrants: number; refreshGrants: number; logouts: number };
  close(): Promise<void>;
}

interface Session {
  userId: string;
  refreshToken: string;
}

const MAX_BODY = 16 * 1024;
const API_VERSION_HEADER = "x-supabase-api-version";
const API_VERSION = "2024-01-01";

function randomToken(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString("base64url");
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error("too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text || "{}");
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

export async function startAuthStandIn(options: AuthStandInOptions): Promise<AuthStandIn> {
  const ttl = options.accessTtlSeconds ?? 3600;
  const kid = `standin-${randomToken().slice(0, 8)}`;
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" };
  const sessions = new Map<string, Session>();
  const byRefresh = new Map<string, string>();
  const counts = { passwordGrants: 0, refreshGrants: 0, logouts: 0 };
  let baseUrl = "";

  const userJson = (user: StandInUser) => ({
    id: user.id,
    aud: "authenticated",
    role: "authenticated",
    email: user.email,
    email_confirmed_at: "2026-01-01T00:00:00Z",
    phone: "",
    app_metadata: { provider: "email", providers: ["email"] },
    user_metadata: {},
    identities: [],
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    is_anonymous: false,
  });

  async function issue(user: StandInUser, sessionId: string, key: CryptoKey) {
    const now = Math.floor(Date.now() / 1000);
    const accessToken = await new SignJWT({
      email: user.email,
      role: "authenticated",
      aal: "aal1",
      amr: [{ method: "password", timestamp: now }],
      session_id: sessionId,
      is_anonymous: false,
      app_metadata: { provider: "email", providers: ["email"] },
      user_metadata: {},
    })
      .setProtectedHeader({ alg: "ES256", kid, typ: "JWT" })
      .setSubject(user.id)
      .setIssuer(`${baseUrl}/auth/v1`)
      .setAudience("authenticated")
      .setIssuedAt(now)
      .setExpirationTime(now + ttl)
      .sign(key);
    const session = sessions.get(sessionId);
    const refreshToken = randomToken();
    if (session) {
      session.refreshToken = refreshToken;
      byRefresh.set(refreshToken, sessionId);
    }
    return {
      access_token: accessToken,
      token_type: "bearer",
      expires_in: ttl,
      expires_at: now + ttl,
      refresh_token: refreshToken,
      user: userJson(user),
    };
  }

  function send(res: ServerResponse, status: number, body?: unknown): void {
    if (body === undefined) {
      res.writeHead(status);
      res.end();
      return;
    }
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }

  /**
   * Auth's error body. auth-js sends `X-Supabase-Api-Version: 2024-01-01`; Auth then answers that
   * header and a string `code` (auth-js reads the error code from it), otherwise the legacy body
   * (numeric `code`, `error_code`, `msg`). Both keep the OAuth fields (`error: invalid_grant`).
   */
  function fail(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    error: string,
    errorCode: string,
    msg: string,
  ) {
    const oauth = { error, error_description: msg };
    if (versioned(req)) {
      send(res, status, { code: errorCode, message: msg, ...oauth });
      return;
    }
    send(res, status, { code: status, error_code: errorCode, msg, ...oauth });
  }

  function versioned(req: IncomingMessage): boolean {
    const asked = req.headers[API_VERSION_HEADER];
    return typeof asked === "string" && /^\d{4}-\d{2}-\d{2}$/.test(asked) && asked >= API_VERSION;
  }

  /** The caller's session, or why not — as Auth tells them apart (auth-js acts on the codes). */
  async function verifyBearer(
    req: IncomingMessage,
  ): Promise<Session | { status: number; code: string; msg: string }> {
    const header = req.headers.authorization ?? "";
    const token = header.startsWith("Bearer ") ? header.slice(7) : "";
    if (!token) {
      return {
        status: 401,
        code: "no_authorization",
        msg: "This endpoint requires a valid Bearer token",
      };
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, publicKey, { issuer: `${baseUrl}/auth/v1` }));
    } catch {
      return {
        status: 403,
        code: "bad_jwt",
        msg: "invalid JWT: unable to parse or verify signature",
      };
    }
    const session = sessions.get(String(payload.session_id));
    if (!session || session.userId !== payload.sub) {
      // A signed-out (or reuse-ended) session: auth-js turns this into AuthSessionMissingError.
      return {
        status: 403,
        code: "session_not_found",
        msg: "Session from session_id claim in JWT does not exist",
      };
    }
    return session;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://standin");
    // The console runs on another origin (the API's): answer CORS as Supabase Auth does.
    res.setHeader("access-control-allow-origin", req.headers.origin ?? "*");
    res.setHeader("vary", "Origin");
    // auth-js reads the API version from answers; a browser shows it only when exposed.
    res.setHeader("access-control-expose-headers", "X-Supabase-Api-Version, X-Total-Count, Link");
    if (versioned(req)) res.setHeader(API_VERSION_HEADER, API_VERSION);
    if (req.method === "OPTIONS") {
      res.setHeader("access-control-allow-methods", "GET, POST, PUT, DELETE, OPTIONS");
      res.setHeader(
        "access-control-allow-headers",
        req.headers["access-control-request-headers"] ?? "authorization, apikey, content-type",
      );
      res.setHeader("access-control-max-age", "600");
      send(res, 204);
      return;
    }
    const path = url.pathname;
    if (req.method === "GET" && path === "/auth/v1/.well-known/jwks.json") {
      send(res, 200, { keys: [publicJwk] });
      return;
    }
    if (req.method === "GET" && path === "/auth/v1/health") {
      send(res, 200, { name: "auth-standin", description: "Supabase Auth stand-in" });
      return;
    }
    if (req.method === "POST" && path === "/auth/v1/token") {
      const body = parseJson(await readBody(req));
      const grant = url.searchParams.get("grant_type");
      if (grant === "password") {
        const email = typeof body.email === "string" ? body.email.trim().toLowerCase() : "";
        const user = options.users.find((candidate) => candidate.email === email);
        if (!user || typeof body.password !== "string" || body.password !== user.password) {
          fail(req, res, 400, "invalid_grant", "invalid_credentials", "Invalid login credentials");
          return;
        }
        counts.passwordGrants += 1;
        const sessionId = crypto.randomUUID();
        sessions.set(sessionId, { userId: user.id, refreshToken: "" });
        send(res, 200, await issue(user, sessionId, privateKey));
        return;
      }
      if (grant === "refresh_token") {
        const token = typeof body.refresh_token === "string" ? body.refresh_token : "";
        const sessionId = byRefresh.get(token);
        const session = sessionId ? sessions.get(sessionId) : undefined;
        const user = session && options.users.find((u) => u.id === session.userId);
        if (!sessionId || !session || !user) {
          fail(
            req,
            res,
            400,
            "invalid_grant",
            "refresh_token_not_found",
            "Invalid Refresh Token: Refresh Token Not Found",
          );
          return;
        }
        if (session.refreshToken !== token) {
          // A spent refresh token presented again: the session is taken to be stolen.
          sessions.delete(sessionId);
          fail(
            req,
            res,
            400,
            "invalid_grant",
            "refresh_token_already_used",
            "Invalid Refresh Token: Already Used",
          );
          return;
        }
        counts.refreshGrants += 1;
        send(res, 200, await issue(user, sessionId, privateKey));
        return;
      }
      fail(req, res, 400, "unsupported_grant_type", "validation_failed", "Unsupported grant type");
      return;
    }
    if (req.method === "GET" && path === "/auth/v1/user") {
      const session = await verifyBearer(req);
      if (!("userId" in session)) {
        fail(req, res, session.status, "invalid_token", session.code, session.msg);
        return;
      }
      const user = options.users.find((u) => u.id === session.userId);
      if (!user) {
        fail(
          req,
          res,
          404,
          "not_found",
          "user_not_found",
          "User from sub claim in JWT does not exist",
        );
        return;
      }
      send(res, 200, userJson(user));
      return;
    }
    if (req.method === "POST" && path === "/auth/v1/logout") {
      const session = await verifyBearer(req);
      if (!("userId" in session)) {
        fail(req, res, session.status, "invalid_token", session.code, session.msg);
        return;
      }
      counts.logouts += 1;
      const scope = url.searchParams.get("scope") ?? "global";
      for (const [id, other] of sessions) {
        const same = other === session;
        const ends =
          scope === "local"
            ? same
            : scope === "others"
              ? !same && other.userId === session.userId
              : other.userId === session.userId;
        if (ends) sessions.delete(id);
      }
      send(res, 204);
      return;
    }
    fail(req, res, 404, "not_found", "not_found", "Not supported by the local Auth stand-in");
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent)
        fail(req, res, 400, "invalid_request", "validation_failed", "Bad request");
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  return {
    url: baseUrl,
    jwksUrl: `${baseUrl}/auth/v1/.well-known/jwks.json`,
    stats: () => ({ ...counts }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
