import { describe, expect, it } from "vitest";
import {
  decryptCredential,
  encryptCredential,
  generateKey,
  isLegacyCiphertext,
  parseKeyring,
} from "../engine/crypto.ts";
import type { StepResult } from "../engine/run.ts";
import { claimExecution } from "../execution/claim.ts";
import { resumeFrom, sealTaint } from "../execution/resume.ts";
import { rotateAll } from "../scripts/lib/rotate.ts";
import { openWebhookSecret, sealWebhookSecret } from "../worker/services/webhooks-signature.ts";
import { adminSql, createWorkspace } from "./harness/fixtures.ts";
import { insertConnectorRow, insertExecution } from "./harness/rows.ts";

const HOSTS = ["api.example.com"];
const bound = (workspaceId: string, name: string) => ({
  workspaceId,
  name,
  allowedHosts: HOSTS,
  placements: ["header"],
  queryParam: null,
});

/** The legacy format the previous release wrote: bare base64, AAD of workspace, name, version. */
async function legacySeal(keyBase64: string, workspaceId: string, name: string, value: string) {
  const raw = Uint8Array.from(atob(keyBase64), (c) => c.charCodeAt(0));
  const key = await crypto.subtle.importKey("raw", raw, { name: "AES-GCM" }, false, ["encrypt"]);
  const nonce = crypto.getRandomValues(new Uint8Array(12));
  const aad = new TextEncoder().encode(
    JSON.stringify(["connectors.credential.v1", workspaceId, name, 1]),
  );
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: "AES-GCM", iv: nonce, additionalData: aad },
      key,
      new TextEncoder().encode(value),
    ),
  );
  return btoa(String.fromCharCode(...nonce, ...sealed));
}

async function storedRows(ws: string) {
  return adminSql()<
    {
      name: string;
      ciphertext: string;
      key_version: number;
      allowed_hosts: string[];
      placements: string[];
      query_param: string | null;
    }[]
  >`
    select name, ciphertext, key_version, allowed_hosts, placements, query_param
    from connectors.workspace_api_credentials where workspace_id = ${ws} order by name`;
}

describe("key rotation", () => {
  it("re-encrypts every row to the newest key; old rows decrypt before, new rows after", async () => {
    const v1 = generateKey();
    const v2 = generateKey();
    const oldRing = parseKeyring(`1:${v1}`);
    const bothRings = parseKeyring(`1:${v1},2:${v2}`);
    const ws = await createWorkspace("Rotation");
    const names = ["alpha", "beta", "gamma"];
    for (const name of names) {
      const sealed = await encryptCredential(oldRing, bound(ws, name), `secret-${name}`);
      await adminSql()`
        insert into connectors.workspace_api_credentials
          (workspace_id, name, ciphertext, key_version, allowed_hosts)
        values (${ws}, ${name}, ${sealed.ciphertext}, ${sealed.keyVersion}, ${HOSTS})`;
    }

    // Before rotation the new keyring still decrypts version-1 rows.
    const [first] = await storedRows(ws);
    expect(
      await decryptCredential(
        bothRings,
        { ...bound(ws, "alpha"), keyVersion: 1 },
        first?.ciphertext ?? "",
      ),
    ).toBe("secret-alpha");

    const report = await rotateAll(adminSql(), bothRings, { batchSize: 2, workspaceId: ws });
    expect(report.failed).toEqual([]);
    expect(report.rotated).toBe(3);

    const rows = await storedRows(ws);
    for (const row of rows) {
      expect(row.key_version).toBe(2);
      expect(
        await decryptCredential(
          bothRings,
          { ...bound(ws, row.name), keyVersion: 2 },
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
        { ...bound(ws, row?.name ?? ""), keyVersion: 2 },
        row?.ciphertext ?? "",
      ),
    ).toBe("secret-alpha");
    await expect(
      decryptCredential(newOnly, { ...bound(ws, "alpha"), keyVersion: 1 }, first?.ciphertext ?? ""),
    ).rejects.toThrow(/version 1/);

    // Running it again finds nothing left to do.
    const again = await rotateAll(adminSql(), bothRings, { workspaceId: ws });
    expect(again.rotated).toBe(0);
  });

  it("re-encrypts legacy-format rows once, on the same key, bound to the hosts and rules they hold", async () => {
    const key = generateKey();
    const ring = parseKeyring(`1:${key}`);
    const ws = await createWorkspace("Legacy rotation");
    await adminSql()`
      insert into connectors.workspace_api_credentials
        (workspace_id, name, ciphertext, key_version, allowed_hosts, placements, query_param)
      values (${ws}, 'legacy_key', ${await legacySeal(key, ws, "legacy_key", "old-secret")}, 1,
              ${["api.vendor.example"]}, ${["header", "query"]}, 'api_key')`;
    const [legacy] = await storedRows(ws);
    expect(isLegacyCiphertext(legacy?.ciphertext ?? "")).toBe(true);
    const binding = {
      workspaceId: ws,
      name: "legacy_key",
      allowedHosts: ["api.vendor.example"],
      placements: ["header", "query"],
      queryParam: "api_key",
      keyVersion: 1,
    };
    // Refused for use until rotated: the legacy AAD binds no hosts.
    await expect(decryptCredential(ring, binding, legacy?.ciphertext ?? "")).rejects.toThrow(
      /legacy format/,
    );

    const report = await rotateAll(adminSql(), ring, { workspaceId: ws });
    expect(report).toMatchObject({ rotated: 1, failed: [] });
    const [row] = await storedRows(ws);
    expect(row?.key_version).toBe(1);
    expect(isLegacyCiphertext(row?.ciphertext ?? "")).toBe(false);
    expect(await decryptCredential(ring, binding, row?.ciphertext ?? "")).toBe("old-secret");

    // Bound now: an edit of the hosts at the database makes it undecryptable, and rotation
    // does not launder it (it fails and leaves the row as it is).
    await adminSql()`
      update connectors.workspace_api_credentials set allowed_hosts = ${["attacker.example"]}
      where workspace_id = ${ws}`;
    await expect(
      decryptCredential(
        ring,
        { ...binding, allowedHosts: ["attacker.example"] },
        row?.ciphertext ?? "",
      ),
    ).rejects.toThrow(/could not be decrypted/);
    const rotateAgain = await rotateAll(adminSql(), parseKeyring(`1:${key},2:${generateKey()}`), {
      workspaceId: ws,
    });
    expect(rotateAgain.rotated).toBe(0);
    expect(rotateAgain.failed).toEqual([
      {
        workspaceId: ws,
        name: "legacy_key",
        reason: expect.stringMatching(/could not be decrypted/),
      },
    ]);
    const [after] = await storedRows(ws);
    expect(after?.ciphertext).toBe(row?.ciphertext);
    expect(after?.key_version).toBe(1);
  });
});

/** A committed step that succeeded, as the runner stores it (only `id` and `outcome` matter). */
const committed = (id: string): StepResult => ({
  id,
  outcome: "succeeded",
  method: "GET",
  url: "https://api.example.com/t",
  status: 200,
  durationMs: 1,
  attempts: 1,
  requestHeaders: {},
  requestBody: null,
  requestBodyTruncated: false,
  responseHeaders: {},
  responseBody: null,
  responseBodyTruncated: false,
  extracted: { a: "[REDACTED]" },
});

describe("key rotation of running executions' sealed step values", () => {
  it("re-seals step_taint under the new key, so a resumed run opens it with the old key removed", async () => {
    const v1 = generateKey();
    const v2 = generateKey();
    const oldRing = parseKeyring(`1:${v1}`);
    const bothRings = parseKeyring(`1:${v1},2:${v2}`);
    const newOnly = parseKeyring(`2:${v2}`);
    const ws = await createWorkspace("Checkpoint rotation");
    const connectorId = await insertConnectorRow(ws);
    const runId = "run_rotation_checkpoint";
    const id = await insertExecution({ workspaceId: ws, connectorId, status: "running", runId });
    const at = { workspaceId: ws, executionId: id };
    const update = (a: string) => ({
      values: { a, status: 200 },
      output: { a: "[REDACTED]" },
      taint: ["tok"],
    });
    const taint = {
      t1: await sealTaint(oldRing, at, committed("t1"), update("first-secret")),
      t2: await sealTaint(oldRing, at, committed("t2"), update("second-secret")),
    };
    await adminSql()`
      update connectors.connector_executions
      set step_results = ${adminSql().json([committed("t1"), committed("t2")] as never)},
          step_taint = ${adminSql().json(taint as never)}
      where id = ${id}`;
    const claim = async () => {
      const claimed = await claimExecution(adminSql(), {
        executionId: id,
        runId,
        runner: "inline",
        staleClaimSeconds: 360,
      });
      if (claimed === null || typeof claimed === "string")
        throw new Error(`not claimed: ${claimed}`);
      return claimed;
    };
    // Before rotation, a worker that no longer holds key 1 cannot resume the run.
    await expect(resumeFrom(newOnly, await claim())).rejects.toThrow(/version 1/);

    const report = await rotateAll(adminSql(), bothRings, { workspaceId: ws });
    expect(report).toMatchObject({ checkpoints: 1, failed: [] });
    const [row] = await adminSql()<{ taint: Record<string, { keyVersion: number }> }[]>`
      select step_taint as taint from connectors.connector_executions where id = ${id}`;
    expect(Object.values(row?.taint ?? {}).map((t) => t.keyVersion)).toEqual([2, 2]);
    expect(JSON.stringify(row?.taint)).not.toContain("secret");

    const resumed = await resumeFrom(newOnly, await claim());
    expect(resumed.tainted).toEqual({
      t1: { values: { a: "first-secret", status: 200 }, taint: ["tok"] },
      t2: { values: { a: "second-secret", status: 200 }, taint: ["tok"] },
    });
    // Sealed for this execution and step only: moved to another step, it does not open.
    await adminSql()`
      update connectors.connector_executions
      set step_taint = jsonb_build_object('t1', step_taint -> 't2', 't2', step_taint -> 't2')
      where id = ${id}`;
    await expect(resumeFrom(newOnly, await claim())).rejects.toThrow(/could not be decrypted/);

    const again = await rotateAll(adminSql(), bothRings, { workspaceId: ws });
    expect(again).toMatchObject({ rotated: 0, checkpoints: 0, failed: [] });
  });
});

describe("key rotation of webhook signing secrets", () => {
  it("re-seals current and in-hour previous secrets under the new key and drops an expired one", async () => {
    const v1 = generateKey();
    const v2 = generateKey();
    const oldRing = parseKeyring(`1:${v1}`);
    const bothRings = parseKeyring(`1:${v1},2:${v2}`);
    const newOnly = parseKeyring(`2:${v2}`);
    const ws = await createWorkspace("Webhook rotation");
    const connectorId = await insertConnectorRow(ws);
    const hooks = [crypto.randomUUID(), crypto.randomUUID()];
    for (const [i, id] of hooks.entries()) {
      const current = await sealWebhookSecret(oldRing, ws, id, `whsec_current_${i}`);
      const previous = await sealWebhookSecret(oldRing, ws, id, `whsec_previous_${i}`);
      // The first hook is inside its rotation hour, the second one's hour is over.
      await adminSql()`
        insert into connectors.connector_webhooks
          (id, workspace_id, connector_id, secret_ciphertext, secret_key_version,
           previous_secret_ciphertext, previous_key_version, previous_expires_at)
        values (${id}, ${ws}, ${connectorId}, ${current.ciphertext}, ${current.keyVersion},
                ${previous.ciphertext}, ${previous.keyVersion},
                now() + ${i === 0 ? "30 minutes" : "-1 minute"}::interval)`;
    }

    const report = await rotateAll(adminSql(), bothRings, { workspaceId: ws });
    expect(report).toMatchObject({ webhooks: 2, failed: [] });
    const rows = await adminSql()<
      {
        id: string;
        secret_ciphertext: string;
        secret_key_version: number;
        previous_secret_ciphertext: string | null;
        previous_key_version: number | null;
        previous_expires_at: Date | null;
      }[]
    >`select id, secret_ciphertext, secret_key_version, previous_secret_ciphertext,
             previous_key_version, previous_expires_at
      from connectors.connector_webhooks where workspace_id = ${ws}`;
    const byId = new Map(rows.map((row) => [row.id, row]));
    const live = byId.get(hooks[0] ?? "");
    const expired = byId.get(hooks[1] ?? "");
    const open = (id: string, ciphertext: string, keyVersion: number) =>
      openWebhookSecret(newOnly, ws, id, { ciphertext, keyVersion });
    expect(
      await open(hooks[0] ?? "", live?.secret_ciphertext ?? "", live?.secret_key_version ?? 0),
    ).toBe("whsec_current_0");
    expect(
      await open(
        hooks[0] ?? "",
        live?.previous_secret_ciphertext ?? "",
        live?.previous_key_version ?? 0,
      ),
    ).toBe("whsec_previous_0");
    expect(live?.previous_expires_at).not.toBeNull();
    expect(expired).toMatchObject({
      secret_key_version: 2,
      previous_secret_ciphertext: null,
      previous_key_version: null,
      previous_expires_at: null,
    });
    // Bound to its hook: the other hook's row does not open it.
    await expect(
      open(hooks[1] ?? "", live?.secret_ciphertext ?? "", live?.secret_key_version ?? 0),
    ).rejects.toThrow(/could not be decrypted/);

    const again = await rotateAll(adminSql(), bothRings, { workspaceId: ws });
    expect(again).toMatchObject({ webhooks: 0, failed: [] });
  });
});
