// API setup for the browser suites: a seeded user's token from the Auth stand-in, and JSON calls
// to the worker under test (what the UI under test is not there to prove).
import { DEMO_USERS } from "../../scripts/lib/demo-data.ts";
import { DEV_USER_PASSWORDS } from "../../scripts/lib/local-defaults.ts";
import type { Who } from "./fixtures.ts";

export async function tokenFor(who: Who): Promise<string> {
  const res = await fetch(`${process.env.BROWSER_AUTH_URL}/auth/v1/token?grant_type=password`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: DEMO_USERS[who].email, password: DEV_USER_PASSWORDS[who] }),
  });
  if (!res.ok) throw new Error(`token for ${who}: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export async function callApi<T>(
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${process.env.CONSOLE_BASE_URL}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}
