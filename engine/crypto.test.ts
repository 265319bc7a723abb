import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decryptCredential,
  encryptCredential,
  generateKey,
  isLegacyCiphertext,
  needsRotation,
  openCredential,
  parseKeyring,
  rotateCredential,
} from "./crypto.ts";
import { CredentialDecryptError, CredentialKeyError } from "./errors.ts";
import { PLACEMENTS } from "./placements.ts";

const key1 = generateKey();
const key2 = generateKey();
const ws1 = "11111111-1111-4111-8111-111111111111";
const ws2 = "22222222-2222-4222-8222-222222222222";

const PREFIX = "v2.";

/** A credential bound to the default hosts and rules, as most cases here need. */
function cred(workspaceId: string, name: string) {
  return {
    workspaceId,
    name,
    allowedHosts: ["api.example.com"],
    placements: ["header"] as const,
    queryParam: null,
  };
}

function flipBit(ciphertext: string, byte: number): string {
  const bytes = Uint8Array.from(atob(ciphertext.slice(PREFIX.length)), (c) => c.charCodeAt(0));
  bytes[byte] = (bytes[byte] ?? 0) ^ 0x01;
  return PREFIX + btoa(String.fromCharCode(...bytes));
}

describe("credential encryption", () => {
  const keyring = parseKeyring(`1:${key1}`);

  it("round-trips and never repeats a ciphertext for the same plaintext", async () => {
    const ref = cred(ws1, "example_token");
    const a = await encryptCredential(keyring, ref, "s3cr3t ✓");
    const b = await encryptCredential(keyring, ref, "s3cr3t ✓");
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.keyVersion).toBe(1);
    expect(a.ciphertext).not.toContain("s3cr3t");
    expect(await decryptCredential(keyring, { ...ref, keyVersion: 1 }, a.ciphertext)).toBe(
      "s3cr3t ✓",
    );
    expect(await decryptCredential(keyring, { ...ref, keyVersion: 1 }, b.ciphertext)).toBe(
      "s3cr3t ✓",
    );
  });

  it("fails to decrypt a ciphertext swapped between credentials or workspaces", async () => {
    const a = await encryptCredential(keyring, cred(ws1, "token_a"), "A");
    await expect(
      decryptCredential(keyring, { ...cred(ws1, "token_b"), keyVersion: 1 }, a.ciphertext),
    ).rejects.toBeInstanceOf(CredentialDecryptError);
    await expect(
      decryptCredential(keyring, { ...cred(ws2, "token_a"), keyVersion: 1 }, a.ciphertext),
    ).rejects.toBeInstanceOf(CredentialDecryptError);
  });

  it("binds the key version into the AAD unambiguously", async () => {
    const both = parseKeyring(`1:${key1},2:${key1}`);
    const a = await encryptCredential(both, cred(ws1, "t"), "A");
    expect(a.keyVersion).toBe(2);
    await expect(
      decryptCredential(both, { ...cred(ws1, "t"), keyVersion: 1 }, a.ciphertext),
    ).rejects.toBeInstanceOf(CredentialDecryptError);
    const b = await encryptCredential(both, cred("a|b", "c"), "B");
    await expect(
      decryptCredential(both, { ...cred("a", "b|c"), keyVersion: 2 }, b.ciphertext),
    ).rejects.toBeInstanceOf(CredentialDecryptError);
  });

  it("fails when any bit of nonce, ciphertext or tag is flipped", async () => {
    const ref = cred(ws1, "example_token");
    const { ciphertext } = await encryptCredential(keyring, ref, "secret value");
    const length = atob(ciphertext.slice(PREFIX.length)).length;
    for (const byte of [0, 11, 12, length - 17, length - 1]) {
      await expect(
        decryptCredential(keyring, { ...ref, keyVersion: 1 }, flipBit(ciphertext, byte)),
      ).rejects.toThrow(/could not be decrypted/);
    }
    await expect(
      decryptCredential(keyring, { ...ref, keyVersion: 1 }, `${PREFIX}AAAA`),
    ).rejects.toThrow(/malformed/);
  });

  it("rotates to the newest key while old versions still decrypt", async () => {
    const ref = cred(ws1, "example_token");
    const old = await encryptCredential(keyring, ref, "rotate me");
    const rotated = parseKeyring(`1:${key1},2:${key2}`);
    expect(rotated.currentVersion).toBe(2);
    expect(needsRotation(rotated, old.keyVersion)).toBe(true);
    expect(await decryptCredential(rotated, { ...ref, keyVersion: 1 }, old.ciphertext)).toBe(
      "rotate me",
    );
    const fresh = await rotateCredential(rotated, { ...ref, keyVersion: 1 }, old.ciphertext);
    expect(fresh.keyVersion).toBe(2);
    expect(needsRotation(rotated, fresh.keyVersion)).toBe(false);
    expect(await decryptCredential(rotated, { ...ref, keyVersion: 2 }, fresh.ciphertext)).toBe(
      "rotate me",
    );
    const newOnly = await encryptCredential(rotated, ref, "new");
    expect(newOnly.keyVersion).toBe(2);
  });

  it("fails closed with a clear error naming the version when a key is retired", async () => {
    const ref = cred(ws1, "example_token");
    const old = await encryptCredential(keyring, ref, "old secret");
    const retired = parseKeyring(`2:${key2}`);
    const error = await decryptCredential(retired, { ...ref, keyVersion: 1 }, old.ciphertext).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CredentialKeyError);
    expect((error as CredentialKeyError).message).toMatch(/key version 1 is not configured/);
    expect((error as CredentialKeyError).keyVersion).toBe(1);
    expect((error as Error).message).not.toContain(key1);
    expect((error as Error).message).not.toContain(key2);
  });

  it("parses CREDENTIALS_KEYS strictly without echoing key material", () => {
    expect(parseKeyring(` 2:${key2} , 1:${key1} `).versions).toEqual([1, 2]);
    const short = btoa("too short");
    for (const spec of [
      "",
      "1",
      `x:${key1}`,
      `0:${key1}`,
      `1:${short}`,
      `1:${key1},1:${key2}`,
      "1:%%%",
    ]) {
      let caught: unknown;
      try {
        parseKeyring(spec);
      } catch (error) {
        caught = error;
      }
      expect(caught, spec).toBeInstanceOf(CredentialKeyError);
      expect((caught as Error).message).not.toContain(key1);
      expect((caught as Error).message).not.toContain(short);
    }
  });
});

/** The legacy format, as the previous release wrote it: bare base64, AAD of workspace and name. */
async function legacySeal(
  keyBase64: string,
  ref: { workspaceId: string; name: string },
  keyVersion: number,
  plaintext: string,
): Promise<string> {
  const raw = Uint8Array.from(atob(keyBase64), (c) => c.charCodeAt(0));
  const key = await crypto.subtle.importKey("raw", raw, { name: "AES-GCM" }, false, ["encrypt"]);
  const nonce = crypto.getRandomValues(new Uint8Array(12));
  const aad = new TextEncoder().encode(
    JSON.stringify(["connectors.credential.v1", ref.workspaceId, ref.name, keyVersion]),
  );
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: "AES-GCM", iv: nonce, additionalData: aad },
      key,
      new TextEncoder().encode(plaintext),
    ),
  );
  return btoa(String.fromCharCode(...nonce, ...sealed));
}

const hostArb = fc.constantFrom(
  "api.example.com",
  "*.example.com",
  "127.0.0.1:8788",
  "evil.example",
  "api.example.com:8443",
  "*.evil.example",
);
const bindingArb = fc.record({
  allowedHosts: fc.uniqueArray(hostArb, { minLength: 1, maxLength: 4 }),
  placements: fc.uniqueArray(fc.constantFrom(...PLACEMENTS), { minLength: 1, maxLength: 4 }),
  queryParam: fc.option(fc.constantFrom("api_key", "key", "token"), { nil: null }),
});
const canon = (b: { allowedHosts: string[]; placements: string[]; queryParam: string | null }) =>
  JSON.stringify([[...b.allowedHosts].sort(), [...b.placements].sort(), b.queryParam]);

describe("the AAD binds allowed hosts and placement rules", () => {
  const keyring = parseKeyring(`1:${key1}`);

  it("decrypts only under the same hosts, placements and queryParam (order and case aside)", async () => {
    await fc.assert(
      fc.asyncProperty(bindingArb, bindingArb, async (stored, edited) => {
        const ref = { workspaceId: ws1, name: "vendor_token", ...stored };
        const { ciphertext } = await encryptCredential(keyring, ref, "sk_live_42");
        const editedRef = { workspaceId: ws1, name: "vendor_token", keyVersion: 1, ...edited };
        if (canon(stored) === canon(edited)) {
          const shuffled = {
            ...editedRef,
            allowedHosts: [...edited.allowedHosts].reverse().map((h) => h.toUpperCase()),
            placements: [...edited.placements].reverse(),
          };
          expect(await decryptCredential(keyring, shuffled, ciphertext)).toBe("sk_live_42");
        } else {
          await expect(decryptCredential(keyring, editedRef, ciphertext)).rejects.toBeInstanceOf(
            CredentialDecryptError,
          );
        }
      }),
      { numRuns: 150 },
    );
  });

  it("refuses a widened host list, an added placement and a changed queryParam", async () => {
    const ref = {
      workspaceId: ws1,
      name: "vendor_token",
      allowedHosts: ["api.vendor.example"],
      placements: ["header"],
      queryParam: null,
    };
    const { ciphertext } = await encryptCredential(keyring, ref, "secret");
    for (const edit of [
      { allowedHosts: ["api.vendor.example", "attacker.example"] },
      { allowedHosts: ["attacker.example"] },
      { placements: ["header", "query"] },
      { placements: ["body"] },
      { queryParam: "email" },
    ]) {
      const error = await decryptCredential(
        keyring,
        { ...ref, ...edit, keyVersion: 1 },
        ciphertext,
      ).catch((e: unknown) => e);
      expect(error, JSON.stringify(edit)).toBeInstanceOf(CredentialDecryptError);
      expect((error as Error).message).toMatch(/allowed hosts or placement rules were changed/);
    }
  });

  it("opens a stored row into the engine's credential input, with its proven binding", async () => {
    const binding = {
      workspaceId: ws1,
      name: "vendor_token",
      allowedHosts: ["api.vendor.example"],
      placements: ["query", "header"],
      queryParam: "api_key",
    };
    const { ciphertext, keyVersion } = await encryptCredential(keyring, binding, "v");
    const row = { ...binding, ciphertext, keyVersion };
    expect(await openCredential(keyring, ws1, row)).toEqual({
      value: "v",
      allowedHosts: ["api.vendor.example"],
      placements: ["query", "header"],
      queryParam: "api_key",
    });
    await expect(
      openCredential(keyring, ws1, { ...row, allowedHosts: ["*.vendor.example"] }),
    ).rejects.toBeInstanceOf(CredentialDecryptError);
  });

  it("refuses a legacy-format ciphertext for use, and rotation seals it bound to its row", async () => {
    const ref = cred(ws1, "old_token");
    const legacy = await legacySeal(key1, ref, 1, "legacy secret");
    expect(isLegacyCiphertext(legacy)).toBe(true);
    expect(needsRotation(keyring, 1, legacy)).toBe(true);
    const error = await decryptCredential(keyring, { ...ref, keyVersion: 1 }, legacy).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CredentialDecryptError);
    expect((error as Error).message).toMatch(/legacy format/);

    const rotated = await rotateCredential(keyring, { ...ref, keyVersion: 1 }, legacy);
    expect(isLegacyCiphertext(rotated.ciphertext)).toBe(false);
    expect(needsRotation(keyring, rotated.keyVersion, rotated.ciphertext)).toBe(false);
    expect(await decryptCredential(keyring, { ...ref, keyVersion: 1 }, rotated.ciphertext)).toBe(
      "legacy secret",
    );
    await expect(
      decryptCredential(
        keyring,
        { ...ref, allowedHosts: ["evil.example"], keyVersion: 1 },
        rotated.ciphertext,
      ),
    ).rejects.toBeInstanceOf(CredentialDecryptError);
  });

  it("does not take a current ciphertext stripped of its prefix for a legacy one", async () => {
    const ref = cred(ws1, "t");
    const { ciphertext } = await encryptCredential(keyring, ref, "x");
    const stripped = ciphertext.slice(PREFIX.length);
    await expect(
      decryptCredential(keyring, { ...ref, keyVersion: 1 }, stripped),
    ).rejects.toBeInstanceOf(CredentialDecryptError);
    await expect(
      rotateCredential(keyring, { ...ref, keyVersion: 1 }, stripped),
    ).rejects.toBeInstanceOf(CredentialDecryptError);
  });
});
