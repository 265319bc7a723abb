// A live-status stream holds a database connection only while its polls come quickly: once its
// back-off reaches RELEASE_CONNECTION_AT_MS it closes the connection until the next poll, so a
// hundred quiet streams do not hold a hundred connections (docs/LIVE-STATUS.md).
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { RELEASE_CONNECTION_AT_MS } from "../worker/services/execution-events.ts";
import { type TestClient, testClient } from "./harness/app.ts";
import { readEvents } from "./harness/event-stream.ts";
import { arrangeHeldConnector, type HeldTarget, startHeldTarget } from "./harness/held-target.ts";
import { type HttpApp, serveApp } from "./harness/http-app.ts";

const TOKEN = "tok_live_stream_conn_5e6f7a8b9c0d";
// The stream's connections carry this name, so they can be told from every other suite's.
const APP_NAME = `live_status_conn_${process.pid}`;
// The first poll comes after pollMinMs; after it the wait doubles past the release threshold.
const POLL_MIN_MS = RELEASE_CONNECTION_AT_MS;

let target: HeldTarget;
let client: TestClient;
let http: HttpApp;
let admin: postgres.Sql;

beforeAll(async () => {
  target = await startHeldTarget();
  const vars = { OUTBOUND_ALLOW_HOSTS: target.host };
  client = testClient(vars);
  http = await serveApp(
    vars,
    { liveStatus: { pollMinMs: POLL_MIN_MS, pollMaxMs: 15_000, heartbeatMs: 60_000 } },
    `${inject("apiLoginUrl")}?application_name=${APP_NAME}`,
  );
  admin = postgres(inject("superuserUrl"), { max: 1, onnotice: () => {} });
});

afterAll(async () => {
  await http?.close();
  await target?.close();
  await admin?.end({ timeout: 2 });
});

async function streamConnections(): Promise<number> {
  const [row] = await admin<{ n: number }[]>`
    select count(*)::int as n from pg_stat_activity where application_name = ${APP_NAME}`;
  return row?.n ?? 0;
}

describe("GET …/executions/:id/events, connections", () => {
  it("a stream waiting at back-off holds no connection, and still ends on the final status", async () => {
    const { team, connectorId, hold } = await arrangeHeldConnector(client, target, TOKEN, 1);
    const started = await client.json<{ id: string }>(
      `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/executions`,
      { method: "POST", token: team.member.token, body: { input: {} } },
    );
    expect(started.status).toBe(202);
    await hold.arrived(1);
    const res = await fetch(
      `${http.url}/v1/workspaces/${team.workspaceId}/executions/${started.body.id}/events`,
      { headers: { authorization: `Bearer ${team.member.token}` } },
    );
    expect(res.status).toBe(200);
    const events = readEvents(res);
    expect((await events.next())?.event).toBe("execution");

    // Poll 1 comes at POLL_MIN_MS and finds nothing new; the next wait is 2 × POLL_MIN_MS, so
    // from shortly after poll 1 until poll 2 the stream holds no connection (the request's own
    // client, which read the summary, closed when the response began).
    const seen: number[] = [];
    const until = Date.now() + POLL_MIN_MS * 2.5;
    while (Date.now() < until) {
      seen.push(await streamConnections());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(seen.at(-1), `connections sampled: ${seen.join(",")}`).toBe(0);

    // It still follows the row: the step and the end arrive (poll 2 opens a connection again).
    hold.release(1);
    const rest = await events.rest();
    const last = rest.at(-1);
    expect(last?.event).toBe("execution");
    expect(JSON.parse(last?.data ?? "null")).toMatchObject({ status: "succeeded" });
    // …and closes its connection once it ends.
    const deadline = Date.now() + 5_000;
    while ((await streamConnections()) > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await streamConnections()).toBe(0);
  });
});
