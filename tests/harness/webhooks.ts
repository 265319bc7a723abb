// Helpers for webhook suites: create a hook through the API and send signed deliveries.
import { expect } from "vitest";
import { signDelivery } from "../../scripts/lib/webhook-signature.ts";
import type { TestClient } from "./app.ts";

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
