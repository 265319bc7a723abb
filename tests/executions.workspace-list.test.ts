// GET /v1/workspaces/{ws}/executions: every connector's executions of the workspace, newest first,
// with the per-connector list's filters plus ?connectorId and the same keyset cursor. RLS keeps
// another workspace's rows out; any member may read it.
import { beforeAll, describe, expect, it } from "vitest";
import type { Execution } from "../worker/db/executions.ts";
import { testClient } from "./harness/app.ts";
import { createTeam } from "./harness/fixtures.ts";
import { insertConnectorRow, insertExecution, timestamps } from "./harness/rows.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
type Page = { data: Execution[]; nextCursor: string | null };

const client = testClient();
let team: Team;
let connectorA: string;
let connectorB: string;
/** Oldest first: [A api succeeded, B schedule failed, A api running, B api succeeded, A schedule queued]. */
let ids: string[];
let foreign: string;
const list = (query = "", token = team.member.token) =>
  client.json<Page>(`/v1/workspaces/${team.workspaceId}/executions${query}`, { token });

beforeAll(async () => {
  team = await createTeam();
  connectorA = await insertConnectorRow(team.workspaceId, "A");
  connectorB = await insertConnectorRow(team.workspaceId, "B");
  const at = timestamps(6);
  const rows = [
    [connectorA, "api", "succeeded"],
    [connectorB, "schedule", "failed"],
    [connectorA, "api", "running"],
    [connectorB, "api", "succeeded"],
    [connectorA, "schedule", "queued"],
  ] as const;
  ids = [];
  for (const [i, [connectorId, trigger, status]] of rows.entries()) {
    ids.push(
      await insertExecution({
        workspaceId: team.workspaceId,
        connectorId,
        trigger,
        status,
        durationMs: 5,
        createdAt: at[i],
      }),
    );
  }
  const otherConnector = await insertConnectorRow(team.otherWorkspaceId, "Theirs");
  foreign = await insertExecution({
    workspaceId: team.otherWorkspaceId,
    connectorId: otherConnector,
    status: "succeeded",
    createdAt: at[5],
  });
});

describe("the workspace's executions", () => {
  it("lists every connector's executions newest first, to a member, without definitions", async () => {
    const res = await list();
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.map((e) => e.id)).toEqual([...ids].reverse());
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.data[0]).not.toHaveProperty("definition");
    expect(res.body.data[0]?.connectorId).toBe(connectorA);
  });

  it("filters by connector, status, trigger and their combination", async () => {
    const byConnector = await list(`?connectorId=${connectorB}`);
    expect(byConnector.body.data.map((e) => e.id)).toEqual([ids[3], ids[1]]);
    const succeeded = await list("?status=succeeded");
    expect(succeeded.body.data.map((e) => e.id)).toEqual([ids[3], ids[0]]);
    const scheduled = await list("?trigger=schedule");
    expect(scheduled.body.data.map((e) => e.id)).toEqual([ids[4], ids[1]]);
    const both = await list(`?connectorId=${connectorA}&trigger=api&status=running`);
    expect(both.body.data.map((e) => e.id)).toEqual([ids[2]]);
  });

  it("pages with the cursor without skipping or repeating a row", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.data.map((e) => e.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
  });

  it("never shows another workspace's rows, even when asked for their connector", async () => {
    const res = await list();
    expect(res.body.data.map((e) => e.id)).not.toContain(foreign);
    const outsider = await list("", team.outsider.token);
    expect(outsider.status).toBe(404);
    const theirs = await client.json<Page>(`/v1/workspaces/${team.otherWorkspaceId}/executions`, {
      token: team.outsider.token,
    });
    expect(theirs.body.data.map((e) => e.id)).toEqual([foreign]);
    const ours = await client.json<Page>(
      `/v1/workspaces/${team.otherWorkspaceId}/executions?connectorId=${connectorA}`,
      { token: team.outsider.token },
    );
    expect(ours.status).toBe(200);
    expect(ours.body.data).toEqual([]);
  });

  it("refuses a bad filter or cursor with 400", async () => {
    for (const query of ["?status=done", "?trigger=cron", "?connectorId=nope", "?cursor=xyz"]) {
      const res = await list(query);
      expect(res.status, `${query} ${JSON.stringify(res.body)}`).toBe(400);
    }
  });
});
