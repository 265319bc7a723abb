// An OAuth 2.0 credential's public configuration (SPEC §10) and its sealed secrets. The
// configuration is stored in clear (`oauth_config`) and bound into the ciphertext's AAD
// (crypto.ts), because it decides where the client secret and the refresh token go: a row whose
// `tokenUrl` was edited at the database no longer decrypts. The secrets — client secret, access
// token, refresh token — are one sealed JSON document, replaced whole on every token change.
import { z } from "zod";

export const OAUTH_GRANT_TYPES = ["authorization_code", "client_credentials"] as const;
export const TOKEN_AUTH_METHODS = ["client_secret_basic", "client_secret_post"] as const;
export const OAUTH_STATUSES = ["pending", "connected", "needs_reauth"] as const;
/** How `scopes` are joined in the authorize URL and token requests (Slack v2 uses commas). */
export const SCOPE_SEPARATORS = [" ", ","] as const;

export type OAuthGrantType = (typeof OAUTH_GRANT_TYPES)[number];
export type TokenAuthMethod = (typeof TOKEN_AUTH_METHODS)[number];
export type OAuthStatus = (typeof OAUTH_STATUSES)[number];

/** What an OAuth 2.0 credential is bound to besides its hosts (all of it public). */
export type OAuthConfig = {
  grantType: OAuthGrantType;
  authorizeUrl: string | null;
  tokenUrl: string;
  clientId: string;
  scopes: string[];
  scopeSeparator: (typeof SCOPE_SEPARATORS)[number];
  extraAuthorizeParams: Record<string, string>;
  tokenAuthMethod: TokenAuthMethod;
};

/** The sealed part of an OAuth 2.0 credential. Tokens are null until the first grant. */
export type OAuthSecrets = {
  clientSecret: string;
  accessToken: string | null;
  refreshToken: string | null;
};

const OAuthConfigSchema = z.strictObject({
  grantType: z.enum(OAUTH_GRANT_TYPES),
  authorizeUrl: z.string().nullable(),
  tokenUrl: z.string(),
  clientId: z.string(),
  scopes: z.array(z.string()),
  scopeSeparator: z.enum(SCOPE_SEPARATORS),
  extraAuthorizeParams: z.record(z.string(), z.string()),
  tokenAuthMethod: z.enum(TOKEN_AUTH_METHODS),
});

const OAuthSecretsSchema = z.strictObject({
  clientSecret: z.string(),
  accessToken: z.string().nullable(),
  refreshToken: z.string().nullable(),
});

/** Reads a stored `oauth_config` (null for other credentials); throws on a malformed one. */
export function parseOAuthConfig(value: unknown): OAuthConfig | null {
  if (value === null || value === undefined) return null;
  return OAuthConfigSchema.parse(value);
}

/** The configuration as bound into the AAD: fixed key order, sorted extra parameters. */
export function canonicalOAuthConfig(config: OAuthConfig): unknown[] {
  const extra = Object.keys(config.extraAuthorizeParams)
    .sort()
    .map((key) => [key, config.extraAuthorizeParams[key]]);
  return [
    config.grantType,
    config.authorizeUrl,
    config.tokenUrl,
    config.clientId,
    [...config.scopes],
    config.scopeSeparator,
    extra,
    config.tokenAuthMethod,
  ];
}

export function serializeOAuthSecrets(secrets: OAuthSecrets): string {
  return JSON.stringify({
    clientSecret: secrets.clientSecret,
    accessToken: secrets.accessToken,
    refreshToken: secrets.refreshToken,
  });
}

/** Reads a decrypted OAuth credential value; throws on anything but the sealed document. */
export function parseOAuthSecrets(plaintext: string): OAuthSecrets {
  return OAuthSecretsSchema.parse(JSON.parse(plaintext));
}
