// Test data through the API itself (not the UI under test): a seeded user's token from the Auth
// stand-in, then plain JSON calls against the worker the browser suites run.
import { DEMO_USERS } from "../../scripts/lib/demo-data.ts";
import { DEV_USER_PASSWORDS } from "../../scripts/lib/local-defaults.ts";
import type { Who } from "./fixtures.ts";

export async function tokenFor(who: Who): Promise<string> {
  const res = await fetch(`${process.env.BROWSER_AUTH_URL}/auth/v1/token?grant_type=password`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: DEMO_USERS[who].email, password: DEV_USER_PASSWORDS[who] }),
  });
  if (!res.ok) throw new Error(`sign-in of ${who} failed: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** One API call as `who`; throws unless it answers `expected`. */
export async function apiAs<T>(
  who: Who,
  method: string,
  path: string,
  body?: unknown,
  expected = [200, 201],
): Promise<T> {
  const res = await fetch(`${process.env.CONSOLE_BASE_URL}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await tokenFor(who)}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!expected.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}
