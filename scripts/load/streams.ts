// `npm run load`, phase C: live-status event streams (GET …/executions/:id/events) held open
// while the wave runs. Each follows one execution to its end, reconnecting with Last-Event-ID if
// the server ends the stream first (its 5-minute timeout); what it last saw is compared with the
// row afterwards.
import type postgres from "postgres";
import { readEvents } from "../../tests/harness/event-stream.ts";
import { TERMINAL, type Tenant } from "../lib/burst.ts";

export interface Followed {
  executionId: string;
  workspaceId: string;
  /** The status of the last `execution` event received. */
  lastStatus: string | null;
  events: number;
  reconnects: number;
  /** Non-200 answers or dropped streams, as text. */
  errors: string[];
  /** Milliseconds from the request to the first event. */
  firstEventMs: number | null;
}

async function follow(base: string, token: string, item: Followed, deadline: number) {
  let lastId: string | undefined;
  while (Date.now() < deadline) {
    const started = performance.now();
    let res: Response;
    try {
      res = await fetch(
        `${base}/v1/workspaces/${item.workspaceId}/executions/${item.executionId}/events`,
        {
          headers: {
            authorization: `Bearer ${token}`,
            accept: "text/event-stream",
            ...(lastId ? { "last-event-id": lastId } : {}),
          },
        },
      );
    } catch (error) {
      item.errors.push(`connect: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      continue;
    }
    if (res.status !== 200) {
      item.errors.push(`${res.status} ${(await res.text()).slice(0, 120)}`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      continue;
    }
    const reader = readEvents(res);
    try {
      for (let event = await reader.next(); event; event = await reader.next()) {
        item.firstEventMs ??= performance.now() - started;
        if (event.event === "comment") continue;
        item.events += 1;
        if (event.id) lastId = event.id;
        if (event.event === "execution") {
          item.lastStatus = (JSON.parse(event.data) as { status: string }).status;
        }
      }
    } catch (error) {
      item.errors.push(`stream: ${String(error)}`);
    }
    if (item.lastStatus && TERMINAL.includes(item.lastStatus)) return;
    item.reconnects += 1;
  }
}

/**
 * Opens `count` streams spread over the tenants, on the executions of `ids` (per workspace) that
 * wait longest, so the streams stay open through the wave. Resolves when all have ended.
 */
export function holdStreams(
  base: string,
  tenants: Tenant[],
  ids: Map<string, string[]>,
  count: number,
  deadline: number,
) {
  const followed: Followed[] = [];
  const perWorkspace = Math.ceil(count / tenants.length);
  for (const tenant of tenants) {
    for (const executionId of (ids.get(tenant.workspaceId) ?? []).slice(0, perWorkspace)) {
      if (followed.length >= count) break;
      followed.push({
        executionId,
        workspaceId: tenant.workspaceId,
        lastStatus: null,
        events: 0,
        reconnects: 0,
        errors: [],
        firstEventMs: null,
      });
    }
  }
  const tokens = new Map(tenants.map((t) => [t.workspaceId, t.users.at(-1)?.token ?? ""]));
  const done = Promise.all(
    followed.map((item) => follow(base, tokens.get(item.workspaceId) ?? "", item, deadline)),
  );
  return { followed, done };
}

/** Whether every stream ended on its execution's final status, as the row holds it. */
export async function checkStreams(sql: postgres.Sql, followed: Followed[]) {
  const rows = await sql<{ id: string; status: string }[]>`
    select id, status from connectors.connector_executions
    where id = any(${followed.map((f) => f.executionId)}::uuid[])`;
  const status = new Map(rows.map((r) => [r.id, r.status]));
  const mismatched = followed.filter((f) => f.lastStatus !== status.get(f.executionId));
  const errors = followed.flatMap((f) => f.errors);
  const firsts = followed
    .map((f) => f.firstEventMs)
    .filter((ms): ms is number => ms !== null)
    .sort((a, b) => a - b);
  return {
    mismatched,
    errors,
    firsts,
    events: followed.reduce((n, f) => n + f.events, 0),
    reconnects: followed.reduce((n, f) => n + f.reconnects, 0),
  };
}
