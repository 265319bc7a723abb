import { EXECUTION_TRIGGERS, type ExecutionTrigger } from "../../execution/status.ts";
import type postgres from "postgres";
import type { Tx } from "./client.ts";

export type TriggerCounts = Record<ExecutionTrigger, number>;

/**
 * `{trigger: count}` as one jsonb value over the executions `where` selects (a correlated
 * condition on `x`); kinds with no execution are absent until `triggerCounts` fills them in.
 */
export function countByTrigger(tx: Tx, where: postgres.Fragment) {
  return tx`(
    select coalesce(jsonb_object_agg(t.trigger, t.n), '{}'::jsonb)
    from (
      select x.trigger, count(*)::int as n
      from connectors.connector_executions x
      where ${where}
      group by x.trigger
    ) t
  )`;
}

/** Every trigger kind present, zero where none ran. */
export function triggerCounts(partial: Partial<Record<string, number>> | null): TriggerCounts {
  const counts = Object.fromEntries(EXECUTION_TRIGGERS.map((kind) => [kind, 0])) as TriggerCounts;
  for (const kind of EXECUTION_TRIGGERS) counts[kind] = Number(partial?.[kind] ?? 0);
  return counts;
}
