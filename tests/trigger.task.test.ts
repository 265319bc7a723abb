// The `connector-execution` task's own run function, driven the way Trigger.dev drives it
// (dispatched by the worker's trigger runner through the stand-in API): a failed execution
// must fail its run so the dashboard shows it, without a retry.
import { AbortTaskRunError } from "@trigger.dev/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { DEV_CREDENTIALS_KEYS } from "../scripts/lib/local-defaults.ts";
import { testClient } from "./harness/app.ts";
import { arrangeConnector, waitForStatus } from "./harness/executions.ts";
import { type TestTarget, startTarget } from "./harness/target.ts";
import { type TriggerStandIn, startTriggerStandIn } from "./harness/trigger-standin.ts";

const TOKEN = "tok_live_0c9e8d7f6a5b4c3d2e1f0a9b";
let target: TestTarget;
let standIn: TriggerStandIn;
type Run = { result?: unknown; error?: unknown; metadata: Map<string, string | number> };
const runs = new Map<string, Run>();

beforeAll(async () => {
  target = await startTarget({ token: TOKEN, echoAuth: true });
  // The task reads its configuration from the environment, as in Trigger.dev.
  process.env.DATABASE_URL = inject("apiLoginUrl");
  process.env.CREDENTIALS_KEYS = DEV_CREDENTIALS_KEYS;
  process.env.OUTBOUND_ALLOW_HOSTS = target.host;
  const { runConnectorExecution } = await import("../trigger/connector-execution.ts");
  standIn = await startTriggerStandIn(async (payload, run) => {
    const recorded: Run = { metadata: new Map() };
    runs.set(run.runId, recorded);
    const instruments = {
      metadata: { set: (key: string, value: string | number) => recorded.metadata.set(key, value) },
      span: (_name: string, _attributes: unknown, fn: () => Promise<void>) => fn(),
      log: () => {},
    };
    try {
      const params = { ctx: { run: { id: run.runId } }, signal: run.signal };
      recorded.result = await runConnectorExecution(payload, params, instruments);
    } catch (error) {
      recorded.error = error;
      throw error;
    }
  });
});

afterAll(async () => {
  await target.close();
  await standIn.close();
});

async function start(storedValue: string) {
  const client = testClient({
    OUTBOUND_ALLOW_HOSTS: target.host,
    RUNNER: "trigger",
    TRIGGER_SECRET_KEY: standIn.secretKey,
    TRIGGER_API_URL: standIn.url,
  });
  const { team, connectorId, contactId } = await arrangeConnector(client, target.host, storedValue);
  const started = await client.json<{ id: string }>(
    `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/executions`,
    {
      method: "POST",
      token: team.member.token,
      body: { input: { email: "ada@lovelace.test", score: 1 }, contactId },
    },
  );
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  await standIn.settle();
  const call = standIn.calls.find(
    (c) => (c.payload as { executionId?: string }).executionId === started.body.id,
  );
  return { executionId: started.body.id, run: runs.get(call?.runId ?? "") };
}

describe("the connector-execution task's run", () => {
  it("completes for a succeeded execution", async () => {
    const { executionId, run } = await start(TOKEN);
    expect((await waitForStatus(executionId, ["succeeded", "failed"])).status).toBe("succeeded");
    expect(run?.error).toBeUndefined();
    expect(run?.result).toMatchObject({ outcome: "finished", status: "succeeded" });
    expect(run?.metadata.get("outcome")).toBe("succeeded");
    expect(run?.metadata.get("progress")).toBe(1);
  });

  it("fails (no retry) for a failed execution, after the row is stored as failed", async () => {
    const wrong = "tok_live_wrong_value_9f8e7d6c5b4a";
    const { executionId, run } = await start(wrong);
    const row = await waitForStatus(executionId, ["succeeded", "failed"]);
    expect(row.status).toBe("failed");
    expect(row.error?.kind).toBe("http_error");
    // AbortTaskRunError: Trigger.dev marks the run failed and skips the remaining attempts.
    expect(run?.error).toBeInstanceOf(AbortTaskRunError);
    expect(run?.metadata.get("outcome")).toBe("failed");
    const message = run?.error instanceof Error ? run.error.message : "";
    expect(message).toContain(executionId);
    expect(message).not.toContain(wrong);
  });
});
