import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { envelope, testClient } from "./harness/app.ts";
import { adminSql, createTeam } from "./harness/fixtures.ts";
import { insertConnectorRow } from "./harness/rows.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;

const client = testClient();
let team: Team;
let connectorId: string;
const history = () => `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/executions`;

beforeAll(async () => {
  team = await createTeam();
  connectorId = await insertConnectorRow(team.workspaceId);
});

describe("list parameters", () => {
  for (const query of ["limit=0", "limit=101", "limit=-1", "limit=ten", "status=done"]) {
    it(`answers ?${query} with 400 invalid_request and the issue in details`, async () => {
      const res = await client.json<{ error: { details: unknown[] } }>(`${history()}?${query}`, {
        token: team.member.token,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body).toMatchObject(envelope("invalid_request"));
      expect(res.body.error.details.length).toBeGreaterThan(0);
    });
  }

  for (const cursor of ["garbage", btoa("[1,2]"), btoa('["yesterday","not-a-uuid"]')]) {
    it(`answers a bad cursor (${cursor}) with 400`, async () => {
      const res = await client.json(`${history()}?cursor=${encodeURIComponent(cursor)}`, {
        token: team.member.token,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body).toMatchObject(envelope("invalid_request"));
    });
  }

  it("accepts limit=1 and limit=100", async () => {
    for (const limit of [1, 100]) {
      const res = await client.json(`${history()}?limit=${limit}`, { token: team.member.token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
  });
});

describe("ids", () => {
  const ws = () => `/v1/workspaces/${team.workspaceId}`;

  it("answers a non-UUID execution id with 404", async () => {
    for (const id of ["nope", "1", "00000000-0000-0000-0000-00000000000g"]) {
      const res = await client.json(`${ws()}/executions/${id}`, { token: team.member.token });
      expect(res.status, JSON.stringify(res.body)).toBe(404);
      expect(res.body).toMatchObject(envelope("not_found"));
    }
  });

  it("answers a non-UUID connector id with 404 on history and stats", async () => {
    for (const suffix of ["executions", "stats"]) {
      const res = await client.json(`${ws()}/connectors/not-a-uuid/${suffix}`, {
        token: team.member.token,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(404);
      expect(res.body).toMatchObject(envelope("not_found"));
    }
  });

  it("answers an unknown execution or connector id with 404", async () => {
    const unknown = crypto.randomUUID();
    for (const path of [
      `${ws()}/executions/${unknown}`,
      `${ws()}/connectors/${unknown}/executions`,
      `${ws()}/connectors/${unknown}/stats`,
    ]) {
      const res = await client.json(path, { token: team.member.token });
      expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBe(404);
      expect(res.body).toMatchObject(envelope("not_found"));
    }
  });

  it("answers a non-UUID workspace id with 404", async () => {
    const res = await client.json(`/v1/workspaces/acme/executions/${crypto.randomUUID()}`, {
      token: team.member.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(404);
    expect(res.body).toMatchObject(envelope("not_found"));
  });
});

describe("Idempotency-Key reused for another request", () => {
  // Loopback is refused by the outbound guard, so an execution that does start sends nothing.
  const BLOCKED = { steps: [{ id: "p", request: { method: "GET", url: "http://127.0.0.1:9/x" } }] };

  async function connectorOf(workspaceId: string, name: string): Promise<string> {
    const [row] = await adminSql()<{ id: string }[]>`
      insert into connectors.connectors (workspace_id, name, definition)
      values (${workspaceId}, ${name}, ${adminSql().json(BLOCKED)}) returning id`;
    return row?.id ?? "";
  }

  async function contactOf(workspaceId: string): Promise<string> {
    const [row] = await adminSql()<{ id: string }[]>`
      insert into connectors.contacts (workspace_id, email) values (${workspaceId}, 'k@ey.test')
      returning id`;
    return row?.id ?? "";
  }

  async function executionsWith(key: string): Promise<number> {
    const [row] = await adminSql()<{ n: number }[]>`
      select count(*)::int as n from connectors.connector_executions
      where workspace_id = ${team.workspaceId} and idempotency_key = ${key}`;
    return row?.n ?? -1;
  }

  const start = (connector: string, key: string, body: unknown) =>
    client.json<{ id: string }>(
      `/v1/workspaces/${team.workspaceId}/connectors/${connector}/executions`,
      { method: "POST", token: team.member.token, headers: { "idempotency-key": key }, body },
    );

  // PostgreSQL's jsonb cannot hold a NUL character (such input is a 400 of its own).
  const storable = (value: unknown) => !JSON.stringify(value).includes("\\u0000");
  const json = fc.jsonValue({ maxDepth: 3 }).filter(storable);
  const input = fc
    .dictionary(fc.string({ minLength: 1, maxLength: 8 }), json, { maxKeys: 5 })
    .filter(storable);

  it("on another connector or with a different body is 409 conflict and starts nothing", async () => {
    const [first, second, contact, otherContact] = [
      await connectorOf(team.workspaceId, "Keyed A"),
      await connectorOf(team.workspaceId, "Keyed B"),
      await contactOf(team.workspaceId),
      await contactOf(team.workspaceId),
    ];
    await fc.assert(
      fc.asyncProperty(
        input,
        fc.string({ minLength: 1, maxLength: 6 }).filter(storable),
        json,
        async (given, extra, value) => {
          const key = `k-${crypto.randomUUID()}`;
          const original = { input: given, contactId: contact };
          const started = await start(first, key, original);
          expect(started.status, JSON.stringify(started.body)).toBe(202);
          const changed = Object.hasOwn(given, extra) ? `${extra}-new` : extra;
          for (const [connector, body] of [
            [second, original],
            [first, { input: { ...given, [changed]: value }, contactId: contact }],
            [first, { input: given, contactId: otherContact }],
            [first, { input: given }],
          ] as const) {
            const res = await start(connector, key, body);
            expect(res.status, JSON.stringify(res.body)).toBe(409);
            expect(res.body).toMatchObject(envelope("conflict"));
          }
          // The same request again, keys in another order, is the first execution.
          const reordered = Object.fromEntries(Object.entries(given).reverse());
          const again = await start(first, key, { contactId: contact, input: reordered });
          expect(again.status, JSON.stringify(again.body)).toBe(202);
          expect(again.body.id).toBe(started.body.id);
          expect(again.headers.get("idempotent-replayed")).toBe("true");
          expect(await executionsWith(key)).toBe(1);
        },
      ),
      { numRuns: 6 },
    );
    await client.settle();
  });
});
