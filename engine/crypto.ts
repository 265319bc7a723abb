// Credential encryption (docs/SECURITY.md): AES-256-GCM through WebCrypto (Node and Workers alike),
// a random 96-bit nonce per encryption, and AAD binding each ciphertext to its workspace, name, key
// version, allowed hosts and placement rules, so a row whose binding was edited at the database no
// longer decrypts. `CREDENTIALS_KEYS` = "1:<base64 32 bytes>,2:<base64 32 bytes>": the highest
// version encrypts, every listed version decrypts, a version not listed fails closed.
//
// Envelope: `v2.<base64 nonce‖ciphertext‖tag>`. Bare base64 is the legacy format, whose AAD bound
// only workspace, name and key version: it is refused at run time and re-encrypted once by the
// rotation script (`rotateCredential`), never decrypted for use.
import { CredentialDecryptError, CredentialKeyError } from "./errors.ts";
import { canonicalOAuthConfig, type OAuthConfig } from "./oauth-config.ts";
import { isPlacement, type Placement } from "./placements.ts";

/** Everything a ciphertext is bound to besides its key version (placements as stored). */
export type CredentialRef = {
  workspaceId: string;
  name: string;
  allowedHosts: readonly string[];
  placements: readonly string[];
  queryParam: string | null;
  /** An OAuth 2.0 credential's configuration (bound too); absent or null for other credentials. */
  oauth?: OAuthConfig | null;
};

/** A stored credential as the loaders read it (service role). */
export type SealedCredential = {
  name: string;
  ciphertext: string;
  keyVersion: number;
  allowedHosts: readonly string[];
  placements: readonly string[];
  queryParam: string | null;
  oauth?: OAuthConfig | null;
};

/** A decrypted credential with the binding its ciphertext proved (the engine's input). */
export type OpenedCredential = {
  value: string;
  allowedHosts: readonly string[];
  placements: readonly Placement[];
  queryParam: string | null;
};
export type EncryptedCredential = { ciphertext: string; keyVersion: number };

export type Keyring = {
  /** The version new ciphertexts use (the highest configured). */
  readonly currentVersion: number;
  readonly versions: readonly number[];
  /** The imported key for a version; throws CredentialKeyError when it is not configured. */
  key(version: number): Promise<CryptoKey>;
};

const NONCE_BYTES = 12;
const KEY_BYTES = 32;
const LEGACY_AAD_LABEL = "connectors.credential.v1";
const AAD_LABEL = "connectors.credential.v2";
/** The envelope prefix of the current format; bare base64 is the legacy one. */
export const CIPHERTEXT_FORMAT_PREFIX = "v2.";

/** UTF-8 bytes over a plain ArrayBuffer (the type Web Crypto takes in every runtime's typings). */
function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(new TextEncoder().encode(text));
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> | null {
  const normalized = text.replace(/-/g, "+").replace(/_/g, "/");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(normalized)) return null;
  try {
    const padded = normalized + "=".repeat((4 - (normalized.length % 4)) % 4);
    const binary = atob(padded);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Parses `CREDENTIALS_KEYS`. Errors name the version or entry position, never key material. */
export function parseKeyring(spec: string | null | undefined): Keyring {
  const raw = new Map<number, Uint8Array<ArrayBuffer>>();
  const entries = (spec ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  if (entries.length === 0) throw new CredentialKeyError("CREDENTIALS_KEYS holds no keys");
  entries.forEach((entry, index) => {
    const separator = entry.indexOf(":");
    const versionText = separator === -1 ? "" : entry.slice(0, separator);
    if (!/^[1-9][0-9]{0,8}$/.test(versionText)) {
      throw new CredentialKeyError(
        `CREDENTIALS_KEYS entry ${index + 1} must be <version>:<base64 key> with a positive version`,
      );
    }
    const version = Number(versionText);
    if (raw.has(version)) {
      throw new CredentialKeyError(`CREDENTIALS_KEYS lists key version ${version} twice`, version);
    }
    const bytes = decodeBase64(entry.slice(separator + 1));
    if (!bytes || bytes.length !== KEY_BYTES) {
      throw new CredentialKeyError(
        `CREDENTIALS_KEYS key version ${version} must be ${KEY_BYTES} bytes, base64-encoded`,
        version,
      );
    }
    raw.set(version, bytes);
  });
  const versions = [...raw.keys()].sort((a, b) => a - b);
  const imported = new Map<number, Promise<CryptoKey>>();
  return {
    currentVersion: versions[versions.length - 1] ?? 0,
    versions,
    key(version: number): Promise<CryptoKey> {
      const cached = imported.get(version);
      if (cached) return cached;
      const bytes = raw.get(version);
      if (!bytes) {
        return Promise.reject(
          new CredentialKeyError(
            `credential key version ${version} is not configured (retired or unknown); ` +
              "add it back to CREDENTIALS_KEYS or store the credential again",
            version,
          ),
        );
      }
      const key = crypto.subtle.importKey("raw", bytes, { name: "AES-GCM" }, false, [
        "encrypt",
        "decrypt",
      ]);
      imported.set(version, key);
      return key;
    },
  };
}

/** Lowercased, deduplicated and sorted: the form bound into the AAD. */
export function canonicalHosts(allowedHosts: readonly string[]): string[] {
  return [...new Set(allowedHosts.map((host) => host.trim().toLowerCase()))].sort();
}

/**
 * Unambiguous AAD: a JSON array cannot be confused across field boundaries. An OAuth 2.0
 * credential appends its configuration (a longer array, so it cannot equal any other credential's).
 */
function additionalData(ref: CredentialRef, keyVersion: number): Uint8Array<ArrayBuffer> {
  const fields: unknown[] = [
    AAD_LABEL,
    ref.workspaceId,
    ref.name,
    keyVersion,
    canonicalHosts(ref.allowedHosts),
    [...new Set(ref.placements)].sort(),
    ref.queryParam,
  ];
  if (ref.oauth) fields.push(["oauth2", ...canonicalOAuthConfig(ref.oauth)]);
  return utf8(JSON.stringify(fields));
}

function legacyAdditionalData(ref: CredentialRef, keyVersion: number): Uint8Array<ArrayBuffer> {
  return utf8(JSON.stringify([LEGACY_AAD_LABEL, ref.workspaceId, ref.name, keyVersion]));
}

/** Whether a stored ciphertext is in the legacy format (bound to workspace and name only). */
export function isLegacyCiphertext(ciphertext: string): boolean {
  return !ciphertext.startsWith(CIPHERTEXT_FORMAT_PREFIX);
}

export async function encryptCredential(
  keyring: Keyring,
  ref: CredentialRef,
  plaintext: string,
): Promise<EncryptedCredential> {
  const keyVersion = keyring.currentVersion;
  const key = await keyring.key(keyVersion);
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: "AES-GCM", iv: nonce, additionalData: additionalData(ref, keyVersion) },
      key,
      new TextEncoder().encode(plaintext),
    ),
  );
  const out = new Uint8Array(NONCE_BYTES + sealed.length);
  out.set(nonce, 0);
  out.set(sealed, NONCE_BYTES);
  return { ciphertext: `${CIPHERTEXT_FORMAT_PREFIX}${encodeBase64(out)}`, keyVersion };
}

async function openSealed(
  key: CryptoKey,
  name: string,
  body: string,
  additional: Uint8Array<ArrayBuffer>,
): Promise<string> {
  const bytes = decodeBase64(body);
  if (!bytes || bytes.length < NONCE_BYTES + 16) {
    throw new CredentialDecryptError(`credential "${name}" has a malformed ciphertext`);
  }
  try {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: bytes.subarray(0, NONCE_BYTES), additionalData: additional },
      key,
      bytes.subarray(NONCE_BYTES),
    );
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(plain);
  } catch {
    throw new CredentialDecryptError(
      `credential "${name}" could not be decrypted: the ciphertext was altered, or belongs to ` +
        "another workspace, name or key version, or its allowed hosts or placement rules were " +
        "changed without storing the value again",
    );
  }
}

/**
 * Decrypts for use. Fails with CredentialDecryptError when any bound field differs from what
 * the value was stored with, and for a legacy-format row (its AAD binds no hosts).
 */
export async function decryptCredential(
  keyring: Keyring,
  ref: CredentialRef & { keyVersion: number },
  ciphertext: string,
): Promise<string> {
  if (isLegacyCiphertext(ciphertext)) {
    throw new CredentialDecryptError(
      `credential "${ref.name}" is stored in the legacy format, which does not bind its allowed ` +
        "hosts: run the credential rotation script once, or store the value again",
    );
  }
  const key = await keyring.key(ref.keyVersion);
  return openSealed(
    key,
    ref.name,
    ciphertext.slice(CIPHERTEXT_FORMAT_PREFIX.length),
    additionalData(ref, ref.keyVersion),
  );
}

/** Decrypts a stored row for a run; throws CredentialDecryptError if its binding was edited. */
export async function openCredential(
  keyring: Keyring,
  workspaceId: string,
  row: SealedCredential,
): Promise<OpenedCredential> {
  const value = await decryptCredential(
    keyring,
    {
      workspaceId,
      name: row.name,
      keyVersion: row.keyVersion,
      allowedHosts: row.allowedHosts,
      placements: row.placements,
      queryParam: row.queryParam,
      oauth: row.oauth ?? null,
    },
    row.ciphertext,
  );
  return {
    value,
    allowedHosts: row.allowedHosts,
    placements: row.placements.filter(isPlacement),
    queryParam: row.queryParam,
  };
}

/** Whether the rotation script should re-encrypt: an older key, or an older AAD format. */
export function needsRotation(keyring: Keyring, keyVersion: number, ciphertext?: string): boolean {
  return (
    keyVersion !== keyring.currentVersion ||
    (ciphertext !== undefined && isLegacyCiphertext(ciphertext))
  );
}

/**
 * Re-encrypts a ciphertext under the newest key and the current AAD (for the rotation script).
 * A legacy row is opened with the legacy AAD and sealed bound to the hosts and rules it has now.
 */
export async function rotateCredential(
  keyring: Keyring,
  ref: CredentialRef & { keyVersion: number },
  ciphertext: string,
): Promise<EncryptedCredential> {
  const { keyVersion, ...binding } = ref;
  const plaintext = isLegacyCiphertext(ciphertext)
    ? await openSealed(
        await keyring.key(keyVersion),
        ref.name,
        ciphertext,
        legacyAdditionalData(ref, keyVersion),
      )
    : await decryptCredential(keyring, ref, ciphertext);
  return encryptCredential(keyring, binding, plaintext);
}

/** A fresh random 32-byte key, base64 (for generating CREDENTIALS_KEYS entries). */
export function generateKey(): string {
  return encodeBase64(crypto.getRandomValues(new Uint8Array(KEY_BYTES)));
}
