// One line per benchmark: `name, ratio, goal, PASS/MISS`, then the raw medians for the record.

/** `value <= max`; with `min` set, also `value >= min` (a "we are faster" goal: max Infinity). */
export type Goal = { max: number; min?: number; unit: "x" | "MiB" | "ms" };

export type BenchLine = {
  id: string;
  name: string;
  value: number;
  goal: Goal;
  /** Raw medians and context, e.g. "baseline 41.2 ms, subject 43.0 ms, 7 pairs". */
  detail: string;
  /** The raw medians behind `value`, by name (e.g. `{ baselineMs: 41.2 }`), for the history. */
  raw?: Record<string, number>;
};

export function formatValue(value: number, unit: Goal["unit"]): string {
  if (unit === "x") return `${value.toFixed(value < 0.1 ? 4 : 2)}x`;
  if (unit === "MiB") return `${value.toFixed(3)} MiB`;
  return `${value.toFixed(0)} ms`;
}

export function passed(line: BenchLine): boolean {
  const { max, min } = line.goal;
  return (
    Number.isFinite(line.value) && line.value <= max && (min === undefined || line.value >= min)
  );
}

export function formatLine(line: BenchLine): string {
  const goal = goalText(line.goal);
  const verdict = passed(line) ? "PASS" : "MISS";
  return `${line.id} ${line.name}, ${formatValue(line.value, line.goal.unit)}, ${goal}, ${verdict} (${line.detail})`;
}

export function goalText(goal: Goal): string {
  const parts: string[] = [];
  if (goal.min !== undefined) parts.push(`>= ${formatValue(goal.min, goal.unit)}`);
  if (Number.isFinite(goal.max)) parts.push(`<= ${formatValue(goal.max, goal.unit)}`);
  return parts.join(" and ");
}

export const ms = (value: number) => `${value.toFixed(value < 10 ? 3 : 1)} ms`;
