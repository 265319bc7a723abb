import { beforeAll, describe, expect, it } from "vitest";
import type { PlatformStats, RecentExecution, WorkspaceUsage } from "../worker/db/admin.ts";
import type { ConnectorStats } from "../worker/db/executions.ts";
import { sweep } from "../worker/services/sweeper.ts";
import { testClient, testEnv } from "./harness/app.ts";
import { taskBody } from "./harness/executions.ts";
import { triggerConfig } from "./harness/trigger-config.ts";
import { startTriggerStandIn } from "./harness/trigger-standin.ts";
import {
  adminSql,
  createTeam,
  createUser,
  makeSaasAdmin,
  type TestUser,
} from "./harness/fixtures.ts";
import { insertConnectorRow, insertExecution, timestamps } from "./harness/rows.ts";
import { uniqueTag } from "./harness/templates.ts";

type Page<T> = { data: T[]; nextCursor: string | null };
const client = testClient();
let admin: TestUser;

beforeAll(async () => {
  admin = await createUser("saas");
  await makeSaasAdmin(admin.id, "admin");
});

/** A workspace with executions of one connector started in three ways: 2 api, 3 schedule, 1 webhook. */
async function arrange() {
  const team = await createTeam();
  const connectorId = await insertConnectorRow(team.workspaceId);
  const at = timestamps(6, Date.now() + 180_000);
  const triggers = ["api", "schedule", "schedule", "webhook", "schedule", "api"] as const;
  const ids: string[] = [];
  for (const [i, trigger] of triggers.entries()) {
    ids.push(
      await insertExecution({
        workspaceId: team.workspaceId,
        connectorId,
        status: "succeeded",
        durationMs: 10,
        trigger,
        createdAt: at[i],
      }),
    );
  }
  return { team, connectorId, ids, triggers };
}

describe("counting executions by trigger", () => {
  it("a connector's stats count every trigger kind, zero where none ran", async () => {
    const { team, connectorId } = await arrange();
    const res = await client.json<ConnectorStats>(
      `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/stats`,
      { token: team.member.token },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.total).toBe(6);
    expect(res.body.byTrigger).toEqual({ api: 2, schedule: 3, webhook: 1, batch: 0, replay: 0 });
  });

  it("admin views count by trigger per workspace and platform-wide, and list each trigger", async () => {
    const { team, ids, triggers } = await arrange();
    const name = uniqueTag("by-trigger");
    await adminSql()`update connectors.workspaces set name = ${name} where id = ${team.workspaceId}`;
    const usage = await client.json<Page<WorkspaceUsage>>(`/v1/admin/workspaces?q=${name}`, {
      token: admin.token,
    });
    expect(usage.status, JSON.stringify(usage.body)).toBe(200);
    expect(usage.body.data[0]?.byTrigger).toEqual({
      api: 2,
      schedule: 3,
      webhook: 1,
      batch: 0,
      replay: 0,
    });

    const stats = await client.json<PlatformStats>("/v1/admin/stats", { token: admin.token });
    expect(stats.status, JSON.stringify(stats.body)).toBe(200);
    expect(stats.body.byTrigger.schedule).toBeGreaterThanOrEqual(3);
    expect(stats.body.byTrigger.webhook).toBeGreaterThanOrEqual(1);
    const counted = Object.values(stats.body.byTrigger).reduce((a, b) => a + b, 0);
    expect(counted).toBeGreaterThanOrEqual(6);

    const recent = await client.json<Page<RecentExecution>>(
      `/v1/admin/executions?workspaceId=${team.workspaceId}`,
      { token: admin.token },
    );
    expect(recent.body.data.map((e) => [e.id, e.trigger])).toEqual(
      ids.map((id, i) => [id, triggers[i]]).reverse(),
    );
    const scheduled = await client.json<Page<RecentExecution>>(
      `/v1/admin/executions?workspaceId=${team.workspaceId}&trigger=schedule`,
      { token: admin.token },
    );
    expect(scheduled.body.data.map((e) => e.id)).toEqual([ids[4], ids[2], ids[1]]);
  });

  it("an unknown trigger filter is 400 invalid_request", async () => {
    const res = await client.json("/v1/admin/executions?trigger=cron", { token: admin.token });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
  });

  it("a member of the workspace, not a saas admin, cannot read the admin counts", async () => {
    const { team } = await arrange();
    const res = await client.json("/v1/admin/stats", { token: team.owner.token });
    expect(res.status, JSON.stringify(res.body)).toBe(403);
  });

  it("a Trigger.dev run dispatched by the sweeper carries the execution's trigger:<kind> tag", async () => {
    const standIn = await startTriggerStandIn(taskBody("127.0.0.1:9"));
    try {
      const team = await createTeam();
      const connectorId = await insertConnectorRow(team.workspaceId);
      // Queued half a minute ago by a schedule, never dispatched: the sweeper's to hand off.
      const id = await insertExecution({
        workspaceId: team.workspaceId,
        connectorId,
        trigger: "schedule",
        createdAt: new Date(Date.now() - 30_000).toISOString(),
      });
      await sweep(triggerConfig(standIn), testEnv().HYPERDRIVE.connectionString, () => {}, {
        graceSeconds: 20,
      });
      const call = standIn.calls.find(
        (c) => (c.payload as { executionId?: string }).executionId === id,
      );
      expect(call?.tags).toEqual([
        `workspace:${team.workspaceId}`,
        `connector:${connectorId}`,
        "trigger:schedule",
      ]);
    } finally {
      await standIn.close();
    }
  });
});
