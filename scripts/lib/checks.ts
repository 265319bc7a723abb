// The load and chaos suites' verdicts, measured where the claim lives: vendor calls counted at the
// counting target per execution and step (repeats allowed only for calls open when a process was
// killed), concurrency as calls open at once at the target, and "none lost" read back from the
// rows by a connection of its own.
import postgres from "postgres";
import { TERMINAL } from "./burst.ts";
import { type CountingTarget, stepKey } from "./counting-target.ts";

/** Calls per execution and step compared with the accepted ids: each step exactly once. */
export function hitReport(target: CountingTarget, ids: string[], steps: string[] = ["hit"]) {
  const counts = target.perStep();
  const expected = new Set(ids.flatMap((id) => steps.map((step) => stepKey(id, step))));
  const missing: string[] = [];
  const repeated: string[] = [];
  let strays = 0;
  for (const key of expected) {
    const n = counts.get(key) ?? 0;
    if (n === 0) missing.push(key);
    if (n > 1) repeated.push(key);
  }
  for (const key of counts.keys()) if (!expected.has(key)) strays += 1;
  return { missing: missing.length, repeated: repeated.length, strays, repeatedKeys: repeated };
}

/**
 * Repeats split by cause: a step called more than once is excused only when one of its calls was
 * open at the target when a process was killed (`inFlight`, from `target.openAt(killedAt)`), and
 * then only once more; every other repeat is a failure. Listed per execution for the report,
 * with the calls' times relative to `at0` when given.
 */
export function repeatReport(
  target: CountingTarget,
  ids: string[],
  inFlight: Set<string>,
  steps: string[] = ["hit"],
  at0?: number,
) {
  const report = hitReport(target, ids, steps);
  const counts = target.perStep();
  const excused: string[] = [];
  const unexcused: string[] = [];
  for (const key of report.repeatedKeys) {
    const n = counts.get(key) ?? 0;
    const at = at0 === undefined ? "" : ` (${callTimes(target, key, at0)})`;
    (inFlight.has(key) && n === 2 ? excused : unexcused).push(`${key} ×${n}${at}`);
  }
  return { ...report, excused, unexcused };
}

/** What the database held for one execution at a moment: its status and committed steps. */
export interface Committed {
  status: string;
  steps: number;
}

/**
 * Each execution's status and committed step count (`jsonb_array_length(step_results)`) for
 * these connectors since `since`, read on a connection of its own: the snapshot taken right
 * after a kill, before anything could resume the runs.
 */
export async function committedSteps(
  url: string,
  connectorIds: string[],
  since: Date,
): Promise<Map<string, Committed>> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ id: string; status: string; steps: number }[]>`
      select id, status, jsonb_array_length(step_results)::int as steps
      from connectors.connector_executions
      where connector_id = any(${connectorIds}::uuid[]) and created_at >= ${since}`;
    return new Map(rows.map((r) => [r.id, { status: r.status, steps: r.steps }]));
  } finally {
    await sql.end({ timeout: 2 });
  }
}

/**
 * The steps in flight when a process died, from the product's point of view: the step's first
 * call reached the target before `diedBy` and its result was not committed in `snapshot` (taken
 * after the death). Such a step may be sent once more by the run that resumes; no other may.
 */
export function inFlightAtDeath(
  target: CountingTarget,
  snapshot: Map<string, Committed>,
  diedBy: number,
  steps: string[] = ["hit"],
): Set<string> {
  const before = new Map<string, number>();
  for (const call of target.calls) {
    if (call.openedAt > diedBy) continue;
    const row = snapshot.get(call.executionId);
    const index = steps.indexOf(call.stepId);
    const committed = !row || TERMINAL.includes(row.status) ? steps.length : row.steps;
    if (index < 0 || index < committed) continue;
    const key = stepKey(call.executionId, call.stepId);
    before.set(key, (before.get(key) ?? 0) + 1);
  }
  // a step already sent twice before the death was not "in flight": that repeat is no excuse
  return new Set([...before].filter(([, n]) => n === 1).map(([key]) => key));
}

/**
 * Waits (up to `timeoutMs`) until no backend of the API role is inside a transaction: after a
 * kill, every commit the dead process had sent has landed and everything else was rolled back.
 */
export async function untilTransactionsSettled(url: string, timeoutMs: number): Promise<boolean> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const [row] = await sql<{ n: number }[]>`
        select count(*)::int as n from pg_stat_activity
        where usename = 'connectors_api' and state in
          ('active', 'idle in transaction', 'idle in transaction (aborted)')`;
      if ((row?.n ?? 0) === 0) return true;
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await sql.end({ timeout: 2 });
  }
}

/** When each call of a step reached the target, in seconds relative to `at0` (e.g. a restart). */
function callTimes(target: CountingTarget, key: string, at0: number): string {
  return target.calls
    .filter((c) => stepKey(c.executionId, c.stepId) === key)
    .map((c) => `${c.openedAt >= at0 ? "+" : ""}${((c.openedAt - at0) / 1000).toFixed(1)} s`)
    .join(", ");
}

/** Peak calls open at once per workspace at the target, checked against the limit exactly. */
export function concurrencyReport(target: CountingTarget, workspaceIds: string[], limit: number) {
  const peaks = target.peakOpen();
  const perWorkspace = workspaceIds.map((ws) => peaks.get(ws) ?? 0);
  return {
    exact: perWorkspace.length > 0 && perWorkspace.every((n) => n === limit),
    detail: `peak open calls at the target per workspace ${perWorkspace.join("/")} (limit ${limit})`,
  };
}

/**
 * "None lost", read back independently: a fresh connection lists every execution of these
 * connectors created since `since`; the set must equal the accepted ids, all terminal.
 */
export async function readBack(
  url: string,
  connectorIds: string[],
  since: Date,
  accepted: string[],
) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ id: string; status: string }[]>`
      select id, status from connectors.connector_executions
      where connector_id = any(${connectorIds}::uuid[]) and created_at >= ${since}`;
    const found = new Map(rows.map((r) => [r.id, r.status]));
    const want = new Set(accepted);
    const lost = accepted.filter((id) => !found.has(id));
    const unknown = rows.filter((r) => !want.has(r.id)).length;
    const notTerminal = rows.filter((r) => !TERMINAL.includes(r.status)).length;
    return {
      ok: lost.length === 0 && unknown === 0 && notTerminal === 0 && want.size === accepted.length,
      detail: `${accepted.length} accepted (${want.size} distinct), ${rows.length} rows read back: ${lost.length} lost, ${unknown} not accepted, ${notTerminal} not terminal`,
    };
  } finally {
    await sql.end({ timeout: 2 });
  }
}

/** The per-execution list of repeats for the report, shortened. */
export function listKeys(keys: string[], max = 5): string {
  if (keys.length === 0) return "none";
  return `${keys.slice(0, max).join(", ")}${keys.length > max ? `, … ${keys.length - max} more` : ""}`;
}
