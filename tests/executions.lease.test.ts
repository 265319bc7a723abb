// The lease and the step checkpoints (docs/RELIABILITY.md): a live run renews its lease and is
// not reclaimed however old its claim; a run whose heartbeats stop is taken over and the new run
// resumes after the last committed step; the superseded run's late writes change nothing.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { encryptCredential, parseKeyring } from "../engine/crypto.ts";
import { createNodeFetch } from "../engine/node-fetch.ts";
import { parseAllowList } from "../engine/outbound.ts";
import { claimExecution } from "../execution/claim.ts";
import { type RunExecutionDeps, runExecution } from "../execution/run-execution.ts";
import { reclaimStale } from "../execution/sweep.ts";
import { DEV_CREDENTIALS_KEYS } from "../scripts/lib/local-defaults.ts";
import { adminSql, createWorkspace } from "./harness/fixtures.ts";
import { insertConnectorRow, insertExecution } from "./harness/rows.ts";

let sql: postgres.Sql;
let server: Server;
let host = "";
const hits = new Map<string, number>();
const keys: string[] = [];
const gates = new Map<string, Promise<void>>();

beforeAll(async () => {
  sql = postgres(inject("apiLoginUrl"), { max: 4, onnotice: () => {} });
  server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0] ?? "";
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const key = req.headers["idempotency-key"];
    if (typeof key === "string") keys.push(`${path} ${key}`);
    req.resume();
    req.on("end", () => {
      void (gates.get(path) ?? Promise.resolve()).then(() => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ a: "alpha", b: "beta", c: "gamma" }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await sql.end({ timeout: 2 });
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function gate(path: string) {
  let open = () => {};
  gates.set(path, new Promise<void>((resolve) => (open = resolve)));
  return () => open();
}

const step = (id: string, path: string, body: Record<string, string>, extract: string) => ({
  id,
  request: {
    method: "POST",
    url: `http://${host}${path}`,
    headers: { "Idempotency-Key": "{{execution.stepKey}}" },
    body: { type: "json", value: body },
  },
  extract: { [extract]: `$.${extract}` },
});

function deps(runId: string, extra: Partial<RunExecutionDeps> = {}): RunExecutionDeps {
  const policy = parseAllowList(host);
  return {
    sql,
    keyring: parseKeyring(DEV_CREDENTIALS_KEYS),
    fetch: createNodeFetch({ policy }),
    policy,
    runId,
    runner: "trigger",
    staleClaimSeconds: 1,
    heartbeatMs: 100,
    cancelPollMs: 50,
    ...extra,
  };
}

async function queued(definition: object) {
  const workspaceId = await createWorkspace("Lease");
  const connectorId = await insertConnectorRow(workspaceId);
  return insertExecution({ workspaceId, connectorId, definition: definition as never });
}

async function row(id: string) {
  const [found] = await adminSql()<
    {
      status: string;
      attempts: number;
      step_results: { id: string }[];
      output: Record<string, unknown> | null;
      error: { kind: string; message: string } | null;
      updated_at: Date;
      stale: boolean;
    }[]
  >`select status, attempts, step_results, output, error, updated_at,
           coalesce(heartbeat_at, claimed_at) < now() - interval '1 second' as stale
    from connectors.connector_executions where id = ${id}`;
  if (!found) throw new Error("no row");
  return found;
}

/** What the sweeper's reclaim would do to this row, rolled back so no other suite is touched. */
async function reclaimWouldTake(id: string): Promise<boolean> {
  const rollback = new Error("rollback");
  let taken = false;
  await adminSql()
    .begin(async (tx) => {
      await reclaimStale(tx, 1);
      const [after] = await tx<{ status: string }[]>`
        select status from connectors.connector_executions where id = ${id}`;
      taken = after?.status === "queued";
      throw rollback;
    })
    .catch((error: unknown) => {
      if (error !== rollback) throw error;
    });
  return taken;
}

async function until(check: () => Promise<boolean> | boolean) {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("the lease", () => {
  it("a live run renews its lease: not reclaimed although its claim is older than the window", async () => {
    const open = gate("/slow");
    const id = await queued({ steps: [step("slow", "/slow", {}, "a")] });
    const running = runExecution({ executionId: id }, deps("run_live"));
    await until(() => hits.get("/slow") === 1);
    // Past the stale window (1 s) by claim age, several times over; the heartbeat keeps it live.
    await until(
      async () =>
        (
          await adminSql()`select 1 from connectors.connector_executions
      where id = ${id} and claimed_at < now() - interval '2 seconds'`
        ).length === 1,
    );
    expect(await reclaimWouldTake(id)).toBe(false);
    const thief = await claimExecution(sql, {
      executionId: id,
      runId: "run_thief",
      runner: "trigger",
      staleClaimSeconds: 1,
    });
    expect(thief).toBeNull();
    open();
    expect(await running).toEqual({ outcome: "finished", status: "succeeded", persisted: true });
    const done = await row(id);
    expect(done.attempts).toBe(1);
    expect(done.step_results.map((s) => s.id)).toEqual(["slow"]);
  });

  it("a run whose heartbeats stop is taken over; the new run resumes after the last committed step", async () => {
    const id = await queued({
      steps: [
        step("s1", "/r1", {}, "a"),
        step("s2", "/r2", { a: "{{steps.s1.a}}" }, "b"),
        step("s3", "/r3", { b: "{{steps.s2.b}}" }, "c"),
      ],
    });
    const open = gate("/r2");
    // The first run stops beating (no heartbeat, no poll) and hangs with its s2 call in flight.
    const dying = runExecution(
      { executionId: id },
      deps("run_dying", { heartbeatMs: 3_600_000, cancelPollMs: 3_600_000 }),
    );
    await until(() => hits.get("/r2") === 1);
    await until(async () => (await row(id)).stale);
    expect((await row(id)).step_results.map((s) => s.id)).toEqual(["s1"]);
    expect(await reclaimWouldTake(id)).toBe(true);

    gates.delete("/r2");
    const resumed = await runExecution({ executionId: id }, deps("run_resumed"));
    expect(resumed).toEqual({ outcome: "finished", status: "succeeded", persisted: true });
    const done = await row(id);
    expect(done.attempts).toBe(2);
    expect(done.step_results.map((s) => s.id)).toEqual(["s1", "s2", "s3"]);
    expect(done.output).toEqual({ s1: { a: "alpha" }, s2: { b: "beta" }, s3: { c: "gamma" } });
    // The finished step s1 was sent once; s2, in flight when the run died, twice with one key.
    expect([hits.get("/r1"), hits.get("/r2"), hits.get("/r3")]).toEqual([1, 2, 1]);
    expect(keys.filter((k) => k.startsWith("/r2"))).toEqual([`/r2 ${id}:s2`, `/r2 ${id}:s2`]);

    // The superseded run wakes up: its commit and finish are refused, and it stops.
    open();
    const late = await dying;
    expect(late).toMatchObject({ outcome: "finished", persisted: false });
    const { stale: _, ...after } = await row(id);
    const { stale: __, ...before } = done;
    expect(after).toEqual(before);
    expect(hits.get("/r3")).toBe(1);
  });

  it("the runner enforces the run budget: the execution fails with a timeout", async () => {
    const open = gate("/budget");
    const id = await queued({ steps: [step("wait", "/budget", {}, "a")] });
    const outcome = await runExecution(
      { executionId: id },
      deps("run_budget", { limits: { executionBudgetMs: 500 } }),
    );
    open();
    expect(outcome).toMatchObject({ outcome: "finished", status: "failed", persisted: true });
    const done = await row(id);
    expect(done.status).toBe("failed");
    expect(done.error?.kind).toBe("timeout");
    expect(done.error?.message).toMatch(/budget/);
  });

  it("a resumed run taints a committed step's values again; they are stored sealed, never in plain text", async () => {
    const secret = "leasesecretvalue0123";
    const workspaceId = await createWorkspace("Lease taint");
    const connectorId = await insertConnectorRow(workspaceId);
    const bound = {
      workspaceId,
      name: "tok",
      allowedHosts: [host],
      placements: ["header", "query"],
      queryParam: null,
    };
    const sealed = await encryptCredential(parseKeyring(DEV_CREDENTIALS_KEYS), bound, secret);
    await adminSql()`insert into connectors.workspace_api_credentials
        (workspace_id, name, ciphertext, key_version, allowed_hosts, placements)
      values (${workspaceId}, 'tok', ${sealed.ciphertext}, ${sealed.keyVersion}, ${[host]},
              ${["header", "query"]})`;
    const definition = {
      steps: [
        {
          id: "t1",
          request: { method: "GET", url: `http://${host}/t1`, query: { k: "{{credentials.tok}}" } },
          extract: { a: "$.a" },
        },
        step("t2", "/t2", { a: "{{steps.t1.a}}" }, "b"),
      ],
    };
    const id = await insertExecution({ workspaceId, connectorId, definition: definition as never });
    const open = gate("/t2");
    const dying = runExecution(
      { executionId: id },
      deps("run_taint_dying", { heartbeatMs: 3_600_000, cancelPollMs: 3_600_000 }),
    );
    await until(() => hits.get("/t2") === 1);
    const [stored] = await adminSql()<{ taint: string }[]>`
      select step_taint::text as taint from connectors.connector_executions where id = ${id}`;
    expect(stored?.taint).toContain('"taint": ["tok"]');
    expect(stored?.taint).not.toContain("alpha");
    await until(async () => (await row(id)).stale);
    gates.delete("/t2");
    const resumed = await runExecution({ executionId: id }, deps("run_taint_resumed"));
    open();
    await dying;
    expect(resumed).toMatchObject({ status: "succeeded", persisted: true });
    const done = await row(id);
    // t2 sent the tainted value to the credential's own host, and its output stays hidden.
    expect(done.output).toEqual({ t1: { a: "[REDACTED]" }, t2: { b: "[REDACTED]" } });
    expect(hits.get("/t1")).toBe(1);
    const [after] = await adminSql()<{ taint: string }[]>`
      select step_taint::text as taint from connectors.connector_executions where id = ${id}`;
    expect(after?.taint).toBe("{}");
  });
});
