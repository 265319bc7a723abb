// The one method every benchmark uses: a baseline and a subject measured in the same process,
// interleaved (baseline, subject, baseline, subject…), and the median of the paired ratios. On a
// shared 2-core machine absolute times drift by tens of percent; a ratio of neighbours does not.

export type Measure = () => Promise<number>;

export type Paired = {
  /** Median of subject/baseline over the pairs. */
  ratio: number;
  baseline: number;
  subject: number;
  ratios: number[];
};

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Runs `warmup` unrecorded pairs, then `runs` recorded ones, each baseline first. */
export async function paired(
  runs: number,
  baseline: Measure,
  subject: Measure,
  warmup = 1,
): Promise<Paired> {
  for (let i = 0; i < warmup; i++) {
    await baseline();
    await subject();
  }
  const baselines: number[] = [];
  const subjects: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < runs; i++) {
    const b = await baseline();
    const s = await subject();
    baselines.push(b);
    subjects.push(s);
    ratios.push(s / b);
  }
  return { ratio: median(ratios), baseline: median(baselines), subject: median(subjects), ratios };
}

/** Wall time of `fn` in milliseconds. */
export async function timed(fn: () => Promise<void> | void): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}
