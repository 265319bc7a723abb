// The field mapping a run renders once its steps succeeded (what would be written onto the
// contact). It never sees credentials, and an entry fed by a tainted step value is skipped.

import { placeholdersOf, renderValue, tryParseInterpolation } from "./interpolate.ts";
import { type JsonValue, setOwn } from "./json.ts";
import type { MappingSkip, StepErrorInfo } from "./run.ts";
import type { RunState } from "./run-state.ts";
import { toInfo } from "./step.ts";

export type MappingRender = {
  mapping: Record<string, JsonValue>;
  skipped: MappingSkip[];
  /** Set when an entry failed to render; `mapping` is then empty, `skipped` what came before. */
  error?: StepErrorInfo;
};

export function renderMapping(
  fieldMapping: Readonly<Record<string, string>>,
  state: RunState,
): MappingRender {
  // Field mapping never sees credentials: they cannot be written onto a contact.
  const scope = { ...state.scope, credentials: {} };
  const mapping: Record<string, JsonValue> = {};
  const skipped: MappingSkip[] = [];
  try {
    for (const [field, text] of Object.entries(fieldMapping)) {
      const taint = mappingTaint(text, state.taint);
      if (taint.length > 0) {
        skipped.push({
          field,
          reason: `fed by a value tainted by credential ${taint.map((n) => `"${n}"`).join(", ")}`,
        });
        continue;
      }
      const value = renderValue(text, scope);
      if (value !== null) setOwn(mapping, field, value);
    }
  } catch (error) {
    return { mapping: {}, skipped, error: toInfo(error, state.redactor) };
  }
  return { mapping, skipped };
}

/** Credentials tainting the step values a field-mapping entry reads. */
function mappingTaint(text: string, stepTaint: ReadonlyMap<string, readonly string[]>): string[] {
  if (stepTaint.size === 0) return [];
  const parsed = tryParseInterpolation(text);
  if (!parsed.ok) return [];
  const names = new Set<string>();
  for (const p of placeholdersOf(parsed.segments)) {
    if (p.root !== "steps" || p.path[1] === "status") continue;
    for (const name of stepTaint.get(p.path[0] ?? "") ?? []) names.add(name);
  }
  return [...names];
}
