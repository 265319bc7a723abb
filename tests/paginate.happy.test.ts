// Paginated connectors through the real API (SPEC §10) against the demo target's paged lists:
// a dry run per style and resource lists every seeded row once; an execution stores the pages.
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { validateDefinition } from "../engine/definition.ts";
import { parseAllowList } from "../engine/outbound.ts";
import { DEMO_PAGINATED_CONNECTOR_ID, DEMO_WORKSPACE_ID } from "../scripts/lib/demo-data.ts";
import { DEMO_TARGET_PORT } from "../scripts/lib/local-defaults.ts";
import { seedDemo } from "../scripts/seed.ts";
import {
  DEMO_COMPANIES,
  DEMO_PEOPLE,
  PAGE_STYLES,
  pagedDemoDefinition,
} from "../scripts/lib/demo-pages.ts";
import { createDemoTarget, DEMO_TARGET_TOKEN } from "../scripts/lib/demo-target.ts";
import type { StepResult } from "../engine/run.ts";
import { testClient } from "./harness/app.ts";
import { waitForStatus } from "./harness/executions.ts";
import { adminSql, createTeam } from "./harness/fixtures.ts";

const target = createDemoTarget();
let host = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
  host = `127.0.0.1:${(target.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => target.close(() => resolve())));

type DryRun = {
  status: string;
  output: Record<string, Record<string, unknown>>;
  steps: StepResult[];
  error?: { kind: string };
};

async function workspace(client: ReturnType<typeof testClient>) {
  const team = await createTeam();
  const put = await client.json(`/v1/workspaces/${team.workspaceId}/credentials/example_token`, {
    method: "PUT",
    token: team.owner.token,
    body: { value: DEMO_TARGET_TOKEN, allowedHosts: [host] },
  });
  expect(put.status, JSON.stringify(put.body)).toBe(201);
  return team;
}

async function connector(
  client: ReturnType<typeof testClient>,
  team: Awaited<ReturnType<typeof workspace>>,
  definition: unknown,
): Promise<string> {
  const created = await client.json<{ id: string }>(
    `/v1/workspaces/${team.workspaceId}/connectors`,
    { method: "POST", token: team.member.token, body: { name: "List", definition } },
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}

describe("a paginated connector against the demo target", () => {
  it("a dry run lists every seeded person and company once, in each style", async () => {
    const client = testClient({ OUTBOUND_ALLOW_HOSTS: host });
    const team = await workspace(client);
    for (const [resource, rows] of [
      ["people", DEMO_PEOPLE],
      ["companies", DEMO_COMPANIES],
    ] as const) {
      for (const style of PAGE_STYLES) {
        const id = await connector(client, team, pagedDemoDefinition(host, style, resource));
        const dry = await client.json<DryRun>(
          `/v1/workspaces/${team.workspaceId}/connectors/${id}/test`,
          { method: "POST", token: team.member.token, body: { input: {} } },
        );
        expect(dry.status, JSON.stringify(dry.body)).toBe(200);
        expect(dry.body.status, `${resource} ${style}: ${JSON.stringify(dry.body.error)}`).toBe(
          "succeeded",
        );
        expect(dry.body.output.list?.ids).toEqual(rows.map((row) => row.id));
        expect(dry.body.output.list?.truncated).toBe(false);
        const trace = dry.body.steps[0]?.pagination;
        expect(trace?.items).toBe(rows.length);
        expect(trace?.requests.every((r) => r.status === 200)).toBe(true);
        expect(JSON.stringify(dry.body)).not.toContain(DEMO_TARGET_TOKEN);
      }
    }
  });

  it("a cap answers truncated; onLimit fail answers limit_exceeded", async () => {
    const client = testClient({ OUTBOUND_ALLOW_HOSTS: host });
    const team = await workspace(client);
    const definition = pagedDemoDefinition(host, "cursor");
    const step = definition.steps[0];
    if (!step) throw new Error("no step");
    const capped = { steps: [{ ...step, paginate: { ...step.paginate, maxPages: 2 } }] };
    const id = await connector(client, team, capped);
    const dry = await client.json<DryRun>(
      `/v1/workspaces/${team.workspaceId}/connectors/${id}/test`,
      { method: "POST", token: team.member.token, body: { input: {} } },
    );
    expect(dry.body.output.list).toMatchObject({ pages: 2, truncated: true });
    expect(dry.body.output.list?.ids).toEqual(DEMO_PEOPLE.slice(0, 50).map((p) => p.id));

    const failing = {
      steps: [{ ...step, paginate: { ...step.paginate, maxItems: 30, onLimit: "fail" } }],
    };
    const failId = await connector(client, team, failing);
    const failed = await client.json<DryRun>(
      `/v1/workspaces/${team.workspaceId}/connectors/${failId}/test`,
      { method: "POST", token: team.member.token, body: { input: {} } },
    );
    expect(failed.body.status).toBe("failed");
    expect(failed.body.error?.kind).toBe("limit_exceeded");
  });

  it("an execution stores each page's request and the first and last bodies, redacted", async () => {
    const client = testClient({ OUTBOUND_ALLOW_HOSTS: host, RUNNER: "inline" });
    const team = await workspace(client);
    const id = await connector(client, team, pagedDemoDefinition(host, "linkHeader"));
    const started = await client.json<{ id: string }>(
      `/v1/workspaces/${team.workspaceId}/connectors/${id}/executions`,
      { method: "POST", token: team.member.token, body: { input: {} } },
    );
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    await client.settle();
    const row = await waitForStatus(started.body.id, ["succeeded", "failed"]);
    expect(row.status, JSON.stringify(row.error)).toBe("succeeded");
    const read = await client.json<{ stepResults: StepResult[]; output: DryRun["output"] }>(
      `/v1/workspaces/${team.workspaceId}/executions/${started.body.id}`,
      { token: team.member.token },
    );
    expect(read.status).toBe(200);
    expect(read.body.output.list?.ids).toEqual(DEMO_PEOPLE.map((p) => p.id));
    const [step] = read.body.stepResults;
    expect(step?.pagination).toMatchObject({ pages: 3, items: 57, truncated: false });
    expect(
      step?.pagination?.requests.map((r) => new URL(r.url ?? "").searchParams.get("page")),
    ).toEqual([null, "2", "3"]);
    expect(JSON.parse(step?.pagination?.firstResponseBody ?? "[]")).toHaveLength(25);
    expect(JSON.parse(step?.responseBody ?? "[]")).toHaveLength(7);
    const [stored] = await adminSql()<{ dump: string }[]>`
      select t::text as dump from connectors.connector_executions t where id = ${started.body.id}`;
    expect(stored?.dump).not.toContain(DEMO_TARGET_TOKEN);
  });
});

describe("the dev seed's paginated connector", () => {
  it("is seeded in the demo workspace: the cursor style over the demo target, a valid definition", async () => {
    await seedDemo(inject("superuserUrl"));
    const demoHost = `127.0.0.1:${DEMO_TARGET_PORT}`;
    const [row] = await adminSql()<{ definition: unknown; workspace_id: string }[]>`
      select definition, workspace_id from connectors.connectors
      where id = ${DEMO_PAGINATED_CONNECTOR_ID}`;
    expect(row?.workspace_id).toBe(DEMO_WORKSPACE_ID);
    expect(row?.definition).toEqual(pagedDemoDefinition(demoHost, "cursor"));
    const checked = validateDefinition(row?.definition, { outbound: parseAllowList(demoHost) });
    expect(checked.ok, JSON.stringify(checked)).toBe(true);
  });
});
