// For replay suites: a connector (input schema, one step against a local target, whose step id
// names its version), a contact, and one finished execution of it to replay.
import { expect } from "vitest";
import type { TestClient } from "./app.ts";
import { arrangeBatchConnector, ITEM_SCHEMA } from "./batch-target.ts";
import { waitForStatus } from "./executions.ts";

export interface ReplayBody {
  id: string;
  trigger: string;
  replayOf: string | null;
  input: unknown;
  contactId: string | null;
  connectorId: string | null;
  createdBy: string | null;
}

export async function arrangeReplay(client: TestClient, host: string) {
  const arranged = await arrangeBatchConnector(client, host);
  const { team, connectorId, contactId } = arranged;
  const definition = (version: string) => ({
    input: ITEM_SCHEMA,
    steps: [
      { id: version, request: { method: "GET", url: `http://${host}/ping?item={{input.item}}` } },
    ],
  });
  await client.json(`/v1/workspaces/${team.workspaceId}/connectors/${connectorId}`, {
    method: "PATCH",
    token: team.member.token,
    body: { definition: definition("v1") },
  });
  const started = await client.json<{ id: string }>(
    `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/executions`,
    { method: "POST", token: team.member.token, body: { input: { item: "orig" }, contactId } },
  );
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  await client.settle();
  await waitForStatus(started.body.id, ["succeeded"]);
  return {
    ...arranged,
    originalId: started.body.id,
    replayUrl: (query = "", id = started.body.id) =>
      `/v1/workspaces/${team.workspaceId}/executions/${id}/replay${query}`,
    editDefinition: async (version: string, input?: unknown) => {
      const res = await client.json(
        `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}`,
        {
          method: "PATCH",
          token: team.member.token,
          body: { definition: { ...definition(version), ...(input ? { input } : {}) } },
        },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    },
  };
}
