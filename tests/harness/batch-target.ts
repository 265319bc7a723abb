// For batch suites: a target that counts the requests open at once (the concurrency a workspace
// really gets) and how often each item arrived, and a team with a one-step connector against it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect } from "vitest";
import { type TestClient, testClient } from "./app.ts";
import { adminSql, createTeam } from "./fixtures.ts";

export interface CountingTarget {
  host: string;
  /** The most requests that were open at once, since the last `reset`. */
  peak(): number;
  /** How often each `?item=` value arrived. */
  arrivals: Map<string, number>;
  setDelay(ms: number): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startCountingTarget(): Promise<CountingTarget> {
  let open = 0;
  let peak = 0;
  let delayMs = 0;
  const arrivals = new Map<string, number>();
  const server: Server = createServer(async (req, res) => {
    open += 1;
    peak = Math.max(peak, open);
    const item = new URL(req.url ?? "/", "http://target.local").searchParams.get("item") ?? "";
    arrivals.set(item, (arrivals.get(item) ?? 0) + 1);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    open -= 1;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: true, item }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    peak: () => peak,
    arrivals,
    setDelay: (ms) => {
      delayMs = ms;
    },
    reset: () => {
      peak = open;
      arrivals.clear();
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An input schema that requires `item` (a string). */
export const ITEM_SCHEMA = {
  type: "object",
  required: ["item"],
  properties: { item: { type: "string", maxLength: 64 } },
};

/** A team, a connector whose one step GETs `/ping?item={{input.item}}`, and a contact. */
export async function arrangeBatchConnector(client: TestClient, host: string) {
  const team = await createTeam();
  const created = await client.json<{ id: string }>(
    `/v1/workspaces/${team.workspaceId}/connectors`,
    {
      method: "POST",
      token: team.member.token,
      body: {
        name: "Ping",
        definition: {
          input: ITEM_SCHEMA,
          steps: [
            {
              id: "ping",
              request: { method: "GET", url: `http://${host}/ping?item={{input.item}}` },
            },
          ],
        },
      },
    },
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const [contact] = await adminSql()<{ id: string }[]>`
    insert into connectors.contacts (workspace_id, email) values (${team.workspaceId}, 'b@x.test')
    returning id`;
  const connectorId = created.body.id;
  return {
    team,
    connectorId,
    contactId: contact?.id ?? "",
    batchesUrl: `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/batches`,
    batchUrl: (id: string) => `/v1/workspaces/${team.workspaceId}/batches/${id}`,
  };
}

/** `n` valid items, `item` values `<prefix>0…`. */
export function items(n: number, prefix = "i") {
  return Array.from({ length: n }, (_, i) => ({ input: { item: `${prefix}${i}` } }));
}

export interface BatchBody {
  id: string;
  connectorId: string | null;
  status: "running" | "completed" | "cancelled";
  total: number;
  counts: { queued: number; running: number; succeeded: number; failed: number; cancelled: number };
  createdAt: string;
  finishedAt: string | null;
}

/** Polls the batch until it is no longer running (a bounded wait, not a timing claim). */
export async function waitForBatch(
  client: TestClient,
  url: string,
  token: string,
  timeoutMs = 120_000,
): Promise<BatchBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const read = await client.json<BatchBody>(url, { token });
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    if (read.body.status !== "running") return read.body;
    if (Date.now() > deadline) throw new Error(`batch still running: ${JSON.stringify(read.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A counting target for the whole suite (started before its tests, closed after); call to get it. */
export function suiteTarget(): () => CountingTarget {
  let target: CountingTarget | undefined;
  beforeAll(async () => {
    target = await startCountingTarget();
  });
  afterAll(async () => {
    await target?.close();
  });
  return () => {
    if (!target) throw new Error("the suite's target is not started");
    return target;
  };
}

/** A client on the inline runner that may reach the target. */
export function inlineClient(target: CountingTarget, vars: Record<string, string> = {}) {
  return testClient({ OUTBOUND_ALLOW_HOSTS: target.host, RUNNER: "inline", ...vars });
}

/** How many batches and executions a workspace has. */
export async function rowCounts(workspaceId: string) {
  const [row] = await adminSql()<{ batches: number; executions: number }[]>`
    select (select count(*)::int from connectors.execution_batches
            where workspace_id = ${workspaceId}) as batches,
           (select count(*)::int from connectors.connector_executions
            where workspace_id = ${workspaceId}) as executions`;
  return row;
}

/** How many replays of an execution exist. */
export async function replaysOf(originalId: string) {
  const [row] = await adminSql()<{ n: number }[]>`
    select count(*)::int as n from connectors.connector_executions where replay_of = ${originalId}`;
  return row?.n;
}
