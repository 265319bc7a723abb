// One line per benchmark: `name, ratio, goal, PASS/MISS`, then the raw medians for the record.

export type Goal = {
  /** Infinity: no goal, the value is reported ("report"). */
  max: number;
  /** For "exactly n" goals (min = max). */
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
};

export function formatValue(value: number, unit: Goal["unit"]): string {
  if (unit === "x") return `${value.toFixed(value < 0.1 ? 4 : 2)}x`;
  if (unit === "MiB") return `${value.toFixed(3)} MiB`;
  if (unit === "KiB") return `${value.toFixed(0)} KiB`;
  if (unit === "calls") return `${value.toFixed(0)} calls`;
  return `${value.toFixed(0)} ms`;
}

export function passed(line: BenchLine): boolean {
  return (
    Number.isFinite(line.value) &&
    line.value <= line.goal.max &&
    line.value >= (line.goal.min ?? Number.NEGATIVE_INFINITY)
  );
}

export function formatLine(line: BenchLine): string {
  const { max, min, unit } = line.goal;
  if (max === Number.POSITIVE_INFINITY) {
    return `${line.id} ${line.name}, ${formatValue(line.value, unit)}, report (${line.detail})`;
  }
  const goal = min === max ? `= ${formatValue(max, unit)}` : `<= ${formatValue(max, unit)}`;
  const verdict = passed(line) ? "PASS" : "MISS";
  return `${line.id} ${line.name}, ${formatValue(line.value, line.goal.unit)}, ${goal}, ${verdict} (${line.detail})`;
}

export const ms = (value: number) => `${value.toFixed(value < 10 ? 3 : 1)} ms`;
