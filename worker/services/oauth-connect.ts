// Connecting an OAuth 2.0 credential with the authorization-code flow (SPEC §10,
// docs/SECURITY.md "OAuth 2.0"): the authorize step (PKCE S256, a signed single-use state whose
// server half is an oauth_states row) and the callback (state consumed atomically, code
// exchanged, tokens sealed with the token write protocol, audit row). The callback runs as
// service_role: no user is present, the state proves who started the flow.
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
  serializeOAuthSecrets,
} from "../../engine/oauth-config.ts";
import { getCredential } from "../db/credentials.ts";
import {
  consumeOAuthState,
  insertOAuthState,
  memberRole,
  readSealedCredential,
  recordConnect,
  type SealedOAuthRow,
  storeConnectedTokens,
} from "../db/oauth-states.ts";
import type { Database, Tx } from "../db/client.ts";
import type { Config } from "../env.ts";
import { Conflict, InvalidDefinition, NotFound } from "../lib/errors.ts";
import { getKeyring } from "../lib/keyring.ts";
import { log } from "../lib/log.ts";
import {
  bindingDigest,
  currentKeyVersion,
  STATE_TTL_SECONDS,
  verifyState,
} from "../lib/oauth-state.ts";
import { signState } from "../lib/oauth-state.ts";
import { ExchangeFailed, exchangeCode, safeReason } from "./oauth-exchange.ts";
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
function verifierRef(workspaceId: string, stateId: string) {
  return {
    workspaceId,
    name: `oauth_state:${stateId}`,
    allowedHosts: [],
    placements: [],
    queryParam: null,
  };
}

/** Opens a stored OAuth credential: its configuration and sealed secrets; null if it is not one. */
async function openOAuth(keyring: Keyring, workspaceId: string, row: SealedOAuthRow) {
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

function digestParts(row: SealedOAuthRow, config: OAuthConfig, clientSecret: string): unknown[] {
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

export type CallbackOutcome =
  | { kind: "bad_state" }
  | {
      kind: "finished";
      returnTo: string | null;
      credential: string;
      status: "connected" | "error";
      reason: string | null;
    };

/**
 * Finishes a flow from the callback's query. A state that does not verify, or whose row is
 * unknown, used or expired, is `bad_state` and changes nothing; past that the state is spent
 * and the outcome is `connected` or `error` with a safe reason code.
 */
export async function finishAuthorization(
  db: Database,
  config: Config,
  query: URLSearchParams,
  requestId: string,
): Promise<CallbackOutcome> {
  const states = query.getAll("state");
  const claims = states.length === 1 ? await verifyState(config, states[0] ?? "") : null;
  if (!claims) return { kind: "bad_state" };
  const consumed = await db.asService((tx) => consumeOAuthState(tx, claims));
  if (!consumed) return { kind: "bad_state" };
  const keyring = getKeyring(config);
  const row = await db.asService((tx) =>
    readSealedCredential(tx, claims.workspaceId, { id: claims.credentialId }),
  );
  const finished = (status: "connected" | "error", reason: string | null = null) => ({
    kind: "finished" as const,
    returnTo: consumed.returnTo,
    credential: row?.name ?? "",
    status,
    reason,
  });
  const fail = (reason: string) => {
    log("warn", "oauth connect failed", { requestId, reason });
    return finished("error", reason);
  };

  const providerError = query.getAll("error");
  if (providerError.length > 0) return fail(safeReason(providerError[0], "authorization_failed"));
  const codes = query.getAll("code");
  if (codes.length !== 1 || !codes[0]) return fail("invalid_request");
  if (!row) return fail("credential_changed");

  const check = async (current: SealedOAuthRow) => {
    const opened = await openOAuth(keyring, claims.workspaceId, current).catch(() => null);
    if (!opened) return null;
    const digest = await bindingDigest(
      config,
      consumed.keyVersion,
      digestParts(current, opened.config, opened.secrets.clientSecret),
    );
    return digest === consumed.binding ? opened : null;
  };
  const opened = await check(row);
  if (!opened) return fail("credential_changed");
  const role = await db.asService((tx) => memberRole(tx, claims.workspaceId, claims.userId));
  if (role !== "owner" && role !== "admin") return fail("forbidden");

  const verifier = await decryptCredential(
    keyring,
    { ...verifierRef(claims.workspaceId, claims.stateId), keyVersion: consumed.keyVersion },
    consumed.sealedVerifier,
  );
  let tokens: Awaited<ReturnType<typeof exchangeCode>>;
  try {
    tokens = await exchangeCode({
      config: opened.config,
      clientSecret: opened.secrets.clientSecret,
      code: codes[0],
      codeVerifier: verifier,
      redirectUri: consumed.redirectUri,
      policy: config.outbound,
    });
  } catch (error) {
    if (error instanceof ExchangeFailed) return fail(error.reason);
    throw error;
  }
  const scopes =
    tokens.grantedScope === null
      ? opened.config.scopes
      : tokens.grantedScope.split(/[\s,]+/).filter((s) => s.length > 0);
  const expiresAt =
    tokens.expiresInSeconds === null ? null : new Date(Date.now() + tokens.expiresInSeconds * 1000);

  // A refresh by a runner between our read and write moves token_version: read again and retry,
  // as long as the credential still digests the same.
  let current: SealedOAuthRow | null = row;
  for (let attempt = 0; attempt < 3 && current; attempt++) {
    const stored = await storeTokens(
      db,
      keyring,
      claims,
      current,
      opened.config,
      {
        clientSecret: opened.secrets.clientSecret,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
      },
      { expiresAt, scopes },
    );
    if (stored) return finished("connected");
    current = await db.asService((tx) =>
      readSealedCredential(tx, claims.workspaceId, { id: claims.credentialId }),
    );
    if (current && !(await check(current))) return fail("credential_changed");
  }
  return fail("credential_changed");
}

async function storeTokens(
  db: Database,
  keyring: Keyring,
  claims: { workspaceId: string; userId: string },
  row: SealedOAuthRow,
  config: OAuthConfig,
  secrets: Parameters<typeof serializeOAuthSecrets>[0],
  meta: { expiresAt: Date | null; scopes: string[] },
): Promise<boolean> {
  const sealed = await encryptCredential(
    keyring,
    {
      workspaceId: claims.workspaceId,
      name: row.name,
      allowedHosts: row.allowedHosts,
      placements: row.placements,
      queryParam: row.queryParam,
      oauth: config,
    },
    serializeOAuthSecrets(secrets),
  );
  return db.asService(async (tx: Tx) => {
    const ok = await storeConnectedTokens(tx, {
      id: row.id,
      tokenVersion: row.tokenVersion,
      ciphertext: sealed.ciphertext,
      keyVersion: sealed.keyVersion,
      ...meta,
    });
    if (ok) {
      await recordConnect(tx, {
        workspaceId: claims.workspaceId,
        name: row.name,
        userId: claims.userId,
        config,
        scopes: meta.scopes,
      });
    }
    return ok;
  });
}
