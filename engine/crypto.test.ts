import { describe, expect, it } from "vitest";
import {
  decryptCredential,
  encryptCredential,
  generateKey,
  needsRotation,
  parseKeyring,
  rotateCredential,
} from "./crypto.ts";
import { CredentialDecryptError, CredentialKeyError } from "./errors.ts";

const key1 = generateKey();
const key2 = generateKey();
const ws1 = "11111111-1111-4111-8111-111111111111";
const ws2 = "22222222-2222-4222-8222-222222222222";

function flipBit(ciphertext: string, byte: number): string {
  const bytes = Uint8Array.from(atob(ciphertext), (c) => c.charCodeAt(0));
  bytes[byte] = (bytes[byte] ?? 0) ^ 0x01;
  return btoa(String.fromCharCode(...bytes));
}

describe("credential encryption", () => {
  const keyring = parseKeyring(`1:${key1}`);

  it("round-trips and never repeats a ciphertext for the same plaintext", async () => {
    const ref = { workspaceId: ws1, name: "example_token" };
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
    const a = await encryptCredential(keyring, { workspaceId: ws1, name: "token_a" }, "A");
    await expect(
      decryptCredential(
        keyring,
        { workspaceId: ws1, name: "token_b", keyVersion: 1 },
        a.ciphertext,
      ),
    ).rejects.toBeInstanceOf(CredentialDecryptError);
    await expect(
      decryptCredential(
        keyring,
        { workspaceId: ws2, name: "token_a", keyVersion: 1 },
        a.ciphertext,
      ),
    ).rejects.toBeInstanceOf(CredentialDecryptError);
  });

  it("binds the key version into the AAD unambiguously", async () => {
    const both = parseKeyring(`1:${key1},2:${key1}`);
    const a = await encryptCredential(both, { workspaceId: ws1, name: "t" }, "A");
    expect(a.keyVersion).toBe(2);
    await expect(
      decryptCredential(both, { workspaceId: ws1, name: "t", keyVersion: 1 }, a.ciphertext),
    ).rejects.toBeInstanceOf(CredentialDecryptError);
    const b = await encryptCredential(both, { workspaceId: "a|b", name: "c" }, "B");
    await expect(
      decryptCredential(both, { workspaceId: "a", name: "b|c", keyVersion: 2 }, b.ciphertext),
    ).rejects.toBeInstanceOf(CredentialDecryptError);
  });

  it("fails when any bit of nonce, ciphertext or tag is flipped", async () => {
    const ref = { workspaceId: ws1, name: "example_token" };
    const { ciphertext } = await encryptCredential(keyring, ref, "secret value");
    const length = atob(ciphertext).length;
    for (const byte of [0, 11, 12, length - 17, length - 1]) {
      await expect(
        decryptCredential(keyring, { ...ref, keyVersion: 1 }, flipBit(ciphertext, byte)),
      ).rejects.toThrow(/could not be decrypted/);
    }
    await expect(decryptCredential(keyring, { ...ref, keyVersion: 1 }, "AAAA")).rejects.toThrow(
      /malformed/,
    );
  });

  it("rotates to the newest key while old versions still decrypt", async () => {
    const ref = { workspaceId: ws1, name: "example_token" };
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
    const ref = { workspaceId: ws1, name: "example_token" };
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
