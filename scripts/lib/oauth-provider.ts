// The demo target's OAuth 2.0 provider (SPEC §10), so OAuth credentials work offline: an
// authorization endpoint that approves at once, a token endpoint for the authorization_code (with
// PKCE S256), refresh_token and client_credentials grants, access tokens that live `accessTtlSeconds`
// (120 by default), and refresh tokens that rotate on every use. A refresh token used a second time
// is taken as stolen (RFC 9700 §4.14.2): the whole grant is revoked and both answers are
// `invalid_grant`, as the strictest vendors do. `POST /oauth/revoke` revokes a grant by one of its
// tokens (RFC 7009), or every grant with `all=1`; with `token_type_hint=access_token` only access
// tokens (that one, or all with `all=1`), the refresh tokens stay valid. `GET /oauth/stats` counts what was asked.
import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** The seeded OAuth client of the demo provider (printed by `npm run dev`; local use only). */
export const DEMO_OAUTH_CLIENT = {
  clientId: "demo-connectors-client",
  clientSecret: "demo-oauth-client-secret-5d21b8e4",
} as const;

export type OAuthProviderOptions = {
  clients?: readonly { clientId: string; clientSecret: string }[];
  accessTtlSeconds?: number;
  /** Delays every token response (widens race windows in tests). */
  tokenDelayMs?: number;
  /** The `token_type` answered (default `Bearer`; Slack answers `bot` for a bot token). */
  tokenType?: string;
  /** The `expires_in` answered instead of the real lifetime (vendors send fractions, absurd values). */
  reportedExpiresIn?: number;
  /** Whether refresh tokens rotate on use (default true). */
  rotateRefreshTokens?: boolean;
};

type Grant = {
  id: number;
  clientId: string;
  scopes: string[];
  revoked: boolean;
  /** The refresh token currently valid for this grant (rotation replaces it). */
  refreshToken: string | null;
  usedRefreshTokens: Set<string>;
};

type Code = {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scopes: string[];
  expiresAt: number;
};

export type OAuthProviderStats = {
  authorizations: number;
  codeExchanges: number;
  refreshes: number;
  clientCredentials: number;
  invalidGrants: number;
  reusedRefreshTokens: number;
};

const token = (prefix: string) => `${prefix}_${randomBytes(18).toString("base64url")}`;

export class OAuthProvider {
  /** How each token request authenticated the client, in order (tests check the method used). */
  readonly clientAuthMethods: ("client_secret_basic" | "client_secret_post")[] = [];
  readonly stats: OAuthProviderStats = {
    authorizations: 0,
    codeExchanges: 0,
    refreshes: 0,
    clientCredentials: 0,
    invalidGrants: 0,
    reusedRefreshTokens: 0,
  };
  /** Whether a code exchange issues a refresh token (Google does not on a repeated consent). */
  refreshTokensOnCode = true;
  private readonly clients: Map<string, string>;
  private readonly ttl: number;
  private readonly delay: number;
  private readonly tokenType: string;
  private readonly reportedExpiresIn: number | undefined;
  private readonly rotate: boolean;
  private readonly codes = new Map<string, Code>();
  private readonly grants: Grant[] = [];
  private readonly accessTokens = new Map<string, { grant: Grant; expiresAt: number }>();
  private readonly refreshIndex = new Map<string, Grant>();

  constructor(options: OAuthProviderOptions = {}) {
    const clients = options.clients ?? [DEMO_OAUTH_CLIENT];
    this.clients = new Map(clients.map((c) => [c.clientId, c.clientSecret]));
    this.ttl = options.accessTtlSeconds ?? 120;
    this.delay = options.tokenDelayMs ?? 0;
    this.tokenType = options.tokenType ?? "Bearer";
    this.reportedExpiresIn = options.reportedExpiresIn;
    this.rotate = options.rotateRefreshTokens ?? true;
  }

  /** Whether `bearer` is a live access token of a grant that was not revoked. */
  validAccessToken(bearer: string): boolean {
    const entry = this.accessTokens.get(bearer);
    return !!entry && !entry.grant.revoked && entry.expiresAt > Date.now();
  }

  /** Answers `/oauth/*`; returns false for any other path. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (!url.pathname.startsWith("/oauth/")) return false;
    if (req.method === "GET" && url.pathname === "/oauth/authorize") {
      this.authorize(res, url);
    } else if (req.method === "POST" && url.pathname === "/oauth/token") {
      const form = await readForm(req);
      if (this.delay > 0) await new Promise((resolve) => setTimeout(resolve, this.delay));
      this.token(req, res, form);
    } else if (req.method === "POST" && url.pathname === "/oauth/revoke") {
      const form = await readForm(req);
      this.revoke(form);
      json(res, 200, {});
    } else if (req.method === "GET" && url.pathname === "/oauth/stats") {
      json(res, 200, this.stats);
    } else {
      json(res, 404, { error: "not_found" });
    }
    return true;
  }

  private authorize(res: ServerResponse, url: URL) {
    const q = url.searchParams;
    const clientId = q.get("client_id") ?? "";
    const redirectUri = q.get("redirect_uri") ?? "";
    if (!this.clients.has(clientId) || !/^https?:\/\//.test(redirectUri)) {
      // Never redirect to an unverified URI: answer the browser directly.
      return json(res, 400, { error: "invalid_request", error_description: "unknown client" });
    }
    const back = new URL(redirectUri);
    const state = q.get("state");
    if (state !== null) back.searchParams.set("state", state);
    const challenge = q.get("code_challenge") ?? "";
    if (
      q.get("response_type") !== "code" ||
      q.get("code_challenge_method") !== "S256" ||
      !challenge
    ) {
      back.searchParams.set("error", "invalid_request");
      back.searchParams.set("error_description", "response_type=code and PKCE S256 are required");
      return redirect(res, back);
    }
    // A test's stand-in for a user who declines: `demo_error=<code>` (sent as an extra
    // authorize parameter) answers with that OAuth error instead of a code.
    const refusal = q.get("demo_error");
    if (refusal) {
      back.searchParams.set("error", refusal);
      back.searchParams.set("error_description", "the demo user declined");
      return redirect(res, back);
    }
    const code = token("code");
    this.codes.set(code, {
      clientId,
      redirectUri,
      challenge,
      scopes: (q.get("scope") ?? "").split(" ").filter(Boolean),
      expiresAt: Date.now() + 60_000,
    });
    this.stats.authorizations++;
    back.searchParams.set("code", code);
    redirect(res, back);
  }

  private token(req: IncomingMessage, res: ServerResponse, form: URLSearchParams) {
    const client = this.authenticate(req, form);
    if (!client) {
      res.setHeader("www-authenticate", 'Basic realm="demo"');
      return json(res, 401, { error: "invalid_client" });
    }
    const grantType = form.get("grant_type");
    if (grantType === "authorization_code") return this.exchangeCode(res, client, form);
    if (grantType === "refresh_token") return this.refresh(res, client, form);
    if (grantType === "client_credentials") {
      this.stats.clientCredentials++;
      const grant = this.newGrant(client, (form.get("scope") ?? "").split(" ").filter(Boolean));
      return this.issue(res, grant, false);
    }
    return json(res, 400, { error: "unsupported_grant_type" });
  }

  private exchangeCode(res: ServerResponse, clientId: string, form: URLSearchParams) {
    const code = this.codes.get(form.get("code") ?? "");
    this.codes.delete(form.get("code") ?? "");
    const verifier = form.get("code_verifier") ?? "";
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    if (
      !code ||
      code.clientId !== clientId ||
      code.expiresAt < Date.now() ||
      code.redirectUri !== form.get("redirect_uri") ||
      code.challenge !== challenge
    ) {
      return this.invalidGrant(
        res,
        "the code is unknown, used, expired or was not issued for this",
      );
    }
    this.stats.codeExchanges++;
    this.issue(res, this.newGrant(clientId, code.scopes), this.refreshTokensOnCode);
  }

  private refresh(res: ServerResponse, clientId: string, form: URLSearchParams) {
    const presented = form.get("refresh_token") ?? "";
    const grant = this.refreshIndex.get(presented);
    if (!grant || grant.clientId !== clientId || grant.revoked) {
      return this.invalidGrant(res, "the refresh token is unknown or revoked");
    }
    if (grant.refreshToken !== presented) {
      // A rotated-away token came back: someone holds a copy. Revoke the whole grant.
      this.stats.reusedRefreshTokens++;
      grant.revoked = true;
      return this.invalidGrant(res, "the refresh token was already used; the grant is revoked");
    }
    this.stats.refreshes++;
    this.issue(res, grant, this.rotate);
  }

  private invalidGrant(res: ServerResponse, description: string) {
    this.stats.invalidGrants++;
    json(res, 400, { error: "invalid_grant", error_description: description });
  }

  private newGrant(clientId: string, scopes: string[]): Grant {
    const grant: Grant = {
      id: this.grants.length + 1,
      clientId,
      scopes,
      revoked: false,
      refreshToken: null,
      usedRefreshTokens: new Set(),
    };
    this.grants.push(grant);
    return grant;
  }

  private issue(res: ServerResponse, grant: Grant, newRefreshToken: boolean): void {
    const access = token("at");
    this.accessTokens.set(access, { grant, expiresAt: Date.now() + this.ttl * 1000 });
    if (newRefreshToken) {
      if (grant.refreshToken) grant.usedRefreshTokens.add(grant.refreshToken);
      grant.refreshToken = token("rt");
      this.refreshIndex.set(grant.refreshToken, grant);
    }
    json(res, 200, {
      access_token: access,
      token_type: this.tokenType,
      expires_in: this.reportedExpiresIn ?? this.ttl,
      ...(grant.refreshToken ? { refresh_token: grant.refreshToken } : {}),
      scope: grant.scopes.join(" "),
    });
  }

  private revoke(form: URLSearchParams): void {
    // `token_type_hint=access_token` revokes access tokens only (one, or all with all=1); the
    // grants and their refresh tokens stay valid, as when a vendor expires tokens early.
    if (form.get("token_type_hint") === "access_token") {
      if (form.get("all") === "1") this.accessTokens.clear();
      else this.accessTokens.delete(form.get("token") ?? "");
      return;
    }
    if (form.get("all") === "1") {
      for (const grant of this.grants) grant.revoked = true;
      return;
    }
    const presented = form.get("token") ?? "";
    const grant = this.refreshIndex.get(presented) ?? this.accessTokens.get(presented)?.grant;
    if (grant) grant.revoked = true;
  }

  /** The client id the request proves (HTTP Basic or the form's client_secret), or null. */
  private authenticate(req: IncomingMessage, form: URLSearchParams): string | null {
    const header = req.headers.authorization ?? "";
    let id = form.get("client_id");
    let secret = form.get("client_secret");
    if (header.startsWith("Basic ")) {
      const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      // RFC 6749 §2.3.1: both parts are form-urlencoded before the Basic encoding.
      id = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, " "));
      secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, " "));
    }
    if (!id || !secret || this.clients.get(id) !== secret) return null;
    this.clientAuthMethods.push(
      header.startsWith("Basic ") ? "client_secret_basic" : "client_secret_post",
    );
    return id;
  }
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > 64 * 1024) break;
      chunks.push(chunk as Buffer);
    }
  } catch {
    // The caller hung up mid-body: what arrived is read as the form (and refused as incomplete).
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

function redirect(res: ServerResponse, location: URL): void {
  res.writeHead(302, { location: location.toString(), "content-length": 0 });
  res.end();
}
