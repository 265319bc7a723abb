// B2: the extractor alone (engine/jsonpath.ts, without the engine's 1 MiB read cap or its
// per-extraction caps): three singular paths and one `[*]` wildcard over a 50 KB and a 5 MB
// body, against `JSON.parse` of the same body; and how that ratio grows from 50 KB to 5 MB.
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
  const ratios: number[] = [];
  for (const doc of docs) {
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
    ratios.push(result.ratio);
    lines.push({
      id: "B2",
      name: `extract 4 paths vs JSON.parse, ${doc.label}`,
      value: result.ratio,
      goal: { max: 0.05, unit: "x" },
      detail: `${(doc.bytes / 1e6).toFixed(2)} MB, ${doc.items} items, ${reps} reps; parse ${ms(result.baseline / reps)}, extract ${ms(result.subject / reps)}, ${runs} pairs`,
      raw: { baselineMs: result.baseline / reps, subjectMs: result.subject / reps },
    });
  }
  // The question is the algorithm's, not the cache hierarchy's: does extraction stay the same
  // fraction of a parse of the same body as the body grows 100×? (Both pay for a 5 MB document
  // that no longer fits the CPU's cache; JSON.parse alone grows ~13× per decade past it.)
  const [small, large] = [ratios[0] ?? Number.NaN, ratios[ratios.length - 1] ?? Number.NaN];
  lines.push({
    id: "B2",
    name: "growth of extract/JSON.parse from 50 KB to 5 MB",
    value: large / small,
    goal: { max: 1.2, unit: "x" },
    detail: `${small.toFixed(4)}x at 50 KB, ${large.toFixed(4)}x at 5 MB`,
    raw: { ratioSmall: small, ratioLarge: large },
  });
  if (sink === -1) console.log(sink);
  return lines;
}
