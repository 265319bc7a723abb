import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseKeyring } from "../engine/crypto.ts";
import { DEV_CREDENTIALS_KEYS } from "../scripts/lib/local-defaults.ts";
import { signatureFor } from "../scripts/lib/webhook-signature.ts";
import { sealWebhookSecret } from "../worker/services/webhooks-signature.ts";
import { envelope, type TestClient } from "./harness/app.ts";
import { arrangeConnector, type Team } from "./harness/executions.ts";
import { adminSql } from "./harness/fixtures.ts";
import {
  type CreatedHook,
  closeHookSuite,
  createHook,
  deliver,
  openHookSuite,
} from "./harness/webhooks.ts";

const TOKEN = "tok_live_webhook_security_1a2b3c4d";
let suite: Awaited<ReturnType<typeof openHookSuite>>;
let client: TestClient;
let team: Team;
let connectorId: string;
let hook: CreatedHook;

beforeAll(async () => {
  suite = await openHookSuite(TOKEN);
  ({ client, team, connectorId, hook } = suite);
});

afterAll(() => closeHookSuite(suite));

const hooksUrl = (ws = team.workspaceId, connector = connectorId) =>
  `/v1/workspaces/${ws}/connectors/${connector}/webhooks`;

describe("who may manage webhooks", () => {
  it("an outsider gets 404 on every webhook route and changes nothing", async () => {
    const token = team.outsider.token;
    const attempts = [
      client.json(hooksUrl(), { token }),
      client.json(hooksUrl(), { method: "POST", token, body: {} }),
      client.json(`${hooksUrl()}/${hook.id}/rotate`, { method: "POST", token }),
      client.json(`${hooksUrl()}/${hook.id}`, { method: "DELETE", token }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status, JSON.stringify(res.body)).toBe(404);
      expect(res.body).toMatchObject(envelope("not_found"));
    }
    const [row] = await adminSql()<{ rotated_at: Date | null }[]>`
      select rotated_at from connectors.connector_webhooks where id = ${hook.id}`;
    expect(row).toEqual({ rotated_at: null });
  });

  it("a member lists webhooks but gets 403 on create, rotate and delete, whatever the body", async () => {
    const token = team.member.token;
    const listed = await client.json(hooksUrl(), { token });
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    const attempts = [
      client.json(hooksUrl(), { method: "POST", token, body: { contactIdPath: "$[" } }),
      client.json(`${hooksUrl()}/${hook.id}/rotate`, { method: "POST", token }),
      client.json(`${hooksUrl()}/${hook.id}`, { method: "DELETE", token }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status, JSON.stringify(res.body)).toBe(403);
      expect(res.body).toMatchObject(envelope("forbidden"));
    }
  });

  it("a hook is reached only through its own workspace and connector", async () => {
    const other = await arrangeConnector(client, suite.target.host, TOKEN);
    const sibling = (
      await adminSql()<{ id: string }[]>`
        insert into connectors.connectors (workspace_id, name, definition)
        values (${team.workspaceId}, 'Sibling', '{"steps": []}'::jsonb) returning id`
    )[0]?.id;
    const paths = [
      hooksUrl(other.team.workspaceId, other.connectorId),
      hooksUrl(other.team.workspaceId, connectorId),
      hooksUrl(team.workspaceId, sibling),
    ];
    const tokens = [other.team.owner.token, other.team.owner.token, team.owner.token];
    for (const [i, base] of paths.entries()) {
      const token = tokens[i] ?? "";
      const rotate = await client.json(`${base}/${hook.id}/rotate`, { method: "POST", token });
      expect(rotate.status, JSON.stringify(rotate.body)).toBe(404);
      const remove = await client.json(`${base}/${hook.id}`, { method: "DELETE", token });
      expect(remove.status, JSON.stringify(remove.body)).toBe(404);
    }
    const created = await client.json(hooksUrl(other.team.workspaceId, connectorId), {
      method: "POST",
      token: other.team.owner.token,
      body: {},
    });
    expect(created.status, JSON.stringify(created.body)).toBe(404);
    const listed = await client.json<{ data: { id: string }[] }>(
      hooksUrl(team.workspaceId, sibling),
      {
        token: team.owner.token,
      },
    );
    expect(listed.body.data).toEqual([]);
  });

  it("a secret is in no list, audit row, log line or table in plain text", async () => {
    const logged: unknown[][] = [];
    const spies = (["log", "info", "warn", "error"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...line: unknown[]) => {
        logged.push(line);
      }),
    );
    const made = await createHook(client, {
      workspaceId: team.workspaceId,
      connectorId,
      token: team.admin.token,
    });
    const rotated = await client.json<{ secret: string }>(`${hooksUrl()}/${made.id}/rotate`, {
      method: "POST",
      token: team.admin.token,
    });
    const body = JSON.stringify({ email: "ada@lovelace.test" });
    expect((await deliver(client, made.id, body, { secret: made.secret })).status).toBe(202);
    expect((await deliver(client, made.id, body, { secret: "whsec_wrong" })).status).toBe(401);
    await client.settle();
    const secrets = [made.secret, rotated.body.secret];
    const list = await client.request(hooksUrl(), { token: team.owner.token });
    const audit = await client.request(`/v1/workspaces/${team.workspaceId}/audit-log?limit=100`, {
      token: team.owner.token,
    });
    for (const spy of spies) spy.mockRestore();
    const seen = [await list.text(), await audit.text(), JSON.stringify(logged)];
    const tables = await adminSql()<{ table_name: string }[]>`
      select table_name from information_schema.tables
      where table_schema = 'connectors' and table_type = 'BASE TABLE'`;
    for (const { table_name } of tables) {
      const rows = await adminSql().unsafe(`select t::text as row from connectors.${table_name} t`);
      seen.push(rows.map((r) => String(r.row)).join("\n"));
    }
    for (const secret of secrets) {
      for (const text of seen) expect(text).not.toContain(secret);
    }
  });
});

/** The 401 body without its request id: every refused delivery must answer exactly this. */
function refusal(res: { status: number; body: unknown; headers: Headers }) {
  const body = structuredClone(res.body) as { error?: { requestId?: string } };
  if (body.error) body.error.requestId = "<id>";
  return { status: res.status, body, type: res.headers.get("content-type") };
}

const HEX = "0123456789abcdef";

/** Ways to spoil a correct delivery: each must answer the uniform 401. */
function mutations(t: number, v1: string, body: string, hookId: string, digit: number) {
  const other = HEX[(HEX.indexOf(v1[digit] ?? "0") + 1) % 16] ?? "0";
  const flipped = v1.slice(0, digit) + other + v1.slice(digit + 1);
  const at = Math.min(digit, body.length - 1);
  const code = body.charCodeAt(at);
  const bodyByte =
    body.slice(0, at) + String.fromCharCode(code === 0x20 ? 0x21 : 0x20) + body.slice(at + 1);
  const list: [string, { hookId?: string; header: string | null; body?: string }][] = [
    ["no header", { header: null }],
    ["an empty header", { header: "" }],
    ["t one second later", { header: `t=${t + 1},v1=${v1}` }],
    ["t one second earlier", { header: `t=${t - 1},v1=${v1}` }],
    ["t with a leading zero", { header: `t=0${t},v1=${v1}` }],
    ["t that is not a number", { header: `t=${t}x,v1=${v1}` }],
    [`hex digit ${digit} changed`, { header: `t=${t},v1=${flipped}` }],
    ["the hex in upper case", { header: `t=${t},v1=${v1.toUpperCase()}` }],
    ["the hex one digit short", { header: `t=${t},v1=${v1.slice(0, -1)}` }],
    ["the hex one digit long", { header: `t=${t},v1=${v1}0` }],
    ["the hex doubled", { header: `t=${t},v1=${v1}${v1}` }],
    ["no t", { header: `v1=${v1}` }],
    ["no v1", { header: `t=${t}` }],
    ["t twice", { header: `t=${t},t=${t},v1=${v1}` }],
    ["an unknown field", { header: `t=${t},v1=${v1},v0=${v1}` }],
    ["another scheme's name", { header: `t=${t},v2=${v1}` }],
    ["a space after the comma", { header: `t=${t}, v1=${v1}` }],
    ["a space before =", { header: `t =${t},v1=${v1}` }],
    ["a tab inside", { header: `t=${t},v1=\t${v1}` }],
    ["a trailing comma", { header: `t=${t},v1=${v1},` }],
    ["semicolons", { header: `t=${t};v1=${v1}` }],
    ["one body byte changed", { header: `t=${t},v1=${v1}`, body: bodyByte }],
    [
      "the body re-encoded",
      { header: `t=${t},v1=${v1}`, body: `${JSON.stringify(JSON.parse(body), null, 1)}\n` },
    ],
    ["the body with a trailing newline", { header: `t=${t},v1=${v1}`, body: `${body}\n` }],
    ["an unknown hook", { hookId: crypto.randomUUID(), header: `t=${t},v1=${v1}` }],
    [
      "a hook id in upper case of another",
      { hookId: crypto.randomUUID().toUpperCase(), header: `t=${t},v1=${v1}` },
    ],
    ["a hook id that is not a UUID", { hookId: "not-a-uuid", header: `t=${t},v1=${v1}` }],
    [
      "the signature of another hook's id",
      { hookId, header: `t=${t},v1=${signatureFor("whsec_other", t, body)}` },
    ],
  ];
  return list;
}

describe("hostile signatures", () => {
  it("every mutation of a correct delivery answers the identical 401; the delivery itself 202", async () => {
    const probe = await deliver(client, crypto.randomUUID(), "{}", `t=1,v1=${"0".repeat(64)}`);
    const expected = refusal(probe);
    expect(expected.status).toBe(401);
    expect(probe.body).toMatchObject(envelope("unauthorized"));
    const keyring = parseKeyring(DEV_CREDENTIALS_KEYS);

    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 80 }),
        fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
        fc.integer({ min: -250, max: 250 }),
        fc.nat({ max: 63 }),
        async (secret, extra, skew, digit) => {
          // Any secret, sealed as the API seals one, so the sender's key is arbitrary text.
          const sealed = await sealWebhookSecret(keyring, team.workspaceId, hook.id, secret);
          await adminSql()`
            update connectors.connector_webhooks
            set secret_ciphertext = ${sealed.ciphertext}, secret_key_version = ${sealed.keyVersion}
            where id = ${hook.id}`;
          const body = JSON.stringify({ ...extra, email: "fuzz@lovelace.test" });
          const t = Math.floor(Date.now() / 1000) + skew;
          const v1 = signatureFor(secret, t, body);
          for (const [label, m] of mutations(t, v1, body, hook.id, digit)) {
            const res = await deliver(client, m.hookId ?? hook.id, m.body ?? body, m.header);
            expect(refusal(res), label).toEqual(expected);
          }
          const ok = await deliver(client, hook.id, body, `t=${t},v1=${v1}`);
          expect(ok.status, JSON.stringify(ok.body)).toBe(202);
        },
      ),
      { numRuns: 12 },
    );
    await client.settle();
  }, 180_000);

  it("changing any one hex digit of the signature is refused", async () => {
    const body = JSON.stringify({ email: "ada@lovelace.test" });
    const t = Math.floor(Date.now() / 1000);
    const secret = hook.secret;
    const keyring = parseKeyring(DEV_CREDENTIALS_KEYS);
    const sealed = await sealWebhookSecret(keyring, team.workspaceId, hook.id, secret);
    await adminSql()`
      update connectors.connector_webhooks
      set secret_ciphertext = ${sealed.ciphertext}, secret_key_version = ${sealed.keyVersion}
      where id = ${hook.id}`;
    const v1 = signatureFor(secret, t, body);
    for (let i = 0; i < v1.length; i++) {
      for (const shift of [(i % 15) + 1]) {
        const digit = HEX[(HEX.indexOf(v1[i] ?? "0") + shift) % 16];
        const res = await deliver(
          client,
          hook.id,
          body,
          `t=${t},v1=${v1.slice(0, i)}${digit}${v1.slice(i + 1)}`,
        );
        expect(res.status, `digit ${i}`).toBe(401);
      }
    }
  }, 90_000);

  it("a secret sealed for another hook does not verify this one's deliveries", async () => {
    const other = await createHook(client, {
      workspaceId: team.workspaceId,
      connectorId,
      token: team.owner.token,
    });
    const victim = await createHook(client, {
      workspaceId: team.workspaceId,
      connectorId,
      token: team.owner.token,
    });
    // Moving another hook's sealed secret onto this row (a database edit) opens nothing.
    await adminSql()`
      update connectors.connector_webhooks v
      set secret_ciphertext = o.secret_ciphertext, secret_key_version = o.secret_key_version
      from connectors.connector_webhooks o
      where v.id = ${victim.id} and o.id = ${other.id}`;
    const body = JSON.stringify({ email: "ada@lovelace.test" });
    for (const secret of [other.secret, victim.secret]) {
      const res = await deliver(client, victim.id, body, { secret });
      expect(res.status, JSON.stringify(res.body)).toBe(401);
    }
  });
});
