import { beforeAll, describe, expect, it } from "vitest";
import { decryptCredential, parseKeyring } from "../engine/crypto.ts";
import { DEV_CREDENTIALS_KEYS } from "../scripts/lib/local-defaults.ts";
import type { CredentialMeta } from "../worker/db/credentials.ts";
import { testClient } from "./harness/app.ts";
import { adminSql, createTeam } from "./harness/fixtures.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
const client = testClient();
const url = (name: string) => `/v1/workspaces/${team.workspaceId}/credentials/${name}`;
const SECRET = "sk_test_51Hk-very-secret-value";

beforeAll(async () => {
  team = await createTeam();
});

describe("credentials", () => {
  it("an admin stores a credential (201), replaces it (200), and members read its metadata", async () => {
    const created = await client.json<CredentialMeta>(url("stripe_key"), {
      method: "PUT",
      token: team.admin.token,
      body: { value: SECRET, allowedHosts: ["api.stripe.com"], provider: "stripe" },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      name: "stripe_key",
      provider: "stripe",
      authType: "bearer",
      keyVersion: 1,
      allowedHosts: ["api.stripe.com"],
      placements: ["header"],
      queryParam: null,
      createdBy: team.admin.id,
      lastUsedAt: null,
    });
    expect(JSON.stringify(created.body)).not.toContain(SECRET);

    const replaced = await client.json<CredentialMeta>(url("stripe_key"), {
      method: "PUT",
      token: team.owner.token,
      body: {
        value: `${SECRET}-2`,
        allowedHosts: ["api.stripe.com", "*.stripe.com"],
        authType: "api_key",
      },
    });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.body).toMatchObject({ id: created.body.id, authType: "api_key" });
    expect(replaced.body.allowedHosts).toEqual(["api.stripe.com", "*.stripe.com"]);

    const read = await client.json<CredentialMeta>(url("stripe_key"), { token: team.member.token });
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(created.body.id);
    const list = await client.json<{ data: CredentialMeta[] }>(
      `/v1/workspaces/${team.workspaceId}/credentials`,
      { token: team.member.token },
    );
    expect(list.body.data.map((c) => c.name)).toContain("stripe_key");
    expect(JSON.stringify(list.body)).not.toContain(SECRET);
  });

  it("stores only ciphertext that decrypts with the workspace, name and binding it was stored under", async () => {
    await client.json(url("crm_token"), {
      method: "PUT",
      token: team.owner.token,
      body: { value: SECRET, allowedHosts: ["crm.example.com"] },
    });
    const [row] = await adminSql()<{ ciphertext: string; key_version: number }[]>`
      select ciphertext, key_version from connectors.workspace_api_credentials
      where workspace_id = ${team.workspaceId} and name = 'crm_token'`;
    expect(row?.ciphertext).toBeDefined();
    expect(row?.ciphertext).not.toContain(SECRET);
    const keyring = parseKeyring(DEV_CREDENTIALS_KEYS);
    const binding = {
      workspaceId: team.workspaceId,
      name: "crm_token",
      allowedHosts: ["crm.example.com"],
      placements: ["header"],
      queryParam: null,
    };
    const plain = await decryptCredential(
      keyring,
      { ...binding, keyVersion: row?.key_version ?? 0 },
      row?.ciphertext ?? "",
    );
    expect(plain).toBe(SECRET);
    await expect(
      decryptCredential(
        keyring,
        { ...binding, workspaceId: team.otherWorkspaceId, keyVersion: 1 },
        row?.ciphertext ?? "",
      ),
    ).rejects.toThrow();
    await expect(
      decryptCredential(
        keyring,
        { ...binding, allowedHosts: ["crm.example.com", "evil.example"], keyVersion: 1 },
        row?.ciphertext ?? "",
      ),
    ).rejects.toThrow();
  });

  it("deletes a credential (204) and records every change in the audit log without the value", async () => {
    await client.json(url("temp_key"), {
      method: "PUT",
      token: team.owner.token,
      body: { value: SECRET, allowedHosts: ["x.example.com"] },
    });
    const deleted = await client.request(url("temp_key"), {
      method: "DELETE",
      token: team.owner.token,
    });
    expect(deleted.status).toBe(204);
    expect((await client.json(url("temp_key"), { token: team.owner.token })).status).toBe(404);
    const rows = await adminSql()<{ action: string; metadata: unknown }[]>`
      select action, metadata from connectors.audit_log
      where workspace_id = ${team.workspaceId} and target_id = 'temp_key' order by created_at`;
    expect(rows.map((r) => r.action)).toEqual(["credential.put", "credential.delete"]);
    const everything = await adminSql()<{ dump: string }[]>`
      select string_agg(metadata::text, ' ') as dump from connectors.audit_log`;
    expect(everything[0]?.dump ?? "").not.toContain(SECRET);
  });
});
