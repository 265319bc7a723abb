// `npm run bench [-- B1 B3 …]`: every benchmark (or the named ones), one line each:
// `name, ratio, goal, PASS/MISS (raw medians)`. See docs/PERFORMANCE.md for the method.
import { runB1a, runB1b } from "./b1-chain.ts";
import { runB1c } from "./b1c-newman.ts";
import { runB2 } from "./b2-extract.ts";
import { runB3B4 } from "./b3-worker.ts";
import { runB5 } from "./b5-bundle.ts";
import { runB6 } from "./b6-live-status.ts";
import { runB7 } from "./b7-webhook.ts";
import { runB8 } from "./b8-batch.ts";
import { runB9 } from "./b9-oauth-refresh.ts";
import { runB10 } from "./b10-console.ts";
import { startDispatchStack } from "./lib/dispatch-stack.ts";
import { ROOT } from "../lib/paths.ts";
import { recordRun } from "./lib/history.ts";
import { type BenchLine, formatLine, passed } from "./lib/report.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? "") || 7;

type Bench = { ids: string[]; run: () => Promise<BenchLine[]> };

/** B7, B8 and B9 share one stack (Trigger.dev runner on a local stand-in). */
async function runDispatchBenches(): Promise<BenchLine[]> {
  const stack = await startDispatchStack((message) => console.error(`  ${message}`));
  try {
    const lines: BenchLine[] = [];
    const runs: [string, () => Promise<BenchLine>][] = [
      ["B7", () => runB7(stack, 3)],
      ["B8", () => runB8(stack, 2)],
      ["B9", () => runB9(stack)],
    ];
    for (const [id, run] of runs) {
      // One failing benchmark keeps the others' results; the run still exits non-zero.
      try {
        lines.push(await run());
      } catch (error) {
        console.log(`${id} ERROR: ${error instanceof Error ? error.message : error}`);
        process.exitCode = 1;
      }
    }
    return lines;
  } finally {
    await stack.stop();
  }
}

const BENCHES: Bench[] = [
  { ids: ["B1", "B1A"], run: async () => [await runB1a(RUNS)] },
  { ids: ["B1", "B1B"], run: async () => [await runB1b(RUNS)] },
  { ids: ["B1", "B1C"], run: async () => [await runB1c(5)] },
  { ids: ["B2"], run: () => runB2(RUNS) },
  { ids: ["B3", "B4"], run: () => runB3B4(5) },
  { ids: ["B5"], run: () => runB5(5) },
  { ids: ["B6"], run: () => runB6(2) },
  { ids: ["B7", "B8", "B9"], run: runDispatchBenches },
  { ids: ["B10"], run: () => runB10(5) },
];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).map((arg) => arg.toUpperCase());
  const started = Date.now();
  const lines: BenchLine[] = [];
  let errors = 0;
  for (const bench of BENCHES) {
    if (wanted.length > 0 && !bench.ids.some((id) => wanted.includes(id))) continue;
    console.error(`› ${bench.ids.join(", ")}…`);
    try {
      for (const line of await bench.run()) {
        lines.push(line);
        console.log(formatLine(line));
      }
    } catch (error) {
      errors += 1;
      console.log(
        `${bench.ids.join(", ")} ERROR: ${error instanceof Error ? error.message : error}`,
      );
    }
  }
  const missed = lines.filter((line) => !passed(line)).length;
  console.log(
    `${lines.length - missed} met, ${missed} missed, ${errors} errors, ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  // A full run (no ids named) goes into bench-history/ and its chart (docs/PERFORMANCE.md).
  if (wanted.length === 0) {
    for (const path of recordRun(lines, ROOT)) console.error(`› wrote ${path}`);
  }
  // A missed goal is a result, not a failure; a benchmark that could not run is.
  // (B7–B9 share a stack: one of them failing sets the exit code and keeps the others' lines.)
  process.exitCode = errors === 0 && process.exitCode !== 1 ? 0 : 1;
}

await main();
