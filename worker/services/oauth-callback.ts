// The callback half of connecting an OAuth 2.0 credential (SPEC §10, docs/SECURITY.md "OAuth
// 2.0 connections"): the state verified and consumed atomically, the credential and the user
// re-checked, the code exchanged, the tokens sealed with the token write protocol, an audit row.
// It runs as service_role: no user is present, the state proves who started the flow.
import { decryptCredential, encryptCredential, type Keyring } from "../../engine/crypto.ts";
import { type OAuthConfig, serializeOAuthSecrets } from "../../engine/oauth-config.ts";
import type { Database, Tx } from "../db/client.ts";
import {
  consumeOAuthState,
  memberRole,
  readSealedCredential,
  recordConnect,
  type SealedOAuthRow,
  storeConnectedTokens,
} from "../db/oauth-states.ts";
import type { Config } from "../env.ts";
import { getKeyring } from "../lib/keyring.ts";
import { log } from "../lib/log.ts";
import { bindingDigest, verifyState } from "../lib/oauth-state.ts";
import { digestParts, openOAuth, verifierRef } from "./oauth-connect.ts";
import { ExchangeFailed, exchangeCode, safeReason } from "./oauth-exchange.ts";

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

  // The key that sealed the verifier may have been retired within the state's ten minutes.
  const verifier = await decryptCredential(
    keyring,
    { ...verifierRef(claims.workspaceId, claims.stateId), keyVersion: consumed.keyVersion },
    consumed.sealedVerifier,
  ).catch(() => null);
  if (verifier === null) return fail("state_expired");
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
        // A vendor may answer a reconnect with no new refresh token (Google without
        // prompt=consent): the one already held stays valid, so it is kept.
        refreshToken: tokens.refreshToken ?? opened.secrets.refreshToken,
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
