// The signed `state` of an OAuth 2.0 authorization-code flow (SPEC §10, docs/SECURITY.md): an
// HS256 JWT naming its oauth_states row (`jti`), workspace, credential and user, valid for 10
// minutes. Its key is derived (HKDF-SHA256) from the credentials keyring's newest key; `kid`
// names the key version, so a state signed before a key rotation verifies while that version is
// still listed. The same derivation, under another label, keys the digest that tells whether a
// credential was replaced while its flow was in progress.
import { errors, jwtVerify, SignJWT } from "jose";
import type { Config } from "../env.ts";
import { UUID } from "./ids.ts";
import { getKeyring } from "./keyring.ts";

export const STATE_TTL_SECONDS = 600;
const ISSUER = "connectors/oauth-state";
const STATE_LABEL = "connectors.oauth-state.v1";
const BINDING_LABEL = "connectors.oauth-binding.v1";
const MAX_STATE_LENGTH = 2048;

export type StateClaims = {
  stateId: string;
  workspaceId: string;
  credentialId: string;
  userId: string;
};

const derived = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();

/** The raw key of one keyring version (the keyring itself keeps its keys non-extractable). */
function rawKey(spec: string, version: number): Uint8Array<ArrayBuffer> | null {
  for (const entry of spec.split(",")) {
    const separator = entry.indexOf(":");
    if (separator === -1 || Number(entry.slice(0, separator).trim()) !== version) continue;
    const text = entry
      .slice(separator + 1)
      .trim()
      .replace(/-/g, "+")
      .replace(/_/g, "/");
    const binary = atob(text + "=".repeat((4 - (text.length % 4)) % 4));
    return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  }
  return null;
}

async function derive(
  config: Config,
  version: number,
  label: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const spec = config.credentialsKeys ?? "";
  const cacheKey = `${label}\u0000${version}\u0000${spec}`;
  let key = derived.get(cacheKey);
  if (!key) {
    key = (async () => {
      const raw = rawKey(spec, version);
      if (!raw) throw new StateKeyMissing();
      const base = await crypto.subtle.importKey("raw", raw, "HKDF", false, ["deriveBits"]);
      const bits = await crypto.subtle.deriveBits(
        {
          name: "HKDF",
          hash: "SHA-256",
          salt: new Uint8Array(32),
          info: new TextEncoder().encode(label),
        },
        base,
        256,
      );
      return new Uint8Array(bits);
    })();
    if (derived.size > 16) derived.clear();
    derived.set(cacheKey, key);
  }
  return key;
}

class StateKeyMissing extends Error {}

/** The key version new states and digests use (throws the API's 500 when unconfigured). */
export function currentKeyVersion(config: Config): number {
  return getKeyring(config).currentVersion;
}

export async function signState(
  config: Config,
  version: number,
  claims: StateClaims,
): Promise<string> {
  const key = await derive(config, version, STATE_LABEL);
  return new SignJWT({ ws: claims.workspaceId, cred: claims.credentialId })
    .setProtectedHeader({ alg: "HS256", kid: String(version) })
    .setIssuer(ISSUER)
    .setSubject(claims.userId)
    .setJti(claims.stateId)
    .setIssuedAt()
    .setExpirationTime(`${STATE_TTL_SECONDS}s`)
    .sign(key);
}

/** The state's claims when its signature, issuer and expiry hold; null for anything else. */
export async function verifyState(config: Config, state: string): Promise<StateClaims | null> {
  if (state.length === 0 || state.length > MAX_STATE_LENGTH) return null;
  try {
    const { payload } = await jwtVerify(
      state,
      async (header) => {
        const version = Number(header.kid);
        if (!Number.isInteger(version) || version <= 0) throw new StateKeyMissing();
        return derive(config, version, STATE_LABEL);
      },
      { algorithms: ["HS256"], issuer: ISSUER, requiredClaims: ["exp", "sub", "jti"] },
    );
    const claims = {
      stateId: payload.jti,
      workspaceId: payload.ws,
      credentialId: payload.cred,
      userId: payload.sub,
    };
    for (const value of Object.values(claims)) {
      if (typeof value !== "string" || !UUID.test(value)) return null;
    }
    return claims as StateClaims;
  } catch (error) {
    if (error instanceof errors.JOSEError || error instanceof StateKeyMissing) return null;
    if (error instanceof TypeError || error instanceof SyntaxError) return null;
    throw error;
  }
}

/**
 * A keyed digest of what a flow was started for (credential id, configuration, hosts, rules and
 * client secret): the callback connects the credential only if it still digests the same.
 */
export async function bindingDigest(
  config: Config,
  version: number,
  parts: unknown[],
): Promise<string> {
  const raw = await derive(config, version, BINDING_LABEL);
  const key = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const mac = await crypto.subtle.sign(
    "HMAC",
    key,
    new TextEncoder().encode(JSON.stringify(parts)),
  );
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
