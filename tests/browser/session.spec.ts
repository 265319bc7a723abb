// The console's session (console/src/lib/auth.tsx, supabase-js against the Auth stand-in): an
// expired session is renewed with the refresh-token grant and the API keeps answering with the new
// access token; sign-out ends the session, so its refresh token is refused and a reload signs in.
import type { Page } from "@playwright/test";
import { expect, signIn, test } from "./fixtures.ts";

const STORAGE_KEY = "connectors.console.auth";

/** The page's localStorage, typed here: the tests' tsconfig has no DOM library. */
interface PageWindow {
  localStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

interface StoredSession {
  access_token: string;
  refresh_token: string;
  expires_at: number;
}

async function stored(page: Page): Promise<StoredSession | null> {
  const raw = await page.evaluate(
    (key) => (globalThis as unknown as PageWindow).localStorage.getItem(key),
    STORAGE_KEY,
  );
  return raw ? (JSON.parse(raw) as StoredSession) : null;
}

test("an expired session is refreshed and the API answers with the new token", async ({ page }) => {
  await signIn(page, "owner");
  // Calls still in flight from the first load would carry the first token: let them finish.
  await page.waitForLoadState("networkidle");
  const before = await stored(page);
  if (!before) throw new Error("no session stored after sign-in");

  // Leave the app for a same-origin document without scripts, so that nothing the first page
  // still had in flight (a poll, a live stream's reconnect) is counted below with the old token.
  const app = page.url();
  await page.goto("/console/config.json");
  // The access token itself is still valid: only supabase-js's view of it expires, so any call
  // that still carried it would pass — the test checks which token the API calls carry.
  await page.evaluate(
    ({ key, value }) => (globalThis as unknown as PageWindow).localStorage.setItem(key, value),
    {
      key: STORAGE_KEY,
      value: JSON.stringify({ ...before, expires_at: Math.floor(Date.now() / 1000) - 60 }),
    },
  );
  const apiCalls: { url: string; token: string; status: number }[] = [];
  page.on("response", (res) => {
    const url = new URL(res.url());
    if (!url.pathname.startsWith("/v1/")) return;
    const token = (res.request().headers().authorization ?? "").replace(/^Bearer /, "");
    apiCalls.push({ url: url.pathname, token, status: res.status() });
  });
  const refresh = page.waitForResponse(
    (res) => res.url().includes("/auth/v1/token?grant_type=refresh_token") && res.status() === 200,
  );
  await page.goto(app);
  await refresh;
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  await expect(page.getByRole("link", { name: "Demo: find and tag a person" })).toBeVisible();

  const after = await stored(page);
  expect(after?.access_token).toBeTruthy();
  expect(after?.access_token).not.toBe(before.access_token);
  expect(after?.refresh_token).not.toBe(before.refresh_token);
  expect(after?.expires_at ?? 0).toBeGreaterThan(Date.now() / 1000);

  await expect.poll(() => apiCalls.some((call) => call.url === "/v1/me")).toBe(true);
  expect(apiCalls.length).toBeGreaterThan(0);
  for (const call of apiCalls) {
    expect(call.status, call.url).toBe(200);
    expect(call.token, `${call.url} used the expired token`).not.toBe(before.access_token);
    expect(call.token, `${call.url} used another token than the stored one`).toBe(
      after?.access_token,
    );
  }
});

test("sign-out ends the session: its refresh token is refused, a reload signs in", async ({
  page,
  request,
}) => {
  await signIn(page, "member");
  const session = await stored(page);
  if (!session) throw new Error("no session stored after sign-in");

  const logout = page.waitForResponse((res) => res.url().includes("/auth/v1/logout"));
  await page.getByRole("button", { name: "Sign out" }).click();
  expect((await logout).status()).toBe(204);
  await expect(page).toHaveURL(/\/console\/sign-in/);
  expect(await stored(page)).toBeNull();

  await page.reload();
  await expect(page).toHaveURL(/\/console\/sign-in/);
  await page.goto("/console/connectors");
  await expect(page).toHaveURL(/\/console\/sign-in\?next=/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();

  const reuse = await request.post(
    `${process.env.BROWSER_AUTH_URL}/auth/v1/token?grant_type=refresh_token`,
    { data: { refresh_token: session.refresh_token } },
  );
  expect(reuse.status()).toBe(400);
  expect(await reuse.json()).toMatchObject({ error: "invalid_grant" });
});
