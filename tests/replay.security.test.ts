// Replays stay in their workspace: an outsider, or another workspace's execution id under your
// workspace, is 404 in both modes and starts nothing; the client cannot supply a definition.
import { describe, expect, it } from "vitest";
import { envelope } from "./harness/app.ts";
import { suiteTarget, inlineClient, replaysOf } from "./harness/batch-target.ts";
import { adminSql } from "./harness/fixtures.ts";
import { arrangeReplay } from "./harness/replay.ts";

const target = suiteTarget();
const client = () => inlineClient(target());

describe("replay across workspaces", () => {
  it("an outsider gets 404 in both modes", async () => {
    const c = client();
    const r = await arrangeReplay(c, target().host);
    for (const query of ["", "?definition=snapshot"]) {
      const res = await c.json(r.replayUrl(query), {
        method: "POST",
        token: r.team.outsider.token,
      });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject(envelope("not_found"));
    }
    expect(await replaysOf(r.originalId)).toBe(0);
  });

  it("another workspace's execution id under your workspace is 404 in both modes", async () => {
    const c = client();
    const a = await arrangeReplay(c, target().host);
    const b = await arrangeReplay(c, target().host);
    for (const query of ["", "?definition=snapshot"]) {
      const res = await c.json(
        `/v1/workspaces/${a.team.workspaceId}/executions/${b.originalId}/replay${query}`,
        { method: "POST", token: a.team.owner.token },
      );
      expect(res.status).toBe(404);
    }
    expect(await replaysOf(b.originalId)).toBe(0);
  });

  it("a definition sent in the body is not used: the replay runs a definition from the database", async () => {
    const c = client();
    const r = await arrangeReplay(c, target().host);
    const res = await c.json<{ id: string }>(r.replayUrl("?definition=snapshot"), {
      method: "POST",
      token: r.team.member.token,
      body: {
        definition: {
          steps: [{ id: "evil", request: { method: "GET", url: "http://169.254.169.254/" } }],
        },
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const [row] = await adminSql()<{ step: string }[]>`
      select definition -> 'steps' -> 0 ->> 'id' as step
      from connectors.connector_executions where id = ${res.body.id}`;
    expect(row?.step).toBe("v1");
    await c.settle();
  });

  it("members, admins and owners may replay", async () => {
    const c = client();
    const r = await arrangeReplay(c, target().host);
    for (const user of [r.team.member, r.team.admin, r.team.owner]) {
      const res = await c.json(r.replayUrl(), { method: "POST", token: user.token });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
    }
    await c.settle();
  });
});
