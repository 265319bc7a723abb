// Batches through the trigger runner and the Trigger.dev stand-in (README "Batches"): the SDK's
// batchTrigger in chunks of 500, each item under its execution id as the idempotency key, with
// the run tags; a chunk whose call fails stays queued with no run id, and the sweeper dispatches
// it — without a second run for items whose batch did go through.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../worker/env.ts";
import { TRIGGER_BATCH_CHUNK } from "../worker/services/batches-dispatch.ts";
import { sweep } from "../worker/services/sweeper.ts";
import { testClient, testEnv } from "./harness/app.ts";
import {
  type BatchBody,
  arrangeBatchConnector,
  items,
  waitForBatch,
  suiteTarget,
} from "./harness/batch-target.ts";
import { taskBody } from "./harness/executions.ts";
import { adminSql } from "./harness/fixtures.ts";
import { type TriggerStandIn, startTriggerStandIn } from "./harness/trigger-standin.ts";

const CONCURRENCY = 6;
const target = suiteTarget();
let standIn: TriggerStandIn;
const env = () => ({
  OUTBOUND_ALLOW_HOSTS: target().host,
  RUNNER: "trigger",
  TRIGGER_SECRET_KEY: standIn.secretKey,
  TRIGGER_API_URL: standIn.url,
});

beforeAll(async () => {
  standIn = await startTriggerStandIn(taskBody(target().host), { concurrencyPerKey: CONCURRENCY });
});

afterAll(async () => {
  await standIn.close();
});

function sentOnce(prefix: string, n: number) {
  const sent = [...target().arrivals.entries()].filter(([item]) => item.startsWith(prefix));
  expect(sent).toHaveLength(n);
  expect(sent.filter(([, count]) => count !== 1)).toEqual([]);
}

describe("batches on Trigger.dev", () => {
  it("dispatches 600 items in two batchTrigger calls with per-item keys and tags", async () => {
    const client = testClient(env());
    const { team, connectorId, batchesUrl, batchUrl } = await arrangeBatchConnector(
      client,
      target().host,
    );
    const before = { batches: standIn.batchCalls.length, calls: standIn.calls.length };
    const created = await client.json<BatchBody>(batchesUrl, {
      method: "POST",
      token: team.member.token,
      body: { items: items(600, "t") },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    const batchCalls = standIn.batchCalls.slice(before.batches);
    expect(batchCalls.map((call) => call.runCount).sort((a, b) => a - b)).toEqual([
      600 - TRIGGER_BATCH_CHUNK,
      TRIGGER_BATCH_CHUNK,
    ]);
    expect(batchCalls.map((call) => call.items).sort((a, b) => a - b)).toEqual([100, 500]);

    const runs = standIn.calls.slice(before.calls);
    expect(runs).toHaveLength(600);
    const ids = await adminSql()<{ id: string }[]>`
      select id from connectors.connector_executions where batch_id = ${created.body.id}`;
    expect(new Set(runs.map((run) => run.rawIdempotencyKey))).toEqual(
      new Set(ids.map((row) => row.id)),
    );
    for (const run of runs) {
      expect(run).toMatchObject({
        taskId: "connector-execution",
        tags: [`workspace:${team.workspaceId}`, `connector:${connectorId}`, "trigger:batch"],
        concurrencyKey: team.workspaceId,
        cached: false,
      });
    }

    await standIn.settle();
    const done = await waitForBatch(client, batchUrl(created.body.id), team.member.token);
    expect(done.counts).toEqual({ queued: 0, running: 0, succeeded: 600, failed: 0, cancelled: 0 });
    sentOnce("t", 600);
    expect(target().peak()).toBeLessThanOrEqual(CONCURRENCY);
    // Each run recorded its id when it claimed its row.
    const [unrecorded] = await adminSql()<{ n: number }[]>`
      select count(*)::int as n from connectors.connector_executions
      where batch_id = ${created.body.id} and (run_id is null or runner <> 'trigger')`;
    expect(unrecorded?.n).toBe(0);
  }, 180_000);

  it("leaves a chunk whose call failed queued with no run id; the sweeper dispatches it once", async () => {
    const client = testClient(env());
    const { team, batchesUrl, batchUrl } = await arrangeBatchConnector(client, target().host);
    standIn.refuseBatches(600 - TRIGGER_BATCH_CHUNK);
    let batchId = "";
    try {
      const created = await client.json<BatchBody>(batchesUrl, {
        method: "POST",
        token: team.member.token,
        body: { items: items(600, "f") },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(202);
      batchId = created.body.id;
    } finally {
      standIn.refuseBatches(null);
    }
    await standIn.settle();
    const [left] = await adminSql()<{ n: number }[]>`
      select count(*)::int as n from connectors.connector_executions
      where batch_id = ${batchId} and status = 'queued' and run_id is null`;
    expect(left?.n).toBe(600 - TRIGGER_BATCH_CHUNK);
    sentOnce("f", TRIGGER_BATCH_CHUNK);

    // Dated back past the sweeper's grace, so only this suite's rows are swept.
    await adminSql()`
      update connectors.connector_executions set queued_at = now() - interval '2 hours'
      where batch_id = ${batchId}`;
    const config = parseConfig(testEnv(env()));
    if (!config.ok) throw new Error(config.problems.join("; "));
    const report = await sweep(config.config, testEnv().HYPERDRIVE.connectionString, () => {}, {
      graceSeconds: 3600,
    });
    expect(report.dispatched).toBeGreaterThanOrEqual(600 - TRIGGER_BATCH_CHUNK);
    await standIn.settle();
    const done = await waitForBatch(client, batchUrl(batchId), team.member.token);
    expect(done.counts.succeeded).toBe(600);
    sentOnce("f", 600);
  }, 180_000);
});
