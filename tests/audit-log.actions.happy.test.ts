// docs/ARCHITECTURE.md: every action that sends a workspace's credentials is in the audit log with
// its actor (dry runs, starts, cancels), the credential's last_used_at moves when a run or a dry
// run uses it, and a saas admin's action on a workspace's template appears in that workspace's log.
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseKeyring } from "../engine/crypto.ts";
import { createNodeFetch } from "../engine/node-fetch.ts";
import { parseAllowList } from "../engine/outbound.ts";
import { DEV_CREDENTIALS_KEYS } from "../scripts/lib/local-defaults.ts";
import { runExecution } from "../execution/run-execution.ts";
import { testClient } from "./harness/app.ts";
import { arrangeConnector, waitForStatus } from "./harness/executions.ts";
import { adminSql, createTeam, createUser, makeSaasAdmin } from "./harness/fixtures.ts";
import { type TestTarget, startTarget } from "./harness/target.ts";
import { insertTemplateRow } from "./harness/templates.ts";

const TOKEN = "tok_audit_8d7c6b5a4f3e2d1c";
let target: TestTarget;

beforeAll(async () => {
  target = await startTarget({ token: TOKEN });
});

afterAll(async () => {
  await target.close();
});

interface AuditRow {
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  metadata: Record<string, unknown>;
}

async function auditRows(workspaceId: string, actions: string[]): Promise<AuditRow[]> {
  return adminSql()<AuditRow[]>`
    select actor_id, action, target_type, target_id, metadata from connectors.audit_log
    where workspace_id = ${workspaceId} and action in ${adminSql()(actions)}
    order by created_at, action`;
}

async function lastUsedAt(workspaceId: string, name: string): Promise<Date | null> {
  const [row] = await adminSql()<{ last_used_at: Date | null }[]>`
    select last_used_at from connectors.workspace_api_credentials
    where workspace_id = ${workspaceId} and name = ${name}`;
  return row?.last_used_at ?? null;
}

const input = { input: { email: "ada@lovelace.test", score: 1 } };

describe("dry runs", () => {
  it("a dry run is logged with its actor and the credentials it used, and moves last_used_at", async () => {
    const client = testClient({ OUTBOUND_ALLOW_HOSTS: target.host });
    const { team, connectorId } = await arrangeConnector(client, target.host, TOKEN);
    expect(await lastUsedAt(team.workspaceId, "example_token")).toBeNull();

    const res = await client.json<{ status: string }>(
      `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/test`,
      { method: "POST", token: team.member.token, body: input },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe("succeeded");

    expect(await auditRows(team.workspaceId, ["connector.test"])).toEqual([
      {
        actor_id: team.member.id,
        action: "connector.test",
        target_type: "connector",
        target_id: connectorId,
        metadata: { credentials: ["example_token"] },
      },
    ]);
    expect(await lastUsedAt(team.workspaceId, "example_token")).toBeInstanceOf(Date);
    // Still a dry run: no execution row, no counter.
    const [counts] = await adminSql()<{ executions: number; counted: number }[]>`
      select (select count(*)::int from connectors.connector_executions
              where connector_id = ${connectorId}) as executions,
             (select execution_count from connectors.connectors where id = ${connectorId}) as counted`;
    expect(counts).toEqual({ executions: 0, counted: 0 });
  });

  it("a dry run refused before sending (bad input) is not logged", async () => {
    const client = testClient({ OUTBOUND_ALLOW_HOSTS: target.host });
    const { team, connectorId } = await arrangeConnector(client, target.host, TOKEN);
    const res = await client.json(
      `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/test`,
      { method: "POST", token: team.member.token, body: { input: { email: 42 } } },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(await auditRows(team.workspaceId, ["connector.test"])).toEqual([]);
    expect(await lastUsedAt(team.workspaceId, "example_token")).toBeNull();
  });
});

describe("executions", () => {
  it("a start and a cancel are logged with their actors", async () => {
    // A Trigger.dev API that cannot be reached: the execution stays queued, so it can be cancelled.
    const client = testClient({
      OUTBOUND_ALLOW_HOSTS: target.host,
      RUNNER: "trigger",
      TRIGGER_SECRET_KEY: "tr_dev_unreachable",
      TRIGGER_API_URL: "http://127.0.0.1:9",
    });
    const { team, connectorId } = await arrangeConnector(client, target.host, TOKEN);
    const started = await client.json<{ id: string; status: string }>(
      `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/executions`,
      {
        method: "POST",
        token: team.member.token,
        body: input,
        headers: { "idempotency-key": "audit-start" },
      },
    );
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body.status).toBe("queued");
    const cancelled = await client.json(
      `/v1/workspaces/${team.workspaceId}/executions/${started.body.id}/cancel`,
      { method: "POST", token: team.admin.token },
    );
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);

    expect(await auditRows(team.workspaceId, ["execution.start", "execution.cancel"])).toEqual([
      {
        actor_id: team.member.id,
        action: "execution.start",
        target_type: "execution",
        target_id: started.body.id,
        metadata: { connectorId, idempotencyKey: "audit-start" },
      },
      {
        actor_id: team.admin.id,
        action: "execution.cancel",
        target_type: "execution",
        target_id: started.body.id,
        metadata: { connectorId, previousStatus: "queued" },
      },
    ]);
  });

  it("a run moves the credential's last_used_at; the runner's own writes log no actor", async () => {
    const client = testClient({ OUTBOUND_ALLOW_HOSTS: target.host });
    const { team, connectorId } = await arrangeConnector(client, target.host, TOKEN);
    const started = await client.json<{ id: string }>(
      `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/executions`,
      { method: "POST", token: team.member.token, body: input },
    );
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    await client.settle();
    const row = await waitForStatus(started.body.id, ["succeeded", "failed"]);
    expect(row.status, JSON.stringify(row.error)).toBe("succeeded");
    expect(await lastUsedAt(team.workspaceId, "example_token")).toBeInstanceOf(Date);
    const rows = await adminSql()<{ action: string; actor_id: string | null }[]>`
      select action, actor_id from connectors.audit_log
      where workspace_id = ${team.workspaceId} and target_id = ${started.body.id}`;
    expect(rows).toEqual([{ action: "execution.start", actor_id: team.member.id }]);
  });
});

describe("a runner that dies after sending", () => {
  it("has already moved last_used_at: the credential was used", async () => {
    // The trigger runner with an unreachable Trigger.dev API: the row stays queued for us.
    const client = testClient({
      OUTBOUND_ALLOW_HOSTS: target.host,
      RUNNER: "trigger",
      TRIGGER_SECRET_KEY: "tr_dev_unreachable",
      TRIGGER_API_URL: "http://127.0.0.1:9",
    });
    const { team, connectorId } = await arrangeConnector(client, target.host, TOKEN);
    const started = await client.json<{ id: string }>(
      `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/executions`,
      { method: "POST", token: team.member.token, body: input },
    );
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const before = target.hits("/v1/people");
    const policy = parseAllowList(target.host);
    const sql = postgres(inject("apiLoginUrl"), { max: 1, onnotice: () => {} });
    try {
      const run = runExecution(
        { executionId: started.body.id },
        {
          sql,
          keyring: parseKeyring(DEV_CREDENTIALS_KEYS),
          fetch: createNodeFetch({ policy }),
          policy,
          runId: "run_dies",
          runner: "trigger",
          staleClaimSeconds: 360,
          onProgress: () => {
            throw new Error("runner killed");
          },
        },
      );
      await expect(run).rejects.toThrow("runner killed");
    } finally {
      await sql.end({ timeout: 5 });
    }
    expect(target.hits("/v1/people")).toBe(before + 1);
    expect(await lastUsedAt(team.workspaceId, "example_token")).toBeInstanceOf(Date);
  });
});

describe("saas admins on a workspace's template", () => {
  it("a review, a feature and a delete appear in the publishing workspace's log", async () => {
    const client = testClient();
    const team = await createTeam();
    const admin = await createUser("saas");
    await makeSaasAdmin(admin.id);
    const id = await insertTemplateRow({
      visibility: "public",
      review: "pending",
      ownerWorkspaceId: team.workspaceId,
    });
    const reviewed = await client.json(`/v1/admin/templates/${id}/review`, {
      method: "POST",
      token: admin.token,
      body: { decision: "approved", note: "Looks fine." },
    });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    const featured = await client.json(`/v1/admin/templates/${id}`, {
      method: "PATCH",
      token: admin.token,
      body: { isFeatured: true },
    });
    expect(featured.status, JSON.stringify(featured.body)).toBe(200);
    const deleted = await client.request(`/v1/admin/templates/${id}`, {
      method: "DELETE",
      token: admin.token,
    });
    expect(deleted.status).toBe(204);

    const rows = await auditRows(team.workspaceId, [
      "template.review",
      "template.feature",
      "template.delete",
    ]);
    expect(rows.map((row) => [row.action, row.actor_id, row.target_id])).toEqual([
      ["template.review", admin.id, id],
      ["template.feature", admin.id, id],
      ["template.delete", admin.id, id],
    ]);
    expect(rows[0]?.metadata).toMatchObject({ review: "approved", bySaasAdmin: true });

    // The workspace's owner reads them through the API.
    const log = await client.json<{ data: { action: string; actorId: string }[] }>(
      `/v1/workspaces/${team.workspaceId}/audit-log`,
      { token: team.owner.token },
    );
    expect(log.status, JSON.stringify(log.body)).toBe(200);
    expect(log.body.data.map((entry) => entry.action)).toEqual([
      "template.delete",
      "template.feature",
      "template.review",
    ]);
  });
});
