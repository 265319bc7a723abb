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
 * then only once more; every other repeat is a failure. Listed per execution for the report.
 */
export function repeatReport(target: CountingTarget, ids: string[], inFlight: Set<string>) {
  const report = hitReport(target, ids);
  const counts = target.perStep();
  const excused: string[] = [];
  const unexcused: string[] = [];
  for (const key of report.repeatedKeys) {
    const n = counts.get(key) ?? 0;
    (inFlight.has(key) && n === 2 ? excused : unexcused).push(`${key} ×${n}`);
  }
  return { ...report, excused, unexcused };
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
