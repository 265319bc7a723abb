// Starting to connect an OAuth 2.0 credential with the authorization-code flow (SPEC §10,
// docs/SECURITY.md "OAuth 2.0 connections"): PKCE S256 and a signed single-use state whose server
// half (the sealed verifier, redirect_uri, returnTo, a digest of the credential) is an
// oauth_states row. The callback half is oauth-callback.ts; the helpers both use live here.
import * as oauth from "oauth4webapi";
import {
  canonicalHosts,
  decryptCredential,
  encryptCredential,
  type Keyring,
} from "../../engine/crypto.ts";
import {
  canonicalOAuthConfig,
  type OAuthConfig,
  parseOAuthConfig,
  parseOAuthSecrets,
} from "../../engine/oauth-config.ts";
import { getCredential } from "../db/credentials.ts";
import { insertOAuthState, readSealedCredential, type SealedOAuthRow } from "../db/oauth-states.ts";
import type { Config } from "../env.ts";
import { Conflict, InvalidDefinition, NotFound } from "../lib/errors.ts";
import { getKeyring } from "../lib/keyring.ts";
import {
  bindingDigest,
  currentKeyVersion,
  STATE_TTL_SECONDS,
  signState,
} from "../lib/oauth-state.ts";
import { asCaller, type WorkspaceScope } from "./scope.ts";

export const CALLBACK_PATH = "/v1/oauth/callback";

/** `<PUBLIC_API_URL or the request's origin>/v1/oauth/callback`. */
export function apiOrigin(config: Config, requestUrl: string): string {
  return config.publicApiOrigin ?? new URL(requestUrl).origin;
}

/** A returnTo on an origin of CORS_ORIGINS or the API's own (the console); else 422. */
export function checkReturnTo(config: Config, origin: string, returnTo: string): string {
  let url: URL | null = null;
  try {
    url = new URL(returnTo);
  } catch {
    url = null;
  }
  const allowed = new Set([...config.corsOrigins, origin]);
  if (
    !url ||
    (url.protocol !== "https:" && url.protocol !== "http:") ||
    url.username !== "" ||
    url.password !== "" ||
    !allowed.has(url.origin)
  ) {
    throw new InvalidDefinition("returnTo is not allowed.", [
      {
        path: "returnTo",
        message: "must be an absolute URL on an origin of CORS_ORIGINS or the API's own origin",
      },
    ]);
  }
  url.hash = "";
  return url.toString();
}

/** Seals the PKCE verifier bound to its state row (a ciphertext of no use anywhere else). */
export function verifierRef(workspaceId: string, stateId: string) {
  return {
    workspaceId,
    name: `oauth_state:${stateId}`,
    allowedHosts: [],
    placements: [],
    queryParam: null,
  };
}

/** Opens a stored OAuth credential: its configuration and sealed secrets; null if it is not one. */
export async function openOAuth(keyring: Keyring, workspaceId: string, row: SealedOAuthRow) {
  const config = parseOAuthConfig(row.oauth);
  if (!config) return null;
  const plaintext = await decryptCredential(
    keyring,
    {
      workspaceId,
      name: row.name,
      keyVersion: row.keyVersion,
      allowedHosts: row.allowedHosts,
      placements: row.placements,
      queryParam: row.queryParam,
      oauth: config,
    },
    row.ciphertext,
  );
  return { config, secrets: parseOAuthSecrets(plaintext) };
}

export function digestParts(
  row: SealedOAuthRow,
  config: OAuthConfig,
  clientSecret: string,
): unknown[] {
  return [
    row.id,
    canonicalOAuthConfig(config),
    canonicalHosts(row.allowedHosts),
    [...row.placements].sort(),
    row.queryParam,
    clientSecret,
  ];
}

export async function startAuthorization(
  scope: WorkspaceScope,
  name: string,
  args: { returnTo: string | null; requestUrl: string },
): Promise<{ authorizeUrl: string }> {
  const workspaceId = scope.workspace.id;
  const meta = await asCaller(scope, (tx) => getCredential(tx, workspaceId, name));
  if (!meta) throw new NotFound("Credential not found.");
  if (meta.oauth?.grantType !== "authorization_code") {
    throw new Conflict(
      "Only an OAuth 2.0 credential with grantType authorization_code is connected this way.",
    );
  }
  const origin = apiOrigin(scope.config, args.requestUrl);
  const returnTo =
    args.returnTo === null ? null : checkReturnTo(scope.config, origin, args.returnTo);
  const keyring = getKeyring(scope.config);
  const version = currentKeyVersion(scope.config);
  const stateId = crypto.randomUUID();
  const verifier = oauth.generateRandomCodeVerifier();
  const redirectUri = `${origin}${CALLBACK_PATH}`;
  const config = await scope.db.asService(async (tx) => {
    const row = await readSealedCredential(tx, workspaceId, { id: meta.id });
    const opened = row ? await openOAuth(keyring, workspaceId, row).catch(() => null) : null;
    if (!row || !opened || opened.config.grantType !== "authorization_code") {
      throw new Conflict("The credential cannot be opened; store it again.");
    }
    const sealed = await encryptCredential(keyring, verifierRef(workspaceId, stateId), verifier);
    await insertOAuthState(tx, {
      id: stateId,
      workspaceId,
      credentialId: row.id,
      userId: scope.auth.userId,
      binding: await bindingDigest(
        scope.config,
        version,
        digestParts(row, opened.config, opened.secrets.clientSecret),
      ),
      sealedVerifier: sealed.ciphertext,
      keyVersion: sealed.keyVersion,
      redirectUri,
      returnTo,
      ttlSeconds: STATE_TTL_SECONDS,
    });
    return opened.config;
  });
  const state = await signState(scope.config, version, {
    stateId,
    workspaceId,
    credentialId: meta.id,
    userId: scope.auth.userId,
  });
  const url = new URL(config.authorizeUrl ?? "");
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", config.clientId);
  url.searchParams.set("redirect_uri", redirectUri);
  if (config.scopes.length > 0)
    url.searchParams.set("scope", config.scopes.join(config.scopeSeparator));
  url.searchParams.set("state", state);
  url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(verifier));
  url.searchParams.set("code_challenge_method", "S256");
  for (const [key, value] of Object.entries(config.extraAuthorizeParams)) {
    url.searchParams.set(key, value);
  }
  return { authorizeUrl: url.toString() };
}
