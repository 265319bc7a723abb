import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signatureFor } from "../scripts/lib/webhook-signature.ts";
import type { TestClient } from "./harness/app.ts";
import { arrangeConnector, type Team, waitForStatus } from "./harness/executions.ts";
import { adminSql } from "./harness/fixtures.ts";
import type { TestTarget } from "./harness/target.ts";
import { closeHookSuite, createHook, deliver, openHookSuite } from "./harness/webhooks.ts";

const TOKEN = "tok_live_webhooks_8c1d2e3f4a5b";
let suite: Awaited<ReturnType<typeof openHookSuite>>;
let client: TestClient;
let target: TestTarget;
let team: Team;
let connectorId: string;
let contactId: string;

beforeAll(async () => {
  suite = await openHookSuite(TOKEN);
  ({ client, target, team, connectorId, contactId } = suite);
});

afterAll(() => closeHookSuite(suite));

const at = () => ({ workspaceId: team.workspaceId, connectorId, token: team.admin.token });
const hooksUrl = () => `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/webhooks`;

type Listed = { data: Record<string, unknown>[]; nextCursor: string | null };

async function executionOf(id: string) {
  const [row] = await adminSql()<
    { trigger: string; created_by: string | null; input: unknown; contact_id: string | null }[]
  >`select trigger, created_by, input, contact_id from connectors.connector_executions
    where id = ${id}`;
  return row;
}

describe("managing webhooks", () => {
  it("an admin creates a webhook and sees its secret once; members list it without the secret", async () => {
    const res = await client.json<Record<string, unknown>>(hooksUrl(), {
      method: "POST",
      token: team.admin.token,
      body: { description: "Signup form", contactIdPath: "$.contact.id" },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const hook = res.body;
    expect(hook).toMatchObject({
      connectorId,
      description: "Signup form",
      contactIdPath: "$.contact.id",
      lastDeliveryAt: null,
      rotatedAt: null,
      previousSecretExpiresAt: null,
      createdBy: team.admin.id,
    });
    expect(hook.url).toBe(`http://localhost/v1/hooks/${hook.id}`);
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(typeof hook.createdAt).toBe("string");

    const listed = await client.json<Listed>(hooksUrl(), { token: team.member.token });
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    const item = listed.body.data.find((h) => h.id === hook.id);
    expect(item).toMatchObject({ id: hook.id, url: hook.url, lastDeliveryAt: null });
    expect(item).not.toHaveProperty("secret");
    expect(JSON.stringify(listed.body)).not.toContain(String(hook.secret));
  });

  it("an owner creates a webhook with no body at all", async () => {
    const res = await client.json<Record<string, unknown>>(hooksUrl(), {
      method: "POST",
      token: team.owner.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ description: null, contactIdPath: null });
  });

  it("pages through a connector's webhooks newest first", async () => {
    const other = await arrangeConnector(client, target.host, TOKEN);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(
        (
          await createHook(client, {
            workspaceId: other.team.workspaceId,
            connectorId: other.connectorId,
            token: other.team.owner.token,
          })
        ).id,
      );
    }
    const url = `/v1/workspaces/${other.team.workspaceId}/connectors/${other.connectorId}/webhooks`;
    const first = await client.json<Listed>(`${url}?limit=2`, { token: other.team.member.token });
    expect(first.body.data.map((h) => h.id)).toEqual([ids[2], ids[1]]);
    const second = await client.json<Listed>(`${url}?limit=2&cursor=${first.body.nextCursor}`, {
      token: other.team.member.token,
    });
    expect(second.body).toEqual({
      data: [expect.objectContaining({ id: ids[0] })],
      nextCursor: null,
    });
  });
});

describe("deliveries", () => {
  it("a signed delivery starts a webhook execution with the body as its input", async () => {
    const hook = await createHook(client, at());
    const body = JSON.stringify({ email: "ada@lovelace.test", score: 7 });
    const res = await deliver(client, hook.id, body, { secret: hook.secret });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(Object.keys(res.body)).toEqual(["executionId"]);
    const executionId = res.body.executionId ?? "";
    expect(await executionOf(executionId)).toEqual({
      trigger: "webhook",
      created_by: null,
      input: { email: "ada@lovelace.test", score: 7 },
      contact_id: null,
    });
    await client.settle();
    const row = await waitForStatus(executionId, ["succeeded", "failed"]);
    expect(row.status, JSON.stringify(row.error)).toBe("succeeded");

    const listed = await client.json<Listed>(hooksUrl(), { token: team.member.token });
    const item = listed.body.data.find((h) => h.id === hook.id);
    expect(typeof item?.lastDeliveryAt).toBe("string");
    const [audit] = await adminSql()<{ actor_id: string | null; metadata: unknown }[]>`
      select actor_id, metadata from connectors.audit_log
      where action = 'execution.start' and target_id = ${executionId}`;
    expect(audit).toEqual({
      actor_id: null,
      metadata: { connectorId, trigger: "webhook", webhookId: hook.id },
    });
  });

  it("the same delivery again answers the first execution and calls the target once", async () => {
    const hook = await createHook(client, at());
    const email = `replay-${crypto.randomUUID().slice(0, 8)}@lovelace.test`;
    const body = JSON.stringify({ email });
    const t = Math.floor(Date.now() / 1000);
    const first = await deliver(client, hook.id, body, { secret: hook.secret, t });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    await client.settle();
    await waitForStatus(first.body.executionId ?? "", ["succeeded", "failed"]);
    const again = await deliver(client, hook.id, body, { secret: hook.secret, t });
    expect(again.status, JSON.stringify(again.body)).toBe(202);
    expect(again.body.executionId).toBe(first.body.executionId);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    await client.settle();
    expect(target.hits(`/v1/people?email=${encodeURIComponent(email)}`)).toBe(1);
    const [count] = await adminSql()<{ n: number }[]>`
      select count(*)::int as n from connectors.connector_executions
      where workspace_id = ${team.workspaceId} and input ->> 'email' = ${email}`;
    expect(count?.n).toBe(1);
  });

  it("accepts a header with several v1 entries when one of them verifies", async () => {
    const hook = await createHook(client, at());
    const body = JSON.stringify({ email: "grace@hopper.test" });
    const t = Math.floor(Date.now() / 1000);
    const wrong = signatureFor("whsec_not-the-secret", t, body);
    const right = signatureFor(hook.secret, t, body);
    const res = await deliver(client, hook.id, body, `t=${t},v1=${wrong},v1=${right}`);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
  });

  it("runs for the contact contactIdPath names, and without one when it names none of the workspace's", async () => {
    const hook = await createHook(client, at(), { contactIdPath: "$.contact.id" });
    const named = await deliver(
      client,
      hook.id,
      JSON.stringify({ email: "ada@lovelace.test", contact: { id: contactId } }),
      { secret: hook.secret },
    );
    expect(named.status, JSON.stringify(named.body)).toBe(202);
    expect((await executionOf(named.body.executionId ?? ""))?.contact_id).toBe(contactId);

    for (const id of [crypto.randomUUID(), "not-a-uuid", 42]) {
      const other = await deliver(
        client,
        hook.id,
        JSON.stringify({ email: "ada@lovelace.test", contact: { id } }),
        { secret: hook.secret },
      );
      expect(other.status, JSON.stringify(other.body)).toBe(202);
      expect((await executionOf(other.body.executionId ?? ""))?.contact_id).toBeNull();
    }
  });
});

describe("rotation", () => {
  it("the new secret works at once and the old one for its hour only", async () => {
    const hook = await createHook(client, at());
    const rotated = await client.json<Record<string, unknown>>(`${hooksUrl()}/${hook.id}/rotate`, {
      method: "POST",
      token: team.owner.token,
    });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    const secret = String(rotated.body.secret);
    expect(secret).not.toBe(hook.secret);
    const expires = Date.parse(String(rotated.body.previousSecretExpiresAt));
    const rotatedAt = Date.parse(String(rotated.body.rotatedAt));
    expect(expires - rotatedAt).toBe(3_600_000);

    const body = (n: number) => JSON.stringify({ email: `rotation-${n}@lovelace.test` });
    expect((await deliver(client, hook.id, body(1), { secret })).status).toBe(202);
    expect((await deliver(client, hook.id, body(2), { secret: hook.secret })).status).toBe(202);

    // Signed with both secrets, then resent with only the old one: still the same delivery.
    const t = Math.floor(Date.now() / 1000);
    const both = `t=${t},v1=${signatureFor(secret, t, body(5))},v1=${signatureFor(hook.secret, t, body(5))}`;
    const first = await deliver(client, hook.id, body(5), both);
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    const oldOnly = `t=${t},v1=${signatureFor(hook.secret, t, body(5))}`;
    const again = await deliver(client, hook.id, body(5), oldOnly);
    expect(again.status, JSON.stringify(again.body)).toBe(202);
    expect(again.body.executionId).toBe(first.body.executionId);

    // The hour's end, without waiting for it.
    await adminSql()`
      update connectors.connector_webhooks set previous_expires_at = now() - interval '1 second'
      where id = ${hook.id}`;
    const old = await deliver(client, hook.id, body(3), { secret: hook.secret });
    expect(old.status, JSON.stringify(old.body)).toBe(401);
    expect((await deliver(client, hook.id, body(4), { secret })).status).toBe(202);
  });
});

describe("deleting and auditing", () => {
  it("a deleted hook answers 401, and create, rotate and delete are audited without the secret", async () => {
    const hook = await createHook(client, at());
    const rotated = await client.json<{ secret: string }>(`${hooksUrl()}/${hook.id}/rotate`, {
      method: "POST",
      token: team.admin.token,
    });
    const removed = await client.request(`${hooksUrl()}/${hook.id}`, {
      method: "DELETE",
      token: team.admin.token,
    });
    expect(removed.status).toBe(204);
    const res = await deliver(client, hook.id, "{}", { secret: rotated.body.secret });
    expect(res.status, JSON.stringify(res.body)).toBe(401);

    const audit = await client.json<{ data: { action: string; metadata: unknown }[] }>(
      `/v1/workspaces/${team.workspaceId}/audit-log?limit=100`,
      { token: team.owner.token },
    );
    expect(audit.status, JSON.stringify(audit.body)).toBe(200);
    const mine = audit.body.data.filter((e) => JSON.stringify(e).includes(hook.id));
    expect(mine.map((e) => e.action).sort()).toEqual([
      "webhook.create",
      "webhook.delete",
      "webhook.rotate",
    ]);
    const text = JSON.stringify(mine);
    expect(text).not.toContain(hook.secret);
    expect(text).not.toContain(rotated.body.secret);
  });
});
