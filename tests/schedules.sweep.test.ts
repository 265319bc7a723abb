// Schedules fired by the minute sweeper against the real database: one execution per slot however
// many sweeps run at once or again, only the latest missed slot after downtime, nothing for a
// disabled connector or schedule.
import { Cron } from "croner";
import { beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../worker/env.ts";
import { sweep } from "../worker/services/sweeper.ts";
import { testEnv } from "./harness/app.ts";
import { adminSql, createTeam } from "./harness/fixtures.ts";
import { insertConnectorRow, insertContact } from "./harness/rows.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;

let team: Team;
let connectorId: string;

/** One full sweeper run, as the worker's `scheduled` handler makes it. */
async function runSweep() {
  const parsed = parseConfig(testEnv());
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  const pending: Promise<unknown>[] = [];
  const report = await sweep(parsed.config, testEnv().HYPERDRIVE.connectionString, (p) =>
    pending.push(p.catch(() => {})),
  );
  await Promise.all(pending);
  return report;
}

async function schedule(
  id: string,
  cron: string,
  options: { due?: string; enabled?: boolean; input?: object; contactId?: string } = {},
) {
  const sql = adminSql();
  await sql`
    insert into connectors.connector_schedules
      (connector_id, workspace_id, cron, enabled, input, contact_id, next_run_at)
    values (${id}, ${team.workspaceId}, ${cron}, ${options.enabled ?? true},
            ${sql.json((options.input ?? {}) as never)}, ${options.contactId ?? null},
            now() - ${options.due ?? "1 minute"}::interval)`;
}

async function executionsOf(id: string) {
  return adminSql()<
    {
      id: string;
      trigger: string;
      idempotencyKey: string;
      createdBy: string | null;
      input: unknown;
      contactId: string | null;
    }[]
  >`
    select id, trigger, idempotency_key as "idempotencyKey", created_by as "createdBy", input,
           contact_id as "contactId"
    from connectors.connector_executions where connector_id = ${id} order by created_at`;
}

async function scheduleRow(id: string) {
  const [row] = await adminSql()<
    { nextRunAt: Date; lastRunAt: Date | null; lastExecutionId: string | null }[]
  >`
    select next_run_at as "nextRunAt", last_run_at as "lastRunAt",
           last_execution_id as "lastExecutionId"
    from connectors.connector_schedules where connector_id = ${id}`;
  if (!row) throw new Error("no schedule");
  return row;
}

/** The key of the latest slot at or before each instant (a sweep ran between them). */
function latestKeys(id: string, cron: string, instants: Date[]): string[] {
  const job = new Cron(cron, { timezone: "UTC", mode: "5-part" });
  return instants.map((at) => {
    const slot = job.previousRuns(1, new Date(at.getTime() + 1))[0] as Date;
    return `schedule:${id}:${slot.toISOString().slice(0, 16)}Z`;
  });
}

beforeEach(async () => {
  team = await createTeam();
  connectorId = await insertConnectorRow(team.workspaceId);
});

describe("the sweeper fires due schedules", () => {
  it("starts the slot's execution with the schedule's input and contact, as the service", async () => {
    const contactId = await insertContact(team.workspaceId, { email: "ada@lovelace.test" });
    await schedule(connectorId, "* * * * *", { input: { email: "ada@lovelace.test" }, contactId });
    const before = new Date();
    await runSweep();
    const after = new Date();
    const rows = await executionsOf(connectorId);
    expect(rows).toHaveLength(1);
    const [execution] = rows;
    expect(execution).toMatchObject({
      trigger: "schedule",
      createdBy: null,
      input: { email: "ada@lovelace.test" },
      contactId,
    });
    expect(latestKeys(connectorId, "* * * * *", [before, after])).toContain(
      execution?.idempotencyKey,
    );
    expect(execution?.idempotencyKey).toMatch(
      /^schedule:[0-9a-f-]{36}:\d{4}-\d\d-\d\dT\d\d:\d\dZ$/,
    );
    const row = await scheduleRow(connectorId);
    expect(row.lastExecutionId).toBe(execution?.id);
    expect(row.nextRunAt.getTime()).toBeGreaterThan(after.getTime() - 60_000);
    expect(row.nextRunAt.getTime()).toBeGreaterThan(row.lastRunAt?.getTime() ?? 0);
  });

  it("two sweeps at once start exactly one execution per slot", async () => {
    const ids = [connectorId];
    for (let i = 0; i < 4; i++) ids.push(await insertConnectorRow(team.workspaceId, `c${i}`));
    for (const id of ids) await schedule(id, "* * * * *");
    await Promise.all([runSweep(), runSweep()]);
    for (const id of ids) {
      const rows = await executionsOf(id);
      expect(rows, id).toHaveLength(1);
    }
  });

  it("a retried sweep (next_run_at put back) starts nothing new for the same slot", async () => {
    // Due for two hours: the latest top of the hour is always a slot to run.
    await schedule(connectorId, "0 * * * *", { due: "2 hours" });
    await runSweep();
    const [first] = await executionsOf(connectorId);
    expect(first?.trigger).toBe("schedule");
    const row = await scheduleRow(connectorId);
    // As if the sweep's commit were lost after the insert: the same slot is due again.
    await adminSql()`
      update connectors.connector_schedules set next_run_at = ${row.lastRunAt}
      where connector_id = ${connectorId}`;
    const stillSameHour =
      latestKeys(connectorId, "0 * * * *", [new Date()])[0] === first?.idempotencyKey;
    await runSweep();
    const rows = await executionsOf(connectorId);
    expect(rows).toHaveLength(stillSameHour ? 1 : 2);
    expect(new Set(rows.map((r) => r.idempotencyKey)).size).toBe(rows.length);
  });

  it("after downtime only the latest missed slot runs", async () => {
    await schedule(connectorId, "*/5 * * * *", { due: "3 hours" });
    const before = new Date();
    await runSweep();
    const after = new Date();
    const rows = await executionsOf(connectorId);
    expect(rows).toHaveLength(1);
    expect(latestKeys(connectorId, "*/5 * * * *", [before, after])).toContain(
      rows[0]?.idempotencyKey,
    );
    expect((await scheduleRow(connectorId)).nextRunAt.getTime()).toBeGreaterThan(before.getTime());
  });

  it("a disabled connector's schedule does not fire, and its next slot moves on", async () => {
    await adminSql()`update connectors.connectors set status = 'disabled' where id = ${connectorId}`;
    await schedule(connectorId, "* * * * *", { due: "5 minutes" });
    const before = new Date();
    await runSweep();
    expect(await executionsOf(connectorId)).toHaveLength(0);
    const row = await scheduleRow(connectorId);
    expect(row.nextRunAt.getTime()).toBeGreaterThan(before.getTime());
    expect(row.lastRunAt).toBeNull();
  });

  it("a disabled schedule does not fire", async () => {
    await schedule(connectorId, "* * * * *", { due: "5 minutes", enabled: false });
    await runSweep();
    expect(await executionsOf(connectorId)).toHaveLength(0);
  });

  it("a stored input the connector's schema no longer accepts skips the slot", async () => {
    const sql = adminSql();
    const definition = {
      input: { type: "object", required: ["email"], properties: { email: { type: "string" } } },
      steps: [{ id: "ping", request: { method: "GET", url: "https://api.example.com/ping" } }],
    };
    await sql`update connectors.connectors set definition = ${sql.json(definition)}
              where id = ${connectorId}`;
    await schedule(connectorId, "* * * * *", { input: { name: "no email" } });
    const before = new Date();
    await runSweep();
    expect(await executionsOf(connectorId)).toHaveLength(0);
    expect((await scheduleRow(connectorId)).nextRunAt.getTime()).toBeGreaterThan(before.getTime());
  });

  it("a schedule due at no slot since it was stored moves on without firing", async () => {
    // Inserted with next_run_at = now() (its default): the yearly slot before that is not run.
    await adminSql()`
      insert into connectors.connector_schedules (connector_id, workspace_id, cron)
      values (${connectorId}, ${team.workspaceId}, '0 0 1 1 *')`;
    await runSweep();
    expect(await executionsOf(connectorId)).toHaveLength(0);
    const row = await scheduleRow(connectorId);
    expect(row.nextRunAt.getTime()).toBeGreaterThan(Date.now());
  });
});
