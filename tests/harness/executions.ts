// Helpers for execution suites: a workspace wired to a local target, and polling.
import postgres from "postgres";
import { expect, inject } from "vitest";
import { parseKeyring } from "../../engine/crypto.ts";
import { createNodeFetch } from "../../engine/node-fetch.ts";
import { parseAllowList } from "../../engine/outbound.ts";
import { DEV_CREDENTIALS_KEYS } from "../../scripts/lib/local-defaults.ts";
import { runExecution } from "../../execution/run-execution.ts";
import type { TestClient } from "./app.ts";
import { specExample } from "./definitions.ts";
import { adminSql, createTeam } from "./fixtures.ts";
import { mortal } from "./trigger-attempts.ts";
import type { TaskBody } from "./trigger-standin.ts";

export type Team = Awaited<ReturnType<typeof createTeam>>;

export interface ExecutionRow {
  id: string;
  status: string;
  run_id: string | null;
  runner: string | null;
  attempts: number;
  step_results: { id: string; outcome: string; status: number | null }[];
  output: Record<string, Record<string, unknown>> | null;
  error: { kind: string; message: string } | null;
}

export async function executionRow(id: string): Promise<ExecutionRow> {
  const [row] = await adminSql()<ExecutionRow[]>`
    select id, status, run_id, runner, attempts, step_results, output, error
    from connectors.connector_executions where id = ${id}`;
  if (!row) throw new Error(`execution ${id} not found`);
  return row;
}

/** Polls until the execution reaches one of `statuses` (a bounded wait, not a timing claim). */
export async function waitForStatus(id: string, statuses: string[], timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await executionRow(id);
    if (statuses.includes(row.status)) return row;
    if (Date.now() > deadline) throw new Error(`execution ${id} stuck in ${row.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A team with the target's token stored as `example_token` and the example connector. */
export async function arrangeConnector(
  client: TestClient,
  targetHost: string,
  token: string,
): Promise<{ team: Team; connectorId: string; contactId: string }> {
  const team = await createTeam();
  const put = await client.json(`/v1/workspaces/${team.workspaceId}/credentials/example_token`, {
    method: "PUT",
    token: team.owner.token,
    body: { value: token, allowedHosts: [targetHost] },
  });
  expect(put.status, JSON.stringify(put.body)).toBe(201);
  const created = await client.json<{ id: string }>(
    `/v1/workspaces/${team.workspaceId}/connectors`,
    {
      method: "POST",
      token: team.member.token,
      body: { name: "Enrich", definition: specExample(targetHost) },
    },
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const [contact] = await adminSql()<{ id: string }[]>`
    insert into connectors.contacts (workspace_id, email, first_name)
    values (${team.workspaceId}, 'ada@lovelace.test', 'Ada') returning id`;
  return { team, connectorId: created.body.id, contactId: contact?.id ?? "" };
}

let taskSql: postgres.Sql | undefined;

/** The task body as the Trigger.dev task runs it (Node fetch with DNS pinning). */
export function taskBody(targetHost: string, staleClaimSeconds = 360): TaskBody {
  taskSql ??= postgres(inject("apiLoginUrl"), { max: 4, onnotice: () => {} });
  const policy = parseAllowList(targetHost);
  const sql = taskSql;
  return (payload, run) =>
    runExecution(payload, {
      sql: mortal(sql, run.killed),
      keyring: parseKeyring(DEV_CREDENTIALS_KEYS),
      fetch: createNodeFetch({ policy }),
      policy,
      runId: run.runId,
      runner: "trigger",
      staleClaimSeconds,
      signal: run.signal,
      cancelPollMs: 100,
    });
}
