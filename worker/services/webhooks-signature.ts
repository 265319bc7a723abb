// Webhook secrets and delivery signatures (README "Webhooks"): `Connectors-Signature:
// t=<unix seconds>,v1=<hex>[,v1=<hex>…]`, v1 = HMAC-SHA256(secret, "<t>.<raw body>"). Checked with
// crypto.subtle.verify (constant time) over the raw bytes, never over a re-encoded body.
import {
  type CredentialRef,
  decryptCredential,
  encryptCredential,
  type EncryptedCredential,
  type Keyring,
} from "../../engine/crypto.ts";

/** How far `t` may be from the receiver's clock, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;
export const SIGNATURE_HEADER = "connectors-signature";
const MAX_HEADER_LENGTH = 1024;
const MAX_SIGNATURES = 8;
const SECRET_PREFIX = "whsec_";

/**
 * The AAD binding of a hook's secret: its workspace and a name no credential can have (names
 * are `[a-z][a-z0-9_]*`), with no hosts, so it opens for this hook only and never as a credential.
 */
export function webhookSecretRef(workspaceId: string, hookId: string): CredentialRef {
  return {
    workspaceId,
    name: `webhook-secret:${hookId}`,
    allowedHosts: [],
    placements: [],
    queryParam: null,
  };
}

/** A fresh secret: `whsec_` and 32 random bytes, base64url. The HMAC key is its UTF-8 text. */
export function generateWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const text = btoa(String.fromCharCode(...bytes));
  return SECRET_PREFIX + text.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function sealWebhookSecret(
  keyring: Keyring,
  workspaceId: string,
  hookId: string,
  secret: string,
): Promise<EncryptedCredential> {
  return encryptCredential(keyring, webhookSecretRef(workspaceId, hookId), secret);
}

export function openWebhookSecret(
  keyring: Keyring,
  workspaceId: string,
  hookId: string,
  sealed: EncryptedCredential,
): Promise<string> {
  return decryptCredential(
    keyring,
    { ...webhookSecretRef(workspaceId, hookId), keyVersion: sealed.keyVersion },
    sealed.ciphertext,
  );
}

export interface ParsedSignature {
  t: string;
  /** Each `v1` entry as given (64 lowercase hex characters). */
  signatures: string[];
}

/**
 * Parses the header strictly: exactly one `t` (digits), one to eight `v1` entries (64 lowercase
 * hex), comma-separated, nothing else and no whitespace. Null for anything else.
 */
export function parseSignatureHeader(header: string | undefined): ParsedSignature | null {
  if (!header || header.length > MAX_HEADER_LENGTH) return null;
  let t: string | null = null;
  const signatures: string[] = [];
  for (const item of header.split(",")) {
    const separator = item.indexOf("=");
    const key = item.slice(0, separator);
    const value = item.slice(separator + 1);
    if (separator === -1) return null;
    if (key === "t" && t === null && /^[0-9]{1,12}$/.test(value)) t = value;
    else if (key === "v1" && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
    else return null;
  }
  if (t === null || signatures.length === 0 || signatures.length > MAX_SIGNATURES) return null;
  return { t, signatures };
}

function hexBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

export function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  );
}

let decoyKey: Promise<CryptoKey> | null = null;

/** A key nobody knows, so an unknown hook costs the same HMAC work as a known one. */
export function decoyHmacKey(): Promise<CryptoKey> {
  decoyKey ??= hmacKey(generateWebhookSecret());
  return decoyKey;
}

/**
 * The `v1` entry that verifies under one of `keys`, or null. Every entry is checked against every
 * key (no early exit on a mismatch), and `t` is judged only after that, so the work done does
 * not depend on which part is wrong.
 */
export async function verifySignature(
  parsed: ParsedSignature,
  body: Uint8Array<ArrayBuffer>,
  keys: CryptoKey[],
  nowSeconds: number,
): Promise<string | null> {
  const prefix = new TextEncoder().encode(`${parsed.t}.`);
  const signed = new Uint8Array(prefix.length + body.length);
  signed.set(prefix, 0);
  signed.set(body, prefix.length);
  let matched: string | null = null;
  for (const key of keys) {
    for (const signature of parsed.signatures) {
      if (await crypto.subtle.verify("HMAC", key, hexBytes(signature), signed)) {
        matched ??= signature;
      }
    }
  }
  const fresh = Math.abs(nowSeconds - Number(parsed.t)) <= SIGNATURE_TOLERANCE_SECONDS;
  return fresh ? matched : null;
}
