// B1c: newman (the Postman collection runner, pinned as a devDependency) running the same 5-step
// chain as B1a — a collection whose every request uses a value a test script extracted from the
// previous response into a collection variable, bearer auth — against the same loopback echo, in
// the same process, ÷ the engine's runSteps. Both run 200 chains per measurement (newman: one
// run of 200 iterations), interleaved pairs as everywhere.
import { createRequire } from "node:module";
import { type Echo, engineChain, SECRET, STEPS, startEcho, chainsOf } from "./b1-chain.ts";
import { paired, timed } from "./lib/paired.ts";
import { type BenchLine, ms } from "./lib/report.ts";

/** What the benchmark uses of newman's Node API (it ships no types). */
type NewmanSummary = {
  run: {
    stats: { requests: { total: number }; assertions: { failed: number } };
    failures: unknown[];
  };
};
type Newman = {
  run(
    options: { collection: object; iterationCount: number; reporters: string[] },
    callback: (error: Error | null, summary: NewmanSummary) => void,
  ): unknown;
};

const newman = createRequire(import.meta.url)("newman") as Newman;

/** The Postman collection (v2.1) of the chain: request i reads `{{next}}`, set by request i-1. */
export function chainCollection(origin: string): object {
  const extract = [
    "pm.test('status 200', () => pm.response.to.have.status(200));",
    "const page = pm.response.json();",
    "pm.collectionVariables.set('next', page.next);",
    "pm.collectionVariables.set('first', page.items[0].id);",
  ];
  return {
    info: {
      name: "B1c chain",
      schema: "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
    },
    auth: { type: "bearer", bearer: [{ key: "token", value: "{{api_token}}", type: "string" }] },
    variable: [
      { key: "origin", value: origin },
      { key: "api_token", value: SECRET },
      { key: "next", value: "" },
      { key: "first", value: "" },
    ],
    item: Array.from({ length: STEPS }, (_, i) => ({
      name: `s${i + 1}`,
      request: { method: "GET", url: `{{origin}}/chain/${i === 0 ? "t0" : "{{next}}"}` },
      event: [{ listen: "test", script: { type: "text/javascript", exec: extract } }],
    })),
  };
}

function newmanRun(collection: object, iterations: number): Promise<NewmanSummary> {
  return new Promise((resolve, reject) => {
    newman.run({ collection, iterationCount: iterations, reporters: [] }, (error, summary) => {
      if (error) reject(error);
      else resolve(summary);
    });
  });
}

async function newmanChains(collection: object, chains: number): Promise<number> {
  let summary: NewmanSummary | undefined;
  const elapsed = await timed(async () => {
    summary = await newmanRun(collection, chains);
  });
  const stats = summary?.run.stats;
  if (
    !summary ||
    summary.run.failures.length > 0 ||
    stats?.requests.total !== chains * STEPS ||
    stats.assertions.failed > 0
  ) {
    throw new Error(
      `B1c: newman's chains did not all succeed (${stats?.requests.total ?? 0} requests, ${summary?.run.failures.length ?? "?"} failures)`,
    );
  }
  return elapsed;
}

export async function runB1c(runs: number): Promise<BenchLine> {
  const chains = 200;
  const echo: Echo = await startEcho();
  try {
    const engine = await engineChain(echo);
    const collection = chainCollection(echo.origin);
    const result = await paired(runs, chainsOf(chains, engine), () =>
      newmanChains(collection, chains),
    );
    const perStep = (msPerRun: number) => ((msPerRun * 1000) / (chains * STEPS)).toFixed(0);
    return {
      id: "B1c",
      name: "5-step chain, newman vs engine, loopback echo",
      value: result.ratio,
      goal: { max: Number.POSITIVE_INFINITY, min: 5, unit: "x" },
      detail: `${chains} chains/run, ${runs} pairs; engine ${ms(result.baseline)}, newman ${ms(result.subject)}; per step ${perStep(result.baseline)} vs ${perStep(result.subject)} µs`,
      raw: { baselineMs: result.baseline, subjectMs: result.subject },
    };
  } finally {
    echo.stop();
  }
}
