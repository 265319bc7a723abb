// B2: the extractor alone (engine/jsonpath.ts, without the engine's 1 MiB read cap or its
// per-extraction caps): three singular paths and one `[*]` wildcard over a 50 KB and a 5 MB
// body, against `JSON.parse` of the same body; and how its time grows with 10× more items
// (50 KB → 500 KB → 5 MB).
import type { JsonValue } from "../../engine/json.ts";
import {
  type CompiledJsonPath,
  compileJsonPath,
  evaluateJsonPath,
  type JsonPathBudget,
} from "../../engine/jsonpath.ts";
import { paired, timed } from "./lib/paired.ts";
import { type BenchLine, ms } from "./lib/report.ts";

export const PATHS = ["$.meta.total", "$.meta.next_cursor", "$.items[0].email", "$.items[*].id"];
/** ~200 bytes per item: 250 items ≈ 50 KB, 25,000 ≈ 5 MB. */
const SIZES = [
  { label: "50 KB", items: 250 },
  { label: "500 KB", items: 2_500 },
  { label: "5 MB", items: 25_000 },
];

export function body(items: number): string {
  return JSON.stringify({
    meta: { total: items, next_cursor: "c_9f8e7d6c", page_size: items },
    items: Array.from({ length: items }, (_, i) => ({
      id: `per_${i.toString(36).padStart(8, "0")}`,
      email: `person.${i}@example-company.test`,
      name: `Person Number ${i}`,
      score: (i * 37) % 101,
      tags: ["lead", i % 2 === 0 ? "b2b" : "b2c"],
      address: { city: "Lisbon", zip: `${1000 + (i % 900)}-001` },
      company: "Example Company Ltd",
    })),
  });
}

function compiled(): CompiledJsonPath[] {
  return PATHS.map((expression) => {
    const result = compileJsonPath(expression);
    if (!result.ok) throw new Error(`B2: ${expression}: ${result.message}`);
    return result.path;
  });
}

// The walker's own cost, like the read cap above: the per-extraction caps (10,000 values, 256 KiB)
// would refuse `[*]` over the larger bodies, and counting against them is part of what is timed.
const UNCAPPED: JsonPathBudget = {
  maxNodes: Number.MAX_SAFE_INTEGER,
  maxValues: Number.MAX_SAFE_INTEGER,
  maxBytes: Number.MAX_SAFE_INTEGER,
};

function evaluateAll(paths: readonly CompiledJsonPath[], document: JsonValue): number {
  let found = 0;
  for (const path of paths) {
    const value = evaluateJsonPath(path, document, UNCAPPED);
    found += Array.isArray(value) ? value.length : value === null ? 0 : 1;
  }
  return found;
}

export async function runB2(runs: number): Promise<BenchLine[]> {
  const paths = compiled();
  const docs = SIZES.map((size) => {
    const text = body(size.items);
    const document = JSON.parse(text) as JsonValue;
    if (evaluateAll(paths, document) !== size.items + 3) throw new Error("B2: unexpected matches");
    return { ...size, text, document, bytes: text.length };
  });
  let sink = 0;
  const lines: BenchLine[] = [];
  for (const doc of [docs[0], docs[2]]) {
    if (!doc) continue;
    const reps = Math.max(3, Math.ceil(8e6 / doc.bytes));
    const result = await paired(
      runs,
      () =>
        timed(() => {
          for (let i = 0; i < reps; i++) sink += (JSON.parse(doc.text) as { meta: object }) ? 1 : 0;
        }),
      () =>
        timed(() => {
          for (let i = 0; i < reps; i++) sink += evaluateAll(paths, doc.document);
        }),
    );
    lines.push({
      id: "B2",
      name: `extract 4 paths vs JSON.parse, ${doc.label}`,
      value: result.ratio,
      goal: { max: 0.05, unit: "x" },
      detail: `${(doc.bytes / 1e6).toFixed(2)} MB, ${doc.items} items, ${reps} reps; parse ${ms(result.baseline / reps)}, extract ${ms(result.subject / reps)}, ${runs} pairs`,
    });
  }
  const growth: { ratio: number; detail: string }[] = [];
  for (let i = 0; i + 1 < docs.length; i++) {
    const small = docs[i];
    const large = docs[i + 1];
    if (!small || !large) continue;
    // Enough repetitions that the smaller side takes ~20 ms per measurement.
    const reps = Math.ceil(1e6 / small.items);
    const result = await paired(
      runs,
      () =>
        timed(() => {
          for (let r = 0; r < reps; r++) sink += evaluateAll(paths, small.document);
        }),
      () =>
        timed(() => {
          for (let r = 0; r < reps; r++) sink += evaluateAll(paths, large.document);
        }),
    );
    growth.push({
      ratio: result.ratio,
      detail: `${small.label}→${large.label} ${result.ratio.toFixed(2)}x`,
    });
  }
  // For reference, the same last decade for JSON.parse itself: past the CPU's 2 MiB L2 cache
  // every pass over a document gets slower per item, whatever it does.
  const [, mid, big] = docs;
  let parseDecade = Number.NaN;
  if (mid && big) {
    const parse = (text: string) => () =>
      timed(() => {
        for (let r = 0; r < 3; r++) sink += (JSON.parse(text) as object) ? 1 : 0;
      });
    parseDecade = (await paired(runs, parse(mid.text), parse(big.text))).ratio;
  }
  const worst = growth.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  lines.push({
    id: "B2",
    name: "extract time for 10x the items",
    value: worst.ratio,
    goal: { max: 12, unit: "x" },
    detail: `${growth.map((g) => g.detail).join(", ")}; worst shown, ${runs} pairs each; JSON.parse 500 KB→5 MB ${parseDecade.toFixed(2)}x`,
  });
  if (sink === -1) console.log(sink);
  return lines;
}
