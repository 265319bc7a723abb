import { describe, expect, it } from "vitest";
import {
  decryptCredential,
  encryptCredential,
  generateKey,
  parseKeyring,
} from "../engine/crypto.ts";
import { rotateAll } from "../scripts/lib/rotate.ts";
import { adminSql, createWorkspace } from "./harness/fixtures.ts";

describe("key rotation", () => {
  it("re-encrypts every row to the newest key; old rows decrypt before, new rows after", async () => {
    const v1 = generateKey();
    const v2 = generateKey();
    const oldRing = parseKeyring(`1:${v1}`);
    const bothRings = parseKeyring(`1:${v1},2:${v2}`);
    const ws = await createWorkspace("Rotation");
    const names = ["alpha", "beta", "gamma"];
    for (const name of names) {
      const sealed = await encryptCredential(oldRing, { workspaceId: ws, name }, `secret-${name}`);
      await adminSql()`
        insert into connectors.workspace_api_credentials
          (workspace_id, name, ciphertext, key_version, allowed_hosts)
        values (${ws}, ${name}, ${sealed.ciphertext}, ${sealed.keyVersion}, ${["api.example.com"]})`;
    }

    // Before rotation the new keyring still decrypts version-1 rows.
    const [first] = await adminSql()<{ ciphertext: string }[]>`
      select ciphertext from connectors.workspace_api_credentials where workspace_id = ${ws} and name = 'alpha'`;
    expect(
      await decryptCredential(
        bothRings,
        { workspaceId: ws, name: "alpha", keyVersion: 1 },
        first?.ciphertext ?? "",
      ),
    ).toBe("secret-alpha");

    const report = await rotateAll(adminSql(), bothRings, { batchSize: 2, workspaceId: ws });
    expect(report.failed).toEqual([]);
    expect(report.rotated).toBe(3);

    const rows = await adminSql()<{ name: string; ciphertext: string; key_version: number }[]>`
      select name, ciphertext, key_version from connectors.workspace_api_credentials
      where workspace_id = ${ws} order by name`;
    for (const row of rows) {
      expect(row.key_version).toBe(2);
      expect(
        await decryptCredential(
          bothRings,
          { workspaceId: ws, name: row.name, keyVersion: 2 },
          row.ciphertext,
        ),
      ).toBe(`secret-${row.name}`);
    }

    // With the old key retired, version-2 rows still work and a leftover version-1 fails closed.
    const newOnly = parseKeyring(`2:${v2}`);
    const row = rows[0];
    expect(
      await decryptCredential(
        newOnly,
        { workspaceId: ws, name: row?.name ?? "", keyVersion: 2 },
        row?.ciphertext ?? "",
      ),
    ).toBe("secret-alpha");
    await expect(
      decryptCredential(
        newOnly,
        { workspaceId: ws, name: "alpha", keyVersion: 1 },
        first?.ciphertext ?? "",
      ),
    ).rejects.toThrow(/version 1/);

    // Running it again finds nothing left to do.
    const again = await rotateAll(adminSql(), bothRings, { workspaceId: ws });
    expect(again.rotated).toBe(0);
  });
});
