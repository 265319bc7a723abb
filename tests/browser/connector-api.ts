// API set-up for the connector suites: an owner's token from the Auth stand-in and a fresh copy of
// the demo two-step connector (find a person, tag them) against the demo target.
import type { APIRequestContext } from "@playwright/test";
import { DEMO_USERS, specExample } from "../../scripts/lib/demo-data.ts";
import { DEV_USER_PASSWORDS } from "../../scripts/lib/local-defaults.ts";
import { WORKSPACE_ID, expect } from "./fixtures.ts";

export async function ownerToken(request: APIRequestContext): Promise<string> {
  const auth = await request.post(
    `${process.env.BROWSER_AUTH_URL}/auth/v1/token?grant_type=password`,
    { data: { email: DEMO_USERS.owner.email, password: DEV_USER_PASSWORDS.owner } },
  );
  expect(auth.ok()).toBe(true);
  return ((await auth.json()) as { access_token: string }).access_token;
}

/** A fresh connector made through the API, for pages whose subject is not its creation. */
export async function newConnector(request: APIRequestContext, name: string): Promise<string> {
  const host = new URL(process.env.BROWSER_TARGET_URL ?? "").host;
  const created = await request.post(`/v1/workspaces/${WORKSPACE_ID}/connectors`, {
    headers: { authorization: `Bearer ${await ownerToken(request)}` },
    data: { name, definition: specExample(host) },
  });
  expect(created.status()).toBe(201);
  return ((await created.json()) as { id: string }).id;
}
