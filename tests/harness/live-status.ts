// The rig of the live-status suites: a held vendor, an in-process client to set things up, and
// the app over real HTTP (with the given timings) to stream from.
import { afterAll, beforeAll, expect } from "vitest";
import type { LiveStatusTimings } from "../../worker/services/execution-events.ts";
import { type TestClient, testClient } from "./app.ts";
import { type HeldTarget, startHeldTarget } from "./held-target.ts";
import { type HttpApp, serveApp } from "./http-app.ts";

export interface LiveStatusRig {
  target: HeldTarget;
  client: TestClient;
  http: HttpApp;
  /** Starts an execution of the connector as `token`; its id. */
  start(workspaceId: string, connectorId: string, token: string): Promise<string>;
  /** Opens the event stream of `path` over HTTP as `token`. */
  open(path: string, token: string, lastEventId?: string): Promise<Response>;
}

export function liveStatusRig(liveStatus: Partial<LiveStatusTimings>): LiveStatusRig {
  const rig = {
    async start(workspaceId: string, connectorId: string, token: string) {
      const started = await rig.client.json<{ id: string }>(
        `/v1/workspaces/${workspaceId}/connectors/${connectorId}/executions`,
        { method: "POST", token, body: { input: {} } },
      );
      expect(started.status, JSON.stringify(started.body)).toBe(202);
      return started.body.id;
    },
    open(path: string, token: string, lastEventId?: string) {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (lastEventId) headers["last-event-id"] = lastEventId;
      return fetch(`${rig.http.url}${path}`, { headers });
    },
  } as LiveStatusRig;
  beforeAll(async () => {
    rig.target = await startHeldTarget();
    const vars = { OUTBOUND_ALLOW_HOSTS: rig.target.host };
    rig.client = testClient(vars);
    rig.http = await serveApp(vars, { liveStatus });
  });
  afterAll(async () => {
    await rig.http.close();
    await rig.target.close();
  });
  return rig;
}
