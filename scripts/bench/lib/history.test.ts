import { describe, expect, it } from "vitest";
import {
  chartSeries,
  type HistoryRun,
  historyLine,
  historyRun,
  normalised,
  parseHistory,
  renderChart,
} from "./history.ts";
import type { BenchLine } from "./report.ts";

const lines: BenchLine[] = [
  {
    id: "B1a",
    name: "5-step chain",
    value: 1.25,
    goal: { max: 1.3, unit: "x" },
    detail: "fetch 1 ms, engine 1.25 ms",
    raw: { baselineMs: 1, subjectMs: 1.25 },
  },
  {
    id: "B1c",
    name: "newman vs engine",
    value: 4,
    goal: { max: Number.POSITIVE_INFINITY, min: 5, unit: "x" },
    detail: "engine 1 ms, newman 4 ms",
  },
  {
    id: "B2",
    name: "extract <50 KB> & parse",
    value: 0.02,
    goal: { max: 0.05, unit: "x" },
    detail: "",
  },
  { id: "B9", name: "refresh calls", value: 1, goal: { max: 1, unit: "x" }, detail: "" },
];

const at = (iso: string, commit: string, scale = 1): HistoryRun =>
  historyRun(
    lines.map((line) => ({ ...line, value: line.value * scale })),
    { date: new Date(iso), commit, node: "v22.0.0" },
  );

describe("bench history", () => {
  it("writes one JSON line per run with each row's ratio, raw medians, goal and verdict", () => {
    const text = historyLine(at("2026-12-02T19:00:00Z", "abc1234"));
    expect(text.endsWith("\n")).toBe(true);
    expect(text.slice(0, -1)).not.toContain("\n");
    const run = JSON.parse(text) as HistoryRun;
    expect(run).toMatchObject({
      date: "2026-12-02T19:00:00.000Z",
      commit: "abc1234",
      node: "v22.0.0",
    });
    expect(run.rows[0]).toEqual({
      id: "B1a",
      name: "5-step chain",
      ratio: 1.25,
      unit: "x",
      goal: { max: 1.3 },
      verdict: "PASS",
      raw: { baselineMs: 1, subjectMs: 1.25 },
      detail: "fetch 1 ms, engine 1.25 ms",
    });
    expect(run.rows[1]).toMatchObject({ goal: { max: null, min: 5 }, verdict: "MISS", raw: {} });
    expect(parseHistory(`${text}{"torn": \n${text}`)).toHaveLength(2);
  });

  it("normalises each row to its goal, so that 1 is the goal for at-most and at-least alike", () => {
    const [b1a, b1c] = at("2026-12-02T19:00:00Z", "abc1234").rows;
    if (!b1a || !b1c) throw new Error("rows");
    expect(normalised(b1a)).toBeCloseTo(1.25 / 1.3);
    expect(normalised(b1c)).toBeCloseTo(5 / 4);
  });

  it("draws one series per B1–B8 row in a well-formed SVG", () => {
    const runs = [
      at("2026-12-01T10:00:00Z", "aaa1111", 1),
      at("2026-12-02T10:00:00Z", "bbb2222", 1.1),
      at("2026-12-03T10:00:00Z", "ccc3333", 0.9),
    ];
    expect(chartSeries(runs).map((s) => s.key)).toEqual([
      "B1a 5-step chain",
      "B1c newman vs engine",
      "B2 extract <50 KB> & parse",
    ]);
    const svg = renderChart(runs);
    expect(svg.startsWith("<svg ")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(svg).toMatch(/<title>[^<]+<\/title>/);
    expect(svg.match(/<g data-series=/g)).toHaveLength(3);
    expect(svg).toContain("B2 extract &lt;50 KB&gt; &amp; parse");
    expect(svg).not.toContain("B9");
    expect(svg).toContain("ccc3333");
    // Every element opened is closed (or self-closing): tags balance.
    const opened = svg.match(/<(?!\/)[a-z]+[^>]*[^/]>/g)?.length ?? 0;
    const closed = svg.match(/<\/[a-z]+>/g)?.length ?? 0;
    expect(opened).toBe(closed);
    // Three points per series, each a circle.
    expect(svg.match(/<circle /g)).toHaveLength(9);
  });
});
