// B8 under the worker runtime (`wrangler dev`, workerd), Trigger.dev runner (a local stand-in
// that accepts runs and starts none): one batch of 1,000 items (`POST …/batches`), wall time until
// its 202, against 1,000 single starts (`POST …/executions`) sent 10 at a time, wall time until
// the last 202. Both insert and dispatch 1,000 executions; pairs interleaved, singles first.
import { call } from "../lib/burst.ts";
import { type DispatchStack, startOne } from "./lib/dispatch-stack.ts";
import { paired, timed } from "./lib/paired.ts";
import { type BenchLine, ms } from "./lib/report.ts";

const ITEMS = 1_000;
const AT_ONCE = 10;

export async function runB8(stack: DispatchStack, pairs: number): Promise<BenchLine> {
  let serial = 0;
  let failures = 0;
  const singles = (count: number) => async () => {
    let next = 0;
    const client = async () => {
      while (next < count) {
        next += 1;
        const token = stack.tokens[serial % stack.tokens.length] ?? "";
        const answer = await startOne(stack, token, { email: `b8-${serial++}@bench.test` });
        if (answer.status !== 202) failures += 1;
      }
    };
    await Promise.all(Array.from({ length: AT_ONCE }, client));
  };
  const batch = (count: number) => async () => {
    const items = Array.from({ length: count }, () => ({
      input: { email: `b8-${serial++}@bench.test` },
    }));
    const answer = await call(
      stack.base,
      stack.tokens[1] ?? "",
      "POST",
      `/v1/workspaces/${stack.workspaceId}/connectors/${stack.connectorId}/batches`,
      { items },
    );
    if (answer.status !== 202) throw new Error(`B8: batch → ${answer.status} ${answer.text}`);
  };
  // Warm-up at a twentieth of the size: both paths compiled and their connections open.
  await timed(singles(50));
  await timed(batch(50));
  const result = await paired(
    pairs,
    () => timed(singles(ITEMS)),
    () => timed(batch(ITEMS)),
    0,
  );
  return {
    id: "B8",
    name: "1,000-item batch to 202 vs 1,000 single starts 10 at a time",
    value: failures === 0 ? result.ratio : Number.NaN,
    goal: { max: 0.05, unit: "x" },
    detail: `singles ${ms(result.baseline)}, batch ${ms(result.subject)}; ${pairs} pairs; ${failures} single starts not 202`,
  };
}
