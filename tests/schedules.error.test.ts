import { beforeAll, describe, expect, it } from "vitest";
import { envelope, testClient } from "./harness/app.ts";
import { adminSql, createTeam } from "./harness/fixtures.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
type ErrorBody = { error: { code: string; details?: { path: unknown[] }[] } };

const client = testClient();
let team: Team;
let connectorId: string;
const path = (id = connectorId) => `/v1/workspaces/${team.workspaceId}/connectors/${id}/schedule`;

function put(body: unknown, id?: string) {
  return client.json<ErrorBody>(path(id), { method: "PUT", token: team.member.token, body });
}

async function scheduleRows() {
  return adminSql()`select 1 from connectors.connector_schedules where connector_id = ${connectorId}`;
}

beforeAll(async () => {
  team = await createTeam();
  const sql = adminSql();
  const definition = {
    input: { type: "object", required: ["email"], properties: { email: { type: "string" } } },
    steps: [{ id: "ping", request: { method: "GET", url: "https://api.example.com/ping" } }],
  };
  const [row] = await sql<{ id: string }[]>`
    insert into connectors.connectors (workspace_id, name, definition)
    values (${team.workspaceId}, 'With schema', ${sql.json(definition)}) returning id`;
  connectorId = row?.id ?? "";
});

describe("PUT …/schedule refuses", () => {
  const badCrons: [string, string][] = [
    ["61 * * * *", "a minute out of range"],
    ["0 0 * * * *", "a seconds field"],
    ["0 0 * * * * 2027", "a year field"],
    ["0 0 30 2 *", "a cron that never fires"],
    ["@reboot", "an alias with no time"],
    ["* * *", "too few fields"],
    ["every day", "words"],
    ["   ", "blanks"],
  ];
  it.each(badCrons)("%s (%s) with 400 naming cron", async (cron) => {
    const res = await put({ cron, input: { email: "a@b.test" } });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body).toMatchObject(envelope("invalid_request"));
    expect(res.body.error.details?.[0]?.path).toEqual(["cron"]);
  });

  it.each([["Mars/Olympus_Mons"], ["+02:00"], ["Europe/Berlin\n"], ["../etc/passwd"]])(
    "the time zone %j with 400 naming timezone",
    async (timezone) => {
      const res = await put({ cron: "@daily", timezone, input: { email: "a@b.test" } });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body).toMatchObject(envelope("invalid_request"));
      expect(res.body.error.details?.[0]?.path).toEqual(["timezone"]);
    },
  );

  it("an input that does not match the connector's schema with 400 and details", async () => {
    const res = await put({ cron: "@daily", input: { email: 42 } });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body).toMatchObject(envelope("invalid_request"));
    expect(res.body.error.details?.length).toBeGreaterThan(0);
  });

  it.each([
    ["no cron", { input: {} }],
    ["a cron that is not a string", { cron: 5 }],
    ["an unknown field", { cron: "@daily", nextRunAt: "2030-01-01T00:00:00Z" }],
    ["an input that is not an object", { cron: "@daily", input: [1, 2] }],
    ["a malformed contact id", { cron: "@daily", contactId: "not-a-uuid" }],
    ["enabled that is not a boolean", { cron: "@daily", enabled: "yes" }],
    ["a cron over 200 characters", { cron: `${"1,".repeat(150)}1 * * * *` }],
  ])("%s with 400 invalid_request", async (_, body) => {
    const res = await put(body);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body).toMatchObject(envelope("invalid_request"));
  });

  it("malformed JSON with 400", async () => {
    const res = await put("{not json");
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body).toMatchObject(envelope("invalid_request"));
  });

  it("a body over 256 KiB with 413", async () => {
    const res = await put({ cron: "@daily", input: { email: "x".repeat(300 * 1024) } });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject(envelope("payload_too_large"));
  });

  it("a contact the workspace does not have with 404, as a start does", async () => {
    const res = await put({
      cron: "@daily",
      input: { email: "a@b.test" },
      contactId: crypto.randomUUID(),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(404);
    expect(res.body).toMatchObject(envelope("not_found"));
  });

  it("a connector that does not exist (or is no UUID) with 404", async () => {
    for (const id of [crypto.randomUUID(), "nope"]) {
      const res = await put({ cron: "@daily" }, id);
      expect(res.status, JSON.stringify(res.body)).toBe(404);
      expect(res.body).toMatchObject(envelope("not_found"));
    }
  });

  it("and writes nothing when it refuses", async () => {
    await put({ cron: "0 0 30 2 *", input: { email: "a@b.test" } });
    await put({ cron: "@daily", input: {} });
    expect(await scheduleRows()).toHaveLength(0);
  });
});

describe("GET and DELETE …/schedule", () => {
  it("answer 404 for a connector with no schedule and for an id that is no UUID", async () => {
    for (const id of [connectorId, "nope"]) {
      const read = await client.json(path(id), { token: team.member.token });
      expect(read.status, JSON.stringify(read.body)).toBe(404);
      expect(read.body).toMatchObject(envelope("not_found"));
      const removed = await client.json(path(id), { method: "DELETE", token: team.member.token });
      expect(removed.status, JSON.stringify(removed.body)).toBe(404);
      expect(removed.body).toMatchObject(envelope("not_found"));
    }
  });
});
