// Helpers for webhook suites: create a hook through the API and send signed deliveries.
import { expect } from "vitest";
import { signDelivery } from "../../scripts/lib/webhook-signature.ts";
import type { AppOptions } from "../../worker/app.ts";
import { type TestClient, testClient } from "./app.ts";
import { arrangeConnector } from "./executions.ts";
import { startTarget, type TestTarget } from "./target.ts";

export interface CreatedHook {
  id: string;
  url: string;
  secret: string;
  connectorId: string;
}

export async function createHook(
  client: TestClient,
  at: { workspaceId: string; connectorId: string; token: string },
  body: Record<string, unknown> = {},
): Promise<CreatedHook> {
  const res = await client.json<CreatedHook>(
    `/v1/workspaces/${at.workspaceId}/connectors/${at.connectorId}/webhooks`,
    { method: "POST", token: at.token, body },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** POSTs `body` (text as given) to a hook with the signature header given or computed. */
export function deliver(
  client: TestClient,
  hookId: string,
  body: string,
  signature: string | null | { secret: string; t?: number },
) {
  const headers = new Headers({ "content-type": "application/json" });
  if (typeof signature === "string") headers.set("connectors-signature", signature);
  else if (signature) {
    headers.set("connectors-signature", signDelivery(signature.secret, body, signature.t));
  }
  return client.json<{ executionId?: string; error?: { code: string; requestId: string } }>(
    `/v1/hooks/${hookId}`,
    { method: "POST", headers, body },
  );
}

/** A local target, a client allowed to reach it, a team with the example connector and a hook. */
export async function openHookSuite(token: string, options: AppOptions = {}) {
  const target = await startTarget({ token });
  const client = testClient({ OUTBOUND_ALLOW_HOSTS: target.host }, options);
  const arranged = await arrangeConnector(client, target.host, token);
  const hook = await createHook(client, {
    workspaceId: arranged.team.workspaceId,
    connectorId: arranged.connectorId,
    token: arranged.team.owner.token,
  });
  return { target, client, hook, ...arranged };
}

export async function closeHookSuite(suite: { client: TestClient; target: TestTarget }) {
  await suite.client.settle();
  await suite.target.close();
}
