// The authorization-code exchange (SPEC §10) through oauth4webapi, with every token request
// routed through the outbound guard: the token URL is checked again at send time (the allow list
// may have narrowed since the credential was stored), redirects are never followed (the client
// secret and code go to tokenUrl only), the answer is read up to a cap and within a time limit.
import * as oauth from "oauth4webapi";
import type { OAuthConfig } from "../../engine/oauth-config.ts";
import { VENDOR_TOKEN_TYPES } from "../../engine/oauth-token.ts";
import { checkUrl, isAllowListed, type OutboundPolicy } from "../../engine/outbound.ts";

const TOKEN_TIMEOUT_MS = 10_000;
const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;
/** An OAuth error code as it may travel in a redirect (RFC 6749 §5.2 uses %x20-21 / %x23-5B …). */
const ERROR_CODE = /^[A-Za-z0-9_.-]{1,64}$/;

export type ExchangedTokens = {
  accessToken: string;
  refreshToken: string | null;
  expiresInSeconds: number | null;
  /** Scopes as granted (`scope` of the answer), or null when the vendor did not say. */
  grantedScope: string | null;
};

/** A failed exchange; `reason` is a safe OAuth error code, never the vendor's text. */
export class ExchangeFailed extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(`token exchange failed: ${reason}`);
    this.name = "ExchangeFailed";
    this.reason = reason;
  }
}

/** Reduces a vendor's error code to something safe to put in a URL; anything else is generic. */
export function safeReason(code: unknown, fallback: string): string {
  return typeof code === "string" && ERROR_CODE.test(code) ? code : fallback;
}

/** The outbound guard and the https rule for a token request (ExchangeFailed when refused). */
function guardTokenUrl(url: string, policy: OutboundPolicy): void {
  const checked = checkUrl(url, policy);
  if (!checked.ok) throw new ExchangeFailed("token_url_blocked");
  if (checked.url.protocol !== "https:" && !isAllowListed(policy, checked.url)) {
    throw new ExchangeFailed("token_url_blocked");
  }
}

function guardedFetch(policy: OutboundPolicy) {
  return async (url: string, init: oauth.CustomFetchOptions<"POST", URLSearchParams>) => {
    guardTokenUrl(url, policy);
    const response = await fetch(url, { ...init, redirect: "manual" });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      throw new ExchangeFailed("token_endpoint_redirected");
    }
    const body = await readCapped(response);
    return new Response(body, { status: response.status, headers: response.headers });
  };
}

async function readCapped(response: Response): Promise<Uint8Array<ArrayBuffer>> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_TOKEN_RESPONSE_BYTES) {
      await reader.cancel();
      throw new ExchangeFailed("token_response_too_large");
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * Exchanges `code` (already taken from a callback whose state we verified ourselves) for tokens
 * at `config.tokenUrl`, authenticating as the config says, with the PKCE verifier.
 */
export async function exchangeCode(args: {
  config: OAuthConfig;
  clientSecret: string;
  code: string;
  codeVerifier: string;
  redirectUri: string;
  policy: OutboundPolicy;
}): Promise<ExchangedTokens> {
  const { config, policy } = args;
  guardTokenUrl(config.tokenUrl, policy);
  const tokenUrl = new URL(config.tokenUrl);
  // No discovery: the credential's own endpoints are the authorization server's metadata.
  const as: oauth.AuthorizationServer = {
    issuer: tokenUrl.origin,
    token_endpoint: config.tokenUrl,
    ...(config.authorizeUrl ? { authorization_endpoint: config.authorizeUrl } : {}),
  };
  const client: oauth.Client = { client_id: config.clientId };
  const auth =
    config.tokenAuthMethod === "client_secret_post"
      ? oauth.ClientSecretPost(args.clientSecret)
      : oauth.ClientSecretBasic(args.clientSecret);
  // The state was checked (signed, single use) before we got here; the callback's `iss` is not
  // compared since no issuer identifier is configured for a credential (RFC 9207 is optional).
  const params = oauth.validateAuthResponse(
    as,
    client,
    new URLSearchParams({ code: args.code }),
    oauth.expectNoState,
  );
  try {
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      auth,
      params,
      args.redirectUri,
      args.codeVerifier,
      {
        [oauth.customFetch]: guardedFetch(policy),
        [oauth.allowInsecureRequests]: isAllowListed(policy, tokenUrl),
        signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
      },
    );
    const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
      recognizedTokenTypes: VENDOR_TOKEN_TYPES,
    });
    return {
      accessToken: result.access_token,
      refreshToken: typeof result.refresh_token === "string" ? result.refresh_token : null,
      expiresInSeconds: lifetimeSeconds(result.expires_in),
      grantedScope: typeof result.scope === "string" ? result.scope : null,
    };
  } catch (error) {
    if (error instanceof ExchangeFailed) throw error;
    if (error instanceof oauth.ResponseBodyError) {
      throw new ExchangeFailed(safeReason(error.error, "token_exchange_failed"));
    }
    if (error instanceof oauth.WWWAuthenticateChallengeError) {
      // A 401 with a challenge (client authentication failed): the body's OAuth error code.
      const body: unknown = await error.response.json().catch(() => null);
      const code =
        typeof body === "object" && body !== null ? (body as { error?: unknown }).error : null;
      throw new ExchangeFailed(safeReason(code, "invalid_client"));
    }
    if (error instanceof Error && error.name === "TimeoutError") {
      throw new ExchangeFailed("token_endpoint_timeout");
    }
    throw new ExchangeFailed("token_exchange_failed");
  }
}

/** At most ten years: a vendor's `expires_in` may be fractional or absurd, never stored as such. */
const MAX_LIFETIME_SECONDS = 10 * 365 * 24 * 3600;

/** A token's lifetime in whole seconds within [0, ten years], or null when the vendor gave none. */
export function lifetimeSeconds(expiresIn: unknown): number | null {
  if (typeof expiresIn !== "number" || !Number.isFinite(expiresIn)) return null;
  return Math.min(Math.max(Math.floor(expiresIn), 0), MAX_LIFETIME_SECONDS);
}
