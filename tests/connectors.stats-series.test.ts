// GET …/connectors/{id}/stats?interval=hour|day&since=…: the totals plus one bucket per hour or
// day (UTC), every bucket present, computed in SQL (percentile_cont per bucket); at most 200
// buckets, else 400.
import { beforeAll, describe, expect, it } from "vitest";
import type { ConnectorStats } from "../worker/db/executions.ts";
import type { StatsBucket } from "../worker/db/stats-series.ts";
import { testClient } from "./harness/app.ts";
import { createTeam } from "./harness/fixtures.ts";
import { insertConnectorRow, insertExecution } from "./harness/rows.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
type Stats = ConnectorStats & { series?: StatsBucket[] };

const client = testClient();
const HOUR = 3_600_000;
let team: Team;
let connectorId: string;
/** The start of the current hour (UTC), the series' last bucket. */
let thisHour: number;

const stats = (query: string, token = team.member.token) =>
  client.json<Stats>(`/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/stats${query}`, {
    token,
  });

beforeAll(async () => {
  team = await createTeam();
  connectorId = await insertConnectorRow(team.workspaceId);
  thisHour = Math.floor(Date.now() / HOUR) * HOUR;
  const at = (hoursAgo: number, minute: number) =>
    new Date(thisHour - hoursAgo * HOUR + minute * 60_000).toISOString();
  // Two hours ago: 3 succeeded (100, 200, 300 ms) and 1 failed (1000 ms). An hour ago: nothing.
  // This hour: 1 succeeded (50 ms) and 1 still running. Five hours ago: 1 failed (outside since).
  const rows = [
    [2, 1, "succeeded", 100],
    [2, 2, "succeeded", 200],
    [2, 3, "succeeded", 300],
    [2, 4, "failed", 1000],
    [0, 0, "succeeded", 50],
    [0, 0, "running", null],
    [5, 0, "failed", 10],
  ] as const;
  for (const [hoursAgo, minute, status, durationMs] of rows) {
    await insertExecution({
      workspaceId: team.workspaceId,
      connectorId,
      status,
      durationMs: durationMs ?? undefined,
      createdAt: at(hoursAgo, minute),
    });
  }
});

describe("a connector's stats over time", () => {
  it("answers one bucket per hour from since to now, empty hours included", async () => {
    const since = new Date(thisHour - 2 * HOUR + 30 * 60_000).toISOString();
    const res = await stats(`?interval=hour&since=${since}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.total).toBe(7);
    // p50 of 100,200,300,1000 = 250; p95 = 300 + 0.85·700 = 895.
    expect(res.body.series).toEqual([
      {
        start: new Date(thisHour - 2 * HOUR).toISOString(),
        total: 4,
        succeeded: 3,
        failed: 1,
        successRate: 0.75,
        p50DurationMs: 250,
        p95DurationMs: 895,
      },
      {
        start: new Date(thisHour - HOUR).toISOString(),
        total: 0,
        succeeded: 0,
        failed: 0,
        successRate: null,
        p50DurationMs: null,
        p95DurationMs: null,
      },
      {
        start: new Date(thisHour).toISOString(),
        total: 2,
        succeeded: 1,
        failed: 0,
        successRate: 1,
        p50DurationMs: 50,
        p95DurationMs: 50,
      },
    ]);
  });

  it("defaults to the last 24 hours or 30 days, and leaves series out without interval", async () => {
    const hourly = await stats("?interval=hour");
    expect(hourly.body.series).toHaveLength(24);
    expect(hourly.body.series?.at(-1)?.start).toBe(new Date(thisHour).toISOString());
    expect(hourly.body.series?.reduce((n, b) => n + b.total, 0)).toBe(7);
    const daily = await stats("?interval=day");
    expect(daily.status).toBe(200);
    expect(daily.body.series).toHaveLength(30);
    expect(daily.body.series?.reduce((n, b) => n + b.total, 0)).toBe(7);
    const plain = await stats("");
    expect(plain.body).not.toHaveProperty("series");
  });

  it("refuses more than 200 buckets, a future since and an unknown interval with 400", async () => {
    const tooLong = new Date(thisHour - 250 * HOUR).toISOString();
    const future = new Date(Date.now() + 2 * HOUR).toISOString();
    for (const query of [
      `?interval=hour&since=${tooLong}`,
      `?interval=day&since=${new Date(Date.now() - 400 * 24 * HOUR).toISOString()}`,
      `?interval=hour&since=${future}`,
      "?interval=week",
      "?interval=day&since=yesterday",
    ]) {
      const res = await stats(query);
      expect(res.status, `${query} ${JSON.stringify(res.body)}`).toBe(400);
    }
    const ok = await stats(`?interval=hour&since=${new Date(thisHour - 199 * HOUR).toISOString()}`);
    expect(ok.body.series).toHaveLength(200);
  });

  it("another workspace's member cannot read the series", async () => {
    const res = await stats("?interval=day", team.outsider.token);
    expect(res.status).toBe(404);
  });
});
