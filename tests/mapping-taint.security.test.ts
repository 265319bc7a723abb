// docs/SECURITY.md: a field-mapping entry fed by a tainted value (extracted from an answer to a
// request that put a credential in a query, path or body) is skipped and recorded — in the dry
// run's answer and on the execution — and the contact keeps its old value.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testClient } from "./harness/app.ts";
import { waitForStatus } from "./harness/executions.ts";
import { adminSql, createTeam } from "./harness/fixtures.ts";
import { type TestTarget, startTarget } from "./harness/target.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
type Skip = { field: string; reason: string };
const TOKEN = "tok_live_mapping_taint_5e4d3c2b1a";
let team: Team;
let target: TestTarget;
let client: ReturnType<typeof testClient>;
let connectorId: string;
let contactId: string;

beforeAll(async () => {
  target = await startTarget({ token: TOKEN });
  client = testClient({ OUTBOUND_ALLOW_HOSTS: target.host, RUNNER: "inline" });
  team = await createTeam();
  const stored = await client.json(`/v1/workspaces/${team.workspaceId}/credentials/example_token`, {
    method: "PUT",
    token: team.owner.token,
    body: { value: TOKEN, allowedHosts: [target.host], placements: ["header", "query"] },
  });
  expect(stored.status, JSON.stringify(stored.body)).toBe(201);
  const created = await client.json<{ id: string }>(
    `/v1/workspaces/${team.workspaceId}/connectors`,
    {
      method: "POST",
      token: team.member.token,
      body: {
        name: "tainted mapping",
        definition: {
          steps: [
            {
              id: "find",
              request: {
                method: "GET",
                url: `http://${target.host}/v1/people?email={{input.email}}&k={{credentials.example_token}}`,
                auth: { type: "bearer", credential: "example_token" },
              },
              extract: { company: "$.results[0].company.name" },
            },
          ],
          fieldMapping: { company: "{{steps.find.company}}", "custom_fields.seen": "yes" },
        },
      },
    },
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  connectorId = created.body.id;
  const [contact] = await adminSql()<{ id: string }[]>`
    insert into connectors.contacts (workspace_id, email, company)
    values (${team.workspaceId}, 'ada@lovelace.test', 'Before Ltd') returning id`;
  contactId = contact?.id ?? "";
});

afterAll(async () => {
  await target.close();
});

describe("a field mapping fed by a tainted value", () => {
  it("is left out of the dry run's mapping and listed in mappingSkipped", async () => {
    const res = await client.json<{ mapping: Record<string, unknown>; mappingSkipped: Skip[] }>(
      `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/test`,
      { method: "POST", token: team.member.token, body: { input: { email: "ada@lovelace.test" } } },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.mapping).not.toHaveProperty("company");
    expect(res.body.mappingSkipped.map((skip) => skip.field)).toEqual(["company"]);
    expect(JSON.stringify(res.body)).not.toContain("Analytical Engines");
  });

  it("is recorded on the execution and never written onto the contact", async () => {
    const started = await client.json<{ id: string }>(
      `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/executions`,
      {
        method: "POST",
        token: team.member.token,
        body: { input: { email: "ada@lovelace.test" }, contactId },
      },
    );
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    await client.settle();
    await waitForStatus(started.body.id, ["succeeded", "failed"]);
    const read = await client.json<{ status: string; mappingSkipped: Skip[] }>(
      `/v1/workspaces/${team.workspaceId}/executions/${started.body.id}`,
      { token: team.member.token },
    );
    expect(read.body.status).toBe("succeeded");
    expect(read.body.mappingSkipped.map((skip) => skip.field)).toEqual(["company"]);
    const [contact] = await adminSql()<
      { company: string; custom_fields: Record<string, unknown> }[]
    >`
      select company, custom_fields from connectors.contacts where id = ${contactId}`;
    expect(contact?.company).toBe("Before Ltd");
    expect(contact?.custom_fields).toMatchObject({ seen: "yes" });
  });
});
