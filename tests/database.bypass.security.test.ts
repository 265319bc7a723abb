// docs/SECURITY.md "The API is the only way in", as properties over generated attacks: a member's
// token speaking SQL directly (as the Data API would let it) picks any columns and values for an
// execution insert or update, any audit row, any counter — and can never run a definition of its
// own, touch runner-only columns, forge the log or move a counter.
import fc from "fast-check";
import type postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectAsUser } from "./harness/as-user.ts";
import { adminSql, createTeam } from "./harness/fixtures.ts";
import { insertTemplateRow } from "./harness/templates.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
const SEED = Number(process.env.FUZZ_SEED) || Math.floor(Math.random() * 2 ** 31);
const RUNS = 40;

const CONNECTOR_DEFINITION = { steps: [{ id: "real" }] };
let team: Team;
let member: postgres.Sql;
const connectors = { active: "", disabled: "", otherWorkspace: "" };
let templateId = "";

beforeAll(async () => {
  team = await createTeam();
  const sql = adminSql();
  const [active, disabled, other] = await sql<{ id: string }[]>`
    insert into connectors.connectors (workspace_id, name, definition, status) values
      (${team.workspaceId}, 'active', ${sql.json(CONNECTOR_DEFINITION)}, 'active'),
      (${team.workspaceId}, 'disabled', ${sql.json(CONNECTOR_DEFINITION)}, 'disabled'),
      (${team.otherWorkspaceId}, 'theirs', ${sql.json(CONNECTOR_DEFINITION)}, 'active')
    returning id`;
  if (!active || !disabled || !other) throw new Error("connectors not created");
  connectors.active = active.id;
  connectors.disabled = disabled.id;
  connectors.otherWorkspace = other.id;
  templateId = await insertTemplateRow({ ownerWorkspaceId: team.workspaceId });
  member = connectAsUser(team.member.id);
});

afterAll(async () => {
  await member.end({ timeout: 5 });
});

const json = fc.dictionary(
  fc.string({ maxLength: 8 }),
  fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean()),
  { maxKeys: 3 },
);
const moment = fc.date({
  min: new Date("2000-01-01"),
  max: new Date("2100-01-01"),
  noInvalidDate: true,
});

/** Every column of connector_executions with a value of its type: the attacker's palette. */
const executionColumns = {
  id: fc.uuid({ version: 4 }),
  definition: fc.constant({ steps: [{ id: "evil", request: { url: "https://evil.test/" } }] }),
  status: fc.constantFrom("queued", "running", "succeeded", "failed", "cancelled"),
  input: json,
  output: json,
  step_results: fc.constant([{ id: "forged" }]),
  error: json,
  attempts: fc.integer({ min: 0, max: 5 }),
  runner: fc.constantFrom("trigger", "inline", "evil"),
  run_id: fc.string({ minLength: 1, maxLength: 20 }),
  claimed_at: moment,
  idempotency_key: fc.string({ minLength: 1, maxLength: 20 }),
  created_by: fc.uuid({ version: 4 }),
  queued_at: moment,
  started_at: moment,
  finished_at: moment,
  duration_ms: fc.integer({ min: 0, max: 100_000 }),
  created_at: moment,
  updated_at: moment,
  lease_id: fc.uuid({ version: 4 }),
  heartbeat_at: moment,
  step_taint: fc.constant({ evil: { taint: ["tok"], ciphertext: "forged", keyVersion: 1 } }),
};
type Column = keyof typeof executionColumns;
const JSON_COLUMNS = new Set<string>([
  "definition",
  "input",
  "output",
  "step_results",
  "error",
  "step_taint",
]);
const RUNNER_ONLY: Column[] = [
  "definition",
  "output",
  "step_results",
  "error",
  "attempts",
  "runner",
  "run_id",
  "claimed_at",
  "queued_at",
  "started_at",
  "finished_at",
  "duration_ms",
  "created_at",
  "created_by",
  "lease_id",
  "heartbeat_at",
  "step_taint",
];

function row(sql: postgres.Sql, values: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, JSON_COLUMNS.has(k) ? sql.json(v as never) : v]),
  );
}

function sqlState(error: unknown): string {
  return String((error as { code?: unknown }).code ?? error);
}

interface StoredExecution {
  definition: unknown;
  status: string;
  run_id: string | null;
  runner: string | null;
  claimed_at: Date | null;
  attempts: number;
  output: unknown;
  step_results: unknown;
  error: unknown;
  created_by: string | null;
  started_at: Date | null;
}

async function stored(id: string): Promise<StoredExecution | undefined> {
  const [found] = await adminSql()<StoredExecution[]>`
    select definition, status, run_id, runner, claimed_at, attempts, output, step_results, error,
           created_by, started_at
    from connectors.connector_executions where id = ${id}`;
  return found;
}

describe("executions inserted with a member's token", () => {
  it("run the connector's own definition, queued, with no runner state — or are refused", async () => {
    const target = fc.constantFrom("active", "disabled", "otherWorkspace", "missing", "none");
    const extra = fc.record(executionColumns, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(target, extra, async (which, columns) => {
        const id = crypto.randomUUID();
        const connectorId =
          which === "missing"
            ? crypto.randomUUID()
            : which === "none"
              ? null
              : connectors[which as keyof typeof connectors];
        const values = {
          ...columns,
          id,
          workspace_id: team.workspaceId,
          ...(connectorId ? { connector_id: connectorId } : {}),
        };
        let refused: string | null = null;
        try {
          await member`insert into connectors.connector_executions ${member(row(member, values))}`;
        } catch (error) {
          refused = sqlState(error);
        }
        const named = Object.keys(columns) as Column[];
        if (which !== "active" || named.some((c) => RUNNER_ONLY.includes(c) || c === "status")) {
          expect(refused, JSON.stringify({ which, named })).toBe("42501");
          expect(await stored(id)).toBeUndefined();
          return;
        }
        if (refused === "23505") return; // an idempotency key drawn twice
        expect(refused).toBeNull();
        expect(await stored(id)).toMatchObject({
          definition: CONNECTOR_DEFINITION,
          status: "queued",
          run_id: null,
          runner: null,
          claimed_at: null,
          attempts: 0,
          output: null,
          step_results: [],
          error: null,
          created_by: team.member.id,
        });
      }),
      { numRuns: RUNS * 2, seed: SEED },
    );
  });
});

describe("executions updated with a member's token", () => {
  it("change nothing but a cancel of a queued or running execution", async () => {
    const start = fc.constantFrom("queued", "running", "succeeded", "failed", "cancelled");
    const { id: _id, created_by: _by, ...updatable } = executionColumns;
    const change = fc
      .record(updatable, { requiredKeys: [] })
      .filter((c) => Object.keys(c).length > 0);
    await fc.assert(
      fc.asyncProperty(start, change, async (status, columns) => {
        const sql = adminSql();
        const [created] = await sql<{ id: string }[]>`
          insert into connectors.connector_executions
            (workspace_id, connector_id, definition, status, run_id, runner, attempts)
          values (${team.workspaceId}, ${connectors.active}, ${sql.json(CONNECTOR_DEFINITION)},
                  ${status}, ${status === "queued" ? null : "run_original"},
                  ${status === "queued" ? null : "trigger"}, ${status === "queued" ? 0 : 1})
          returning id`;
        const id = created?.id ?? "";
        const before = await stored(id);
        let refused: string | null = null;
        try {
          await member`update connectors.connector_executions set ${member(row(member, columns))}
                       where id = ${id}`;
        } catch (error) {
          refused = sqlState(error);
        }
        const after = await stored(id);
        const named = Object.keys(columns);
        const isCancel =
          named.every((c) => c === "status" || c === "updated_at") &&
          (columns.status === undefined ||
            columns.status === status ||
            (columns.status === "cancelled" && (status === "queued" || status === "running")));
        if (!isCancel) {
          expect(refused, JSON.stringify({ status, named })).toBe("42501");
          expect(after).toEqual(before);
          return;
        }
        expect(refused).toBeNull();
        expect({ ...after, status: before?.status }).toEqual(before);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});

describe("the audit log and the counters with a member's token", () => {
  it("no audit row can be written, changed or removed, whatever actor or action", async () => {
    const actor = fc.constantFrom(team.member.id, team.owner.id, crypto.randomUUID(), null);
    const action = fc.constantFrom("connector.test", "execution.start", "credential.delete");
    const workspace = fc.constantFrom(team.workspaceId, team.otherWorkspaceId);
    const statement = fc.constantFrom("insert", "update", "delete");
    const [{ count: before } = { count: 0 }] = await adminSql()<{ count: number }[]>`
      select count(*)::int as count from connectors.audit_log`;
    await fc.assert(
      fc.asyncProperty(statement, workspace, actor, action, async (kind, ws, who, what) => {
        const attempt =
          kind === "insert"
            ? member`insert into connectors.audit_log (workspace_id, actor_id, action)
                     values (${ws}, ${who}, ${what})`
            : kind === "update"
              ? member`update connectors.audit_log set actor_id = ${who}, action = ${what}`
              : member`delete from connectors.audit_log where workspace_id = ${ws}`;
        await expect(attempt).rejects.toMatchObject({ code: "42501" });
      }),
      { numRuns: RUNS, seed: SEED },
    );
    const [{ count: after } = { count: 0 }] = await adminSql()<{ count: number }[]>`
      select count(*)::int as count from connectors.audit_log`;
    expect(after).toBe(before);
  });

  it("a dry run is recorded only for a connector of the caller's workspace, as the caller", async () => {
    const workspace = fc.constantFrom(team.workspaceId, team.otherWorkspaceId, crypto.randomUUID());
    const connector = fc.constantFrom(
      connectors.active,
      connectors.otherWorkspace,
      crypto.randomUUID(),
    );
    await fc.assert(
      fc.asyncProperty(workspace, connector, async (ws, id) => {
        const own = ws === team.workspaceId && id === connectors.active;
        const attempt = member`select connectors.record_dry_run(${ws}, ${id}, ${member.array(["example_token"], 25)})`;
        if (!own) {
          await expect(attempt).rejects.toMatchObject({ code: "42501" });
          return;
        }
        await attempt;
        const [last] = await adminSql()<{ actor_id: string; workspace_id: string }[]>`
          select actor_id, workspace_id from connectors.audit_log
          where action = 'connector.test' and target_id = ${id}
          order by created_at desc limit 1`;
        expect(last).toEqual({ actor_id: team.member.id, workspace_id: team.workspaceId });
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it("counters cannot be written: usage counters, install_count, ratings, installs", async () => {
    const counter = fc.constantFrom(
      "execution_count",
      "success_count",
      "failure_count",
      "last_executed_at",
    );
    const templateCounter = fc.constantFrom("install_count", "rating_avg", "rating_count");
    const value = fc.integer({ min: 0, max: 5 });
    const owner = connectAsUser(team.owner.id);
    try {
      await fc.assert(
        fc.asyncProperty(counter, templateCounter, value, async (column, templateColumn, n) => {
          const v = column === "last_executed_at" ? new Date() : n;
          await expect(
            member`update connectors.connectors set ${member({ [column]: v })}`,
          ).rejects.toMatchObject({ code: "42501" });
          await expect(
            owner`update connectors.connector_templates set ${owner({ [templateColumn]: n })}
                  where id = ${templateId}`,
          ).rejects.toMatchObject({ code: "42501" });
          await expect(
            owner`insert into connectors.template_installs (template_id, workspace_id)
                  values (${templateId}, ${team.otherWorkspaceId})`,
          ).rejects.toMatchObject({ code: "42501" });
        }),
        { numRuns: RUNS / 2, seed: SEED },
      );
    } finally {
      await owner.end({ timeout: 5 });
    }
    const [counts] = await adminSql()<{ install_count: number; rating_count: number }[]>`
      select install_count, rating_count from connectors.connector_templates where id = ${templateId}`;
    expect(counts).toEqual({ install_count: 0, rating_count: 0 });
  });
});
