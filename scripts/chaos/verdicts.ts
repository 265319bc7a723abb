// Two verdicts the scenarios without a killed process share: each step of each accepted execution
// called exactly once at the target, and none lost (read back by a connection of its own).
import type { Claims } from "../lib/burst.ts";
import { hitReport, readBack } from "../lib/checks.ts";
import type { ChaosStack } from "./stack.ts";

export async function onceAndNoneLost(
  stack: ChaosStack,
  claims: Claims,
  name: string,
  ids: string[],
  since: Date,
): Promise<void> {
  const hits = hitReport(stack.target, ids);
  claims.check(
    `${name}: each step called exactly once at the target`,
    hits.missing === 0 && hits.repeated === 0 && hits.strays === 0,
    `missing ${hits.missing}, repeated ${hits.repeated}, unknown ${hits.strays}`,
  );
  const back = await readBack(
    stack.cluster.superuserUrl,
    [...stack.connectors.values()],
    since,
    ids,
  );
  claims.check(
    `${name}: none lost (accepted ids = rows read back, all terminal)`,
    back.ok,
    back.detail,
  );
}
