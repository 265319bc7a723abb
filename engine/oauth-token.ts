// The token endpoint client (SPEC §10): the refresh_token and client_credentials grants through
// oauth4webapi, runtime-neutral (Workers and Node). The request goes through the runner's fetch
// (in Node the DNS-pinning guard) after the same checks as every credential-bearing request: the
// outbound guard, and https unless the host is in OUTBOUND_ALLOW_HOSTS. Failures are classified:
// the vendor refusing the grant or the client (`invalid_grant`, `invalid_client`,
// `unauthorized_client`) means a person must act (`reauth`); anything else is `transient` (the
// step fails, the credential is left as it is). Messages never carry a token, the client secret
// or the vendor's body — only the OAuth error code and the status.
import * as oauth from "oauth4webapi";
import { StepError } from "./errors.ts";
import type { OAuthConfig } from "./oauth-config.ts";
import { refusedRefreshCode } from "./oauth-refusal.ts";
import { checkUrl, isAllowListed, type OutboundPolicy } from "./outbound.ts";
import { type FetchLike, readCapped } from "./send.ts";

export type TokenGrant =
  | { grantType: "refresh_token"; refreshToken: string }
  | { grantType: "client_credentials" };

export type IssuedToken = {
  accessToken: string;
  /** The rotated refresh token, or null when the vendor sent none (keep the old one). */
  refreshToken: string | null;
  /** Seconds the access token lives, when the vendor says. */
  expiresIn: number | null;
  /** Scopes as granted, when the vendor says. */
  scopes: string[] | null;
};

/** `reauth`: a person must connect again; `blocked`: the guard refused the token URL. */
export type TokenFailureKind = "reauth" | "transient" | "blocked";

/** A token request failed; `message` is safe to show (no token, secret or vendor body). */
export class TokenRequestError extends Error {
  readonly kind: TokenFailureKind;
  /** No answer came, but the request may have reached the vendor (and spent a refresh token). */
  readonly unanswered: boolean;
  constructor(kind: TokenFailureKind, message: string, unanswered = false) {
    super(message);
    this.name = "TokenRequestError";
    this.kind = kind;
    this.unanswered = unanswered;
  }
}

export type TokenClientDeps = {
  fetch: FetchLike;
  policy: OutboundPolicy;
  /** Aborts the token request (the step's deadline). */
  signal: AbortSignal;
};

/** A token response larger than this is refused (as the connect-side exchange does). */
export const TOKEN_RESPONSE_MAX_BYTES = 64 * 1024;

/**
 * Token types accepted besides `bearer` (and `dpop`): Slack's oauth.v2.access answers
 * `"token_type": "bot"` for a bot token (`user` for a user token), sent as a bearer token all
 * the same. Connecting and refreshing accept the same list.
 */
export const VENDOR_TOKEN_TYPES: oauth.RecognizedTokenTypes = { bot: () => {}, user: () => {} };

export const PROCESS_OPTIONS: oauth.ProcessTokenResponseOptions = {
  recognizedTokenTypes: VENDOR_TOKEN_TYPES,
};

// Codes after which repeating the same request cannot succeed (RFC 6749 §5.2).
const REAUTH_CODES = new Set(["invalid_grant", "invalid_client", "unauthorized_client"]);
const OAUTH_CODE = /^[\x20-\x21\x23-\x5b\x5d-\x7e]{1,64}$/;

/** Checks the token URL like every credential-bearing request; returns it parsed. */
export function checkTokenUrl(tokenUrl: string, policy: OutboundPolicy): URL {
  const guard = checkUrl(tokenUrl, policy);
  if (!guard.ok) {
    throw new TokenRequestError(
      "blocked",
      `the token URL was refused by the outbound guard: ${guard.reason}`,
    );
  }
  if (guard.url.protocol !== "https:" && !isAllowListed(policy, guard.url)) {
    throw new TokenRequestError(
      "blocked",
      `the token URL must use https (${guard.url.host} is not in OUTBOUND_ALLOW_HOSTS)`,
    );
  }
  return guard.url;
}

/** Asks `config.tokenUrl` for a new access token; throws TokenRequestError. */
export async function requestToken(
  config: OAuthConfig,
  clientSecret: string,
  grant: TokenGrant,
  deps: TokenClientDeps,
): Promise<IssuedToken> {
  const url = checkTokenUrl(config.tokenUrl, deps.policy);
  const as: oauth.AuthorizationServer = { issuer: url.origin, token_endpoint: url.href };
  const client: oauth.Client = { client_id: config.clientId };
  const auth =
    config.tokenAuthMethod === "client_secret_post"
      ? oauth.ClientSecretPost(clientSecret)
      : oauth.ClientSecretBasic(clientSecret);
  const options: oauth.TokenEndpointRequestOptions = {
    signal: deps.signal,
    [oauth.allowInsecureRequests]: url.protocol === "http:",
    [oauth.customFetch]: async (target, init) => {
      const headers = new Headers(init.headers);
      const body = init.body === undefined || init.body === null ? null : String(init.body);
      const answer = await capped(
        await deps.fetch(target, {
          method: init.method,
          headers,
          body,
          redirect: "manual",
          signal: deps.signal,
        }),
        deps.signal,
      );
      if (grant.grantType === "refresh_token") {
        const code = refusedRefreshCode(
          answer.status,
          new Uint8Array(await answer.clone().arrayBuffer()),
        );
        if (code) {
          throw new TokenRequestError(
            "reauth",
            `the token endpoint answered ${code} (HTTP ${answer.status})`,
          );
        }
      }
      return answer;
    },
  };
  let response: oauth.TokenEndpointResponse;
  try {
    if (grant.grantType === "refresh_token") {
      const answer = await oauth.refreshTokenGrantRequest(
        as,
        client,
        auth,
        grant.refreshToken,
        options,
      );
      response = await oauth.processRefreshTokenResponse(as, client, answer, PROCESS_OPTIONS);
    } else {
      const parameters: Record<string, string> = {};
      if (config.scopes.length > 0) parameters.scope = config.scopes.join(config.scopeSeparator);
      const answer = await oauth.clientCredentialsGrantRequest(
        as,
        client,
        auth,
        parameters,
        options,
      );
      response = await oauth.processClientCredentialsResponse(as, client, answer, PROCESS_OPTIONS);
    }
  } catch (error) {
    throw classify(error);
  }
  return {
    accessToken: response.access_token,
    refreshToken: typeof response.refresh_token === "string" ? response.refresh_token : null,
    expiresIn: typeof response.expires_in === "number" ? response.expires_in : null,
    scopes:
      typeof response.scope === "string" ? response.scope.split(/[ ,]+/).filter(Boolean) : null,
  };
}

/**
 * The answer read to at most TOKEN_RESPONSE_MAX_BYTES (decoded: a gzip bomb stops at the cap),
 * handed on as a new Response so the library never reads an unbounded body.
 */
async function capped(response: Response, signal: AbortSignal): Promise<Response> {
  const { body } = await readCapped(response, TOKEN_RESPONSE_MAX_BYTES, signal, false);
  const headers = new Headers(response.headers);
  headers.delete("content-encoding");
  headers.delete("content-length");
  const empty = response.status === 204 || response.status === 304;
  return new Response(empty ? null : new Uint8Array(body), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

/** Maps whatever the library or the fetch threw to a kind and a message without secrets. */
function classify(error: unknown): TokenRequestError {
  // Already classified (a vendor-specific refusal found in the answer).
  if (error instanceof TokenRequestError) return error;
  if (error instanceof oauth.ResponseBodyError) {
    const code = OAUTH_CODE.test(error.error) ? error.error : "an unknown error";
    const kind = REAUTH_CODES.has(error.error) ? "reauth" : "transient";
    return new TokenRequestError(
      kind,
      `the token endpoint answered ${code} (HTTP ${error.status})`,
    );
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    // A 401 with a challenge is the client authentication failing (invalid_client).
    const kind = error.status === 401 ? "reauth" : "transient";
    const what = error.status === 401 ? "invalid_client" : "a challenge";
    return new TokenRequestError(
      kind,
      `the token endpoint answered ${what} (HTTP ${error.status})`,
    );
  }
  if (error instanceof oauth.UnsupportedOperationError) {
    return new TokenRequestError(
      "transient",
      "the token endpoint's answer was not a usable token response (unsupported token type)",
    );
  }
  if (error instanceof oauth.OperationProcessingError) {
    const status = error.cause instanceof Response ? ` (HTTP ${error.cause.status})` : "";
    return new TokenRequestError(
      "transient",
      `the token endpoint's answer was not a usable token response${status}`,
    );
  }
  if (error instanceof StepError && error.kind === "response_too_large") {
    return new TokenRequestError(
      "transient",
      `the token endpoint's answer exceeds ${TOKEN_RESPONSE_MAX_BYTES} bytes`,
    );
  }
  if (
    error instanceof Error &&
    error.name === "StepError" &&
    error.message.startsWith("outbound")
  ) {
    return new TokenRequestError("blocked", `the token request was refused: ${error.message}`);
  }
  if (error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError")) {
    return new TokenRequestError("transient", "the token request timed out", true);
  }
  return new TokenRequestError("transient", "the token endpoint could not be reached");
}
