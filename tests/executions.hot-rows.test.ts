// Rows every start or finish of a connector touches — the connector's usage counters, the hook's
// last delivery, the credentials' last use — must not make one transaction wait for another
// that has not committed yet. Under load such a wait chained every start behind the slowest
// client (idle in transaction, waiting on transactionid) until the API answered 503.
import type postgres from "postgres";
import { describe, expect, it } from "vitest";
import { markCredentialsUsed } from "../execution/checkpoint.ts";
import { recordDelivery } from "../worker/db/webhooks.ts";
import { adminSql, createWorkspace, insertCredentialRow } from "./harness/fixtures.ts";
import { insertConnectorRow, insertExecution } from "./harness/rows.ts";

/** Runs `hold` in a transaction that stays open until the returned release is called. */
async function holdOpen(hold: (tx: postgres.TransactionSql) => Promise<unknown>) {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let ready = () => {};
  const held = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const done = adminSql().begin(async (tx) => {
    await hold(tx);
    ready();
    await released;
  });
  await held;
  return {
    release: async () => {
      release();
      await done;
    },
  };
}

/** `work` in a transaction of its own that gives up after 1 s waiting for any lock. */
function impatient<T>(work: (tx: postgres.TransactionSql) => Promise<T>): Promise<T> {
  return adminSql().begin(async (tx) => {
    await tx`set local lock_timeout = '1s'`;
    return work(tx);
  }) as Promise<T>;
}

async function counters(connectorId: string) {
  const [row] = await adminSql()<{ runs: number; ok: number }[]>`
    select execution_count as runs, success_count as ok from connectors.connectors
    where id = ${connectorId}`;
  return row;
}

const insertQueued = (tx: postgres.TransactionSql, workspaceId: string, connectorId: string) => tx`
  insert into connectors.connector_executions (workspace_id, connector_id, input)
  values (${workspaceId}, ${connectorId}, '{}')`;

describe("rows every execution touches", () => {
  it("a start does not wait for another start of the same connector that has not committed", async () => {
    const workspaceId = await createWorkspace();
    const connectorId = await insertConnectorRow(workspaceId);
    const first = await holdOpen((tx) => insertQueued(tx, workspaceId, connectorId));
    try {
      await impatient((tx) => insertQueued(tx, workspaceId, connectorId));
    } finally {
      await first.release();
    }
    expect(await counters(connectorId)).toEqual({ runs: 2, ok: 0 });
  });

  it("a finish does not wait for another finish of the same connector that has not committed", async () => {
    const workspaceId = await createWorkspace();
    const connectorId = await insertConnectorRow(workspaceId);
    const [a, b] = await Promise.all(
      [1, 2].map(() => insertExecution({ workspaceId, connectorId, status: "running" })),
    );
    const finish = (tx: postgres.TransactionSql, id: string | undefined) => tx`
      update connectors.connector_executions
      set status = 'succeeded', finished_at = now(), duration_ms = 1 where id = ${id ?? ""}`;
    const first = await holdOpen((tx) => finish(tx, a));
    try {
      await impatient((tx) => finish(tx, b));
    } finally {
      await first.release();
    }
    expect(await counters(connectorId)).toEqual({ runs: 2, ok: 2 });
  });

  it("a delivery's record does not wait for another delivery of the same hook", async () => {
    const workspaceId = await createWorkspace();
    const connectorId = await insertConnectorRow(workspaceId);
    const [hook] = await adminSql()<{ id: string }[]>`
      insert into connectors.connector_webhooks
        (workspace_id, connector_id, secret_ciphertext, secret_key_version)
      values (${workspaceId}, ${connectorId}, 'sealed', 1)
      returning id`;
    const id = hook?.id ?? "";
    const first = await holdOpen((tx) => recordDelivery(tx, id));
    try {
      await impatient((tx) => recordDelivery(tx, id));
    } finally {
      await first.release();
    }
    const [row] = await adminSql()<{ at: Date | null }[]>`
      select last_delivery_at as at from connectors.connector_webhooks where id = ${id}`;
    expect(row?.at).toBeInstanceOf(Date);
  });

  it("a run's record of its credentials' use does not wait for another run's", async () => {
    const workspaceId = await createWorkspace();
    await insertCredentialRow(workspaceId, "shared_token", ["api.example.test"]);
    const first = await holdOpen(
      (tx) => tx`
        update connectors.workspace_api_credentials set last_used_at = now()
        where workspace_id = ${workspaceId}`,
    );
    try {
      const sql = adminSql();
      const waited = await Promise.race([
        markCredentialsUsed(sql, workspaceId, ["shared_token"]).then(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 2_000)),
      ]);
      expect(waited).toBe(false);
    } finally {
      await first.release();
    }
    const [row] = await adminSql()<{ at: Date | null }[]>`
      select last_used_at as at from connectors.workspace_api_credentials
      where workspace_id = ${workspaceId}`;
    expect(row?.at).toBeInstanceOf(Date);
  });
});
