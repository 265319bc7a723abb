import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { parseConfig } from "../worker/env.ts";
import { sweep } from "../worker/services/sweeper.ts";
import { type TestClient, testClient, testEnv } from "./harness/app.ts";
import { arrangeConnector, executionRow, taskBody, waitForStatus } from "./harness/executions.ts";
import { adminSql } from "./harness/fixtures.ts";
import { type TestTarget, startTarget } from "./harness/target.ts";
import { type TriggerStandIn, startTriggerStandIn } from "./harness/trigger-standin.ts";

const TOKEN = "tok_live_4f9a8b7c6d5e4f3a2b1c0d9e";
let target: TestTarget;
let standIn: TriggerStandIn;
let logs: string[] = [];

beforeAll(async () => {
  target = await startTarget({ token: TOKEN, echoAuth: true });
  standIn = await startTriggerStandIn(taskBody("placeholder"));
});

afterAll(async () => {
  await target.close();
  await standIn.close();
});

beforeEach(() => {
  logs = [];
  for (const method of ["log", "info", "warn", "error"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logs.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
});

type Execution = { id: string; status: string; contactId: string };

async function runAndCheck(client: TestClient, settle: () => Promise<void>) {
  const { team, connectorId, contactId } = await arrangeConnector(client, target.host, TOKEN);
  const started = await client.json<Execution>(
    `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/executions`,
    {
      method: "POST",
      token: team.member.token,
      body: { input: { email: "ada@lovelace.test", score: 42 }, contactId },
    },
  );
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  expect(["queued", "running", "succeeded"]).toContain(started.body.status);
  await settle();
  const row = await waitForStatus(started.body.id, ["succeeded", "failed"]);
  expect(row.status, JSON.stringify(row.error)).toBe("succeeded");

  const read = await client.json<
    Execution & {
      stepResults: { id: string; outcome: string; status: number }[];
      output: Record<string, Record<string, unknown>>;
    }
  >(`/v1/workspaces/${team.workspaceId}/executions/${started.body.id}`, {
    token: team.member.token,
  });
  expect(read.status).toBe(200);
  expect(read.body.stepResults.map((s) => [s.id, s.outcome, s.status])).toEqual([
    ["find", "succeeded", 200],
    ["tag", "succeeded", 201],
  ]);
  expect(read.body.output).toMatchObject({
    find: { personId: "p_ada", company: "Analytical Engines Ltd" },
  });
  // Step 2 received the id step 1 extracted, and `score` stayed a number.
  const tagged = target.received.filter((r) => r.path === "/v1/people/p_ada/tags").at(-1);
  expect(JSON.parse(tagged?.body ?? "{}")).toEqual({ tag: "crm", score: 42 });

  const [contact] = await adminSql()<{ company: string; custom_fields: Record<string, unknown> }[]>`
    select company, custom_fields from connectors.contacts where id = ${contactId}`;
  expect(contact?.company).toBe("Analytical Engines Ltd");
  expect(contact?.custom_fields).toMatchObject({ external_id: "p_ada" });

  // The secret — echoed back by the target — is nowhere: row, API response, logs.
  const [stored] = await adminSql()<{ dump: string }[]>`
    select t::text as dump from connectors.connector_executions t where id = ${started.body.id}`;
  expect(stored?.dump).not.toContain(TOKEN);
  expect(stored?.dump).toContain("[REDACTED]");
  expect(JSON.stringify(read.body)).not.toContain(TOKEN);
  expect(logs.join("\n")).not.toContain(TOKEN);

  const [counters] = await adminSql()<{ execution_count: number; success_count: number }[]>`
    select execution_count, success_count from connectors.connectors where id = ${connectorId}`;
  expect(counters).toEqual({ execution_count: 1, success_count: 1 });
  return { team, connectorId, executionId: started.body.id };
}

describe("running the example connector end to end", () => {
  it("succeeds through the inline runner: steps, output, contact and redaction", async () => {
    const client = testClient({ OUTBOUND_ALLOW_HOSTS: target.host, RUNNER: "inline" });
    const { executionId } = await runAndCheck(client, () => client.settle());
    const row = await executionRow(executionId);
    expect(row.runner).toBe("inline");
    expect(row.run_id).toMatch(/^inline_/);
  });

  it("succeeds through the trigger runner and the Trigger.dev stand-in", async () => {
    const local = await startTriggerStandIn(taskBody(target.host));
    try {
      const client = testClient({
        OUTBOUND_ALLOW_HOSTS: target.host,
        RUNNER: "trigger",
        TRIGGER_SECRET_KEY: local.secretKey,
        TRIGGER_API_URL: local.url,
      });
      const { team, connectorId, executionId } = await runAndCheck(client, () => local.settle());
      expect(local.calls).toHaveLength(1);
      expect(local.calls[0]).toMatchObject({
        taskId: "connector-execution",
        payload: { executionId },
        tags: [`workspace:${team.workspaceId}`, `connector:${connectorId}`, "trigger:api"],
        concurrencyKey: team.workspaceId,
        cached: false,
      });
      expect(local.calls[0]?.rawIdempotencyKey).toBe(executionId);
      const row = await executionRow(executionId);
      expect(row.runner).toBe("trigger");
      expect(row.run_id).toBe(local.calls[0]?.runId);
    } finally {
      await local.close();
    }
  });
});

describe("idempotency and snapshots", () => {
  it("the same Idempotency-Key twice starts one execution", async () => {
    const client = testClient({ OUTBOUND_ALLOW_HOSTS: target.host });
    const { team, connectorId } = await arrangeConnector(client, target.host, TOKEN);
    const url = `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/executions`;
    const init = {
      method: "POST",
      token: team.member.token,
      headers: { "idempotency-key": "order-1234" },
      body: { input: { email: "grace@hopper.test" } },
    };
    const first = await client.json<{ id: string }>(url, init);
    const second = await client.json<{ id: string }>(url, init);
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    // Another user's same key is theirs alone.
    const other = await client.json<{ id: string }>(url, { ...init, token: team.admin.token });
    expect(other.body.id).not.toBe(first.body.id);
    await client.settle();
    const [count] = await adminSql()<{ n: number }[]>`
      select count(*)::int as n from connectors.connector_executions where connector_id = ${connectorId}`;
    expect(count?.n).toBe(2);
  });

  it("an execution keeps the definition it started with when the connector is edited", async () => {
    const client = testClient({ OUTBOUND_ALLOW_HOSTS: target.host });
    const { team, connectorId } = await arrangeConnector(client, target.host, TOKEN);
    target.setDelay(300);
    try {
      const started = await client.json<{ id: string }>(
        `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/executions`,
        { method: "POST", token: team.member.token, body: { input: { email: "snap@shot.test" } } },
      );
      const edited = await client.json(
        `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}`,
        {
          method: "PATCH",
          token: team.member.token,
          body: {
            definition: {
              steps: [
                { id: "other", request: { method: "GET", url: `http://${target.host}/v1/other` } },
              ],
            },
          },
        },
      );
      expect(edited.status, JSON.stringify(edited.body)).toBe(200);
      await client.settle();
      const row = await waitForStatus(started.body.id, ["succeeded", "failed"]);
      expect(row.step_results.map((s) => s.id)).toEqual(["find", "tag"]);
    } finally {
      target.setDelay(0);
    }
  });
});

describe("dry run", () => {
  it("sends the requests and returns steps, output and mapping but writes nothing", async () => {
    const client = testClient({ OUTBOUND_ALLOW_HOSTS: target.host });
    const { team, connectorId, contactId } = await arrangeConnector(client, target.host, TOKEN);
    const before = target.hits("/v1/people");
    const res = await client.json<{
      status: string;
      steps: { id: string }[];
      mapping: Record<string, unknown>;
      output: Record<string, unknown>;
    }>(`/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/test`, {
      method: "POST",
      token: team.member.token,
      body: { input: { email: "dry@run.test", score: 1 }, contactId },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe("succeeded");
    expect(res.body.steps.map((s) => s.id)).toEqual(["find", "tag"]);
    expect(res.body.mapping).toEqual({
      company: "Analytical Engines Ltd",
      "custom_fields.external_id": "p_dry",
    });
    expect(JSON.stringify(res.body)).not.toContain(TOKEN);
    expect(target.hits("/v1/people")).toBe(before + 2);
    const [rows] = await adminSql()<{ n: number }[]>`
      select count(*)::int as n from connectors.connector_executions where connector_id = ${connectorId}`;
    expect(rows?.n).toBe(0);
    const [connector] = await adminSql()<{ execution_count: number }[]>`
      select execution_count from connectors.connectors where id = ${connectorId}`;
    expect(connector?.execution_count).toBe(0);
    const [contact] = await adminSql()<{ company: string | null }[]>`
      select company from connectors.contacts where id = ${contactId}`;
    expect(contact?.company).toBeNull();
  });
});

describe("sweeper", () => {
  it("dispatches nothing when nothing is waiting", async () => {
    const config = parseConfig(testEnv());
    if (!config.ok) throw new Error("config");
    const report = await sweep(config.config, testEnv().HYPERDRIVE.connectionString, () => {}, {
      graceSeconds: 3600,
    });
    expect(report.dispatched).toBe(0);
  });
});
