// How the worker serves the console (worker/routes/console.ts under wrangler dev, with the built
// assets): the redirect to /console/, client-side routes answering the app's shell with the
// console's CSP and no caching, hashed assets cached for good, a missing asset a 404 (not the
// shell), config.json's public values only — and the app needs no host but its own and Auth's.
import type { APIRequestContext } from "@playwright/test";
import { expect, signIn, test } from "./fixtures.ts";

const AUTH_ORIGIN = new URL(process.env.BROWSER_AUTH_URL ?? "http://invalid").origin;

async function shellScript(request: APIRequestContext): Promise<string> {
  const html = await (await request.get("/console/")).text();
  const src = /<script[^>]+src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  if (!src) throw new Error(`no script in the console's index.html:\n${html}`);
  return src;
}

test("/console redirects to /console/ with a 308", async ({ request }) => {
  const res = await request.get("/console", { maxRedirects: 0 });
  expect(res.status()).toBe(308);
  expect(res.headers().location).toBe("/console/");
});

test("a deep link answers the app's shell with the console's CSP, never cached", async ({
  request,
}) => {
  const res = await request.get("/console/executions/abc", { maxRedirects: 0 });
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("text/html");
  expect(await res.text()).toContain(await shellScript(request));
  expect(res.headers()["cache-control"]).toBe("no-cache");
  const csp = (res.headers()["content-security-policy"] ?? "").split(/;\s*/);
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain(`connect-src 'self' ${AUTH_ORIGIN}`);
  expect(csp).toContain("frame-ancestors 'none'");
});

test("a built asset is cached for good; a missing one is a 404, not the shell", async ({
  request,
}) => {
  const asset = await request.get(await shellScript(request));
  expect(asset.status()).toBe(200);
  expect(asset.headers()["content-type"]).toContain("javascript");
  expect(asset.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");

  for (const path of ["/console/assets/nope.js", "/console/assets/nope.css", "/console/logo.png"]) {
    const missing = await request.get(path);
    expect(missing.status(), path).toBe(404);
    expect(missing.headers()["content-type"], path).toContain("application/json");
    expect(await missing.json(), path).toMatchObject({ error: { code: "not_found" } });
  }
});

test("config.json gives the Auth URL and anon key and nothing else", async ({ request }) => {
  const res = await request.get("/console/config.json");
  expect(res.status()).toBe(200);
  expect(res.headers()["cache-control"]).toBe("no-store");
  const body = (await res.json()) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(["supabaseAnonKey", "supabaseUrl"]);
  expect(body.supabaseUrl).toBe(process.env.BROWSER_AUTH_URL);
  expect(typeof body.supabaseAnonKey).toBe("string");
});

test("the console works with the network limited to its own origin and Auth's", async ({
  page,
  baseURL,
}) => {
  const allowed = new Set([new URL(baseURL ?? "").origin, AUTH_ORIGIN]);
  const elsewhere: string[] = [];
  const seen = new Set<string>();
  page.on("request", (req) => seen.add(new URL(req.url()).origin));
  // Only requests for other hosts are intercepted (and refused): the stack's own pass untouched.
  await page.route(
    (url) => !allowed.has(url.origin),
    (route) => {
      elsewhere.push(route.request().url());
      return route.abort("blockedbyclient");
    },
  );
  await signIn(page, "owner");
  await expect(page.getByRole("heading", { name: "Connectors", level: 1 })).toBeVisible();
  for (const path of ["/console/executions/abc", "/console/marketplace"]) {
    await page.goto(path);
    await expect(page.getByTestId("signed-in-as")).toBeVisible();
  }
  expect(elsewhere, "requests to other hosts (a CDN, fonts, analytics)").toEqual([]);
  // Both origins were really used: the app from the worker, the session from Auth.
  expect([...seen].sort()).toEqual([...allowed].sort());
});
