// The bench history: every full `npm run bench` appends one JSON line to bench-history/runs.jsonl
// (committed), and the chart docs/images/bench-history.svg is redrawn from the last runs: each
// B1–B8 row's value divided by its goal, so that one axis fits them all (≤ 1 meets the goal).
import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { type BenchLine, hasGoal, passed } from "./report.ts";

export type HistoryRow = {
  id: string;
  name: string;
  /** The row's value: a ratio (unit "x"), or a size or time for the absolute goals. */
  ratio: number;
  unit: BenchLine["goal"]["unit"];
  /** `max` is null when there is none (a "at least" goal). */
  goal: { max: number | null; min?: number };
  /** REPORT: a line without a goal (the value is only reported). */
  verdict: "PASS" | "MISS" | "REPORT";
  raw: Record<string, number>;
  detail: string;
};

export type HistoryRun = { date: string; commit: string; node: string; rows: HistoryRow[] };

export function historyRun(
  lines: readonly BenchLine[],
  meta: { date: Date; commit: string; node: string },
): HistoryRun {
  return {
    date: meta.date.toISOString(),
    commit: meta.commit,
    node: meta.node,
    rows: lines.map((line) => ({
      id: line.id,
      name: line.name,
      ratio: line.value,
      unit: line.goal.unit,
      goal: {
        max: Number.isFinite(line.goal.max) ? line.goal.max : null,
        ...(line.goal.min === undefined ? {} : { min: line.goal.min }),
      },
      verdict: hasGoal(line.goal) ? (passed(line) ? "PASS" : "MISS") : "REPORT",
      raw: line.raw ?? {},
      detail: line.detail,
    })),
  };
}

/** One line of runs.jsonl (no newline inside; non-finite numbers become null, as in JSON). */
export function historyLine(run: HistoryRun): string {
  return `${JSON.stringify(run)}\n`;
}

function isRun(value: unknown): value is HistoryRun {
  if (typeof value !== "object" || value === null) return false;
  const run = value as Partial<HistoryRun>;
  return typeof run.date === "string" && Array.isArray(run.rows);
}

/** The runs of a runs.jsonl text, oldest first; a line that is not a run is skipped. */
export function parseHistory(text: string): HistoryRun[] {
  const runs: HistoryRun[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const value: unknown = JSON.parse(line);
      if (isRun(value)) runs.push(value);
    } catch {
      // A torn line (an interrupted write) is not a run.
    }
  }
  return runs;
}

/** A row's value over its goal: ≤ 1 meets it, for "at most" and "at least" goals alike. */
export function normalised(row: HistoryRow): number | null {
  if (typeof row.ratio !== "number" || !Number.isFinite(row.ratio)) return null;
  if (row.goal.max !== null && row.goal.max > 0) return row.ratio / row.goal.max;
  if (row.goal.min !== undefined && row.ratio > 0) return row.goal.min / row.ratio;
  return null;
}

const CHARTED = /^B[1-8](?![0-9])/i;
const COLOURS = [
  "#1f77b4",
  "#d62728",
  "#2ca02c",
  "#ff7f0e",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#17becf",
  "#7f7f7f",
  "#bcbd22",
];
const DASHES = ["", "6 3", "2 3"];

const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The series a chart draws: one per B1–B8 row (id and name), in order of first appearance. */
export function chartSeries(
  runs: readonly HistoryRun[],
): { key: string; points: (number | null)[] }[] {
  const keys: string[] = [];
  for (const run of runs) {
    for (const row of run.rows) {
      const key = `${row.id} ${row.name}`;
      if (CHARTED.test(row.id) && !keys.includes(key)) keys.push(key);
    }
  }
  return keys.map((key) => ({
    key,
    points: runs.map((run) => {
      const row = run.rows.find((r) => `${r.id} ${r.name}` === key);
      return row ? normalised(row) : null;
    }),
  }));
}

/** An SVG line chart of the last `last` runs: value ÷ goal per row, a dashed line at the goal. */
export function renderChart(allRuns: readonly HistoryRun[], last = 20): string {
  const runs = allRuns.slice(-last);
  const series = chartSeries(runs);
  const width = 1240;
  const legendRow = 16;
  const plot = { left: 56, top: 40, width: 560, height: 300 };
  const height = Math.max(plot.top + plot.height + 70, plot.top + series.length * legendRow + 20);
  const values = series.flatMap((s) => s.points).filter((v): v is number => v !== null);
  const top = Math.min(4, Math.max(1.5, Math.ceil(Math.max(0, ...values) * 2) / 2));
  const x = (i: number) =>
    plot.left + (runs.length <= 1 ? plot.width / 2 : (i * plot.width) / (runs.length - 1));
  const y = (v: number) => plot.top + plot.height - (Math.min(v, top) / top) * plot.height;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" font-family="sans-serif" font-size="12">`,
    `<title>Benchmark history: B1–B8 value ÷ goal per full run of npm run bench</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${plot.left}" y="20" font-size="15" font-weight="bold">Benchmarks B1–B8: value ÷ goal over the last ${runs.length} full runs (≤ 1 meets the goal)</text>`,
  );
  for (let tick = 0; tick <= top + 1e-9; tick += 0.5) {
    const ty = y(tick).toFixed(1);
    out.push(
      `<line x1="${plot.left}" y1="${ty}" x2="${plot.left + plot.width}" y2="${ty}" stroke="#e5e5e5"/>`,
      `<text x="${plot.left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle">${tick.toFixed(1)}</text>`,
    );
  }
  const goalY = y(1).toFixed(1);
  out.push(
    `<line x1="${plot.left}" y1="${goalY}" x2="${plot.left + plot.width}" y2="${goalY}" stroke="#000000" stroke-dasharray="5 4"/>`,
    `<text x="${plot.left + plot.width + 4}" y="${goalY}" dominant-baseline="middle">goal</text>`,
    `<line x1="${plot.left}" y1="${plot.top}" x2="${plot.left}" y2="${plot.top + plot.height}" stroke="#000000"/>`,
  );
  runs.forEach((run, i) => {
    if (runs.length > 10 && i % Math.ceil(runs.length / 10) !== 0 && i !== runs.length - 1) return;
    const label = `${run.date.slice(5, 10)} ${run.date.slice(11, 16)} ${run.commit}`;
    out.push(
      `<text x="${x(i).toFixed(1)}" y="${plot.top + plot.height + 14}" text-anchor="end" font-size="10" transform="rotate(-30 ${x(i).toFixed(1)} ${plot.top + plot.height + 14})">${escapeXml(label)}</text>`,
    );
  });
  series.forEach((s, index) => {
    const colour = COLOURS[index % COLOURS.length] ?? "#000000";
    const dash = DASHES[Math.floor(index / COLOURS.length) % DASHES.length] ?? "";
    const dashAttr = dash === "" ? "" : ` stroke-dasharray="${dash}"`;
    let path = "";
    let pen = "M";
    s.points.forEach((v, i) => {
      if (v === null) {
        pen = "M";
        return;
      }
      path += `${pen}${x(i).toFixed(1)},${y(v).toFixed(1)} `;
      pen = "L";
    });
    const marks = s.points
      .map((v, i) =>
        v === null
          ? ""
          : `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${colour}"/>`,
      )
      .join("");
    out.push(
      `<g data-series="${escapeXml(s.key)}"><path d="${path.trim()}" fill="none" stroke="${colour}" stroke-width="2"${dashAttr}/>${marks}</g>`,
    );
    const ly = plot.top + index * legendRow;
    const latest = [...s.points].reverse().find((v) => v !== null);
    const shown = latest === undefined || latest === null ? "–" : latest.toFixed(2);
    const lx = plot.left + plot.width + 50;
    out.push(
      `<line x1="${lx}" y1="${ly}" x2="${lx + 20}" y2="${ly}" stroke="${colour}" stroke-width="2"${dashAttr}/>`,
      `<text x="${lx + 26}" y="${ly}" dominant-baseline="middle">${escapeXml(`${s.key} (${shown})`)}</text>`,
    );
  });
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

export const HISTORY_FILE = "bench-history/runs.jsonl";
export const CHART_FILE = "docs/images/bench-history.svg";

function shortCommit(root: string): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], {
      cwd: root,
      encoding: "utf8",
    }).trim();
  } catch {
    return "unknown";
  }
}

/** Appends this full run to the history and redraws the chart; returns the two paths. */
export function recordRun(lines: readonly BenchLine[], root: string): string[] {
  const run = historyRun(lines, {
    date: new Date(),
    commit: shortCommit(root),
    node: process.version,
  });
  const history = join(root, HISTORY_FILE);
  const chart = join(root, CHART_FILE);
  mkdirSync(dirname(history), { recursive: true });
  mkdirSync(dirname(chart), { recursive: true });
  appendFileSync(history, historyLine(run));
  const runs = parseHistory(existsSync(history) ? readFileSync(history, "utf8") : "");
  writeFileSync(chart, renderChart(runs));
  return [history, chart];
}
