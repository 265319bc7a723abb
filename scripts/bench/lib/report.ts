// One line per benchmark: `name, ratio, goal, PASS/MISS`, then the raw medians for the record.

export type Goal = {
  /** Infinity with no `min`: no goal, the value is reported ("report"). */
  max: number;
  /** `value >= min` too: "exactly n" goals (min = max), or "at least" ones (max Infinity). */
  min?: number;
  unit: "x" | "MiB" | "KiB" | "ms" | "calls";
};

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
  if (unit === "KiB") return `${value.toFixed(0)} KiB`;
  if (unit === "calls") return `${value.toFixed(0)} calls`;
  return `${value.toFixed(0)} ms`;
}

/** A line with a goal to meet (not a "report" line). */
export function hasGoal(goal: Goal): boolean {
  return goal.max !== Number.POSITIVE_INFINITY || goal.min !== undefined;
}

export function passed(line: BenchLine): boolean {
  return (
    Number.isFinite(line.value) &&
    line.value <= line.goal.max &&
    line.value >= (line.goal.min ?? Number.NEGATIVE_INFINITY)
  );
}

export function goalText(goal: Goal): string {
  const { max, min, unit } = goal;
  if (min === max) return `= ${formatValue(max, unit)}`;
  const parts: string[] = [];
  if (min !== undefined) parts.push(`>= ${formatValue(min, unit)}`);
  if (Number.isFinite(max)) parts.push(`<= ${formatValue(max, unit)}`);
  return parts.join(" and ");
}

export function formatLine(line: BenchLine): string {
  const { unit } = line.goal;
  if (!hasGoal(line.goal)) {
    return `${line.id} ${line.name}, ${formatValue(line.value, unit)}, report (${line.detail})`;
  }
  const verdict = passed(line) ? "PASS" : "MISS";
  return `${line.id} ${line.name}, ${formatValue(line.value, unit)}, ${goalText(line.goal)}, ${verdict} (${line.detail})`;
}

export const ms = (value: number) => `${value.toFixed(value < 10 ? 3 : 1)} ms`;
