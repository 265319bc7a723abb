// B10, the console.
// Size: what a browser downloads on the console's first visit — the built JS and CSS under
// /console/assets (and index.html, shown apart) — gzip-compressed, as the worker's assets serve
// them. Absolute: a size does not drift between runs.
// Time to interactive: headless Chromium (Debian's) against the browser tests' stack (their
// PostgreSQL, Auth stand-in and `wrangler dev`, tests/browser/stack.ts), signed in through the
// sign-in form once (tests/browser/fixtures.ts). Subject: /console/executions in a fresh context
// (cold cache, the stored session) until the first execution row is visible (the app loaded,
// authenticated, fetched the list and rendered it). Baseline: the same URL with JavaScript off,
// until its load event (the bare HTML and its stylesheet). Interleaved pairs, median ratio.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { type Browser, chromium } from "@playwright/test";
import postgres from "postgres";
import { startBrowserStack } from "../../tests/browser/stack.ts";
import { signIn } from "../../tests/browser/fixtures.ts";
import { buildConsole, CONSOLE_DIR } from "../build-assets.ts";
import { ensureChromium } from "../lib/chromium.ts";
import { DEMO_CONNECTOR_ID, DEMO_WORKSPACE_ID } from "../lib/demo-data.ts";
import { paired, timed } from "./lib/paired.ts";
import { type BenchLine, ms } from "./lib/report.ts";

const KIB = 1024;
const EXECUTIONS = 25;

export function consoleBundleLine(): BenchLine {
  buildConsole();
  const assets = join(CONSOLE_DIR, "assets");
  const sizes = { js: 0, css: 0 };
  const html = gzipSync(readFileSync(join(CONSOLE_DIR, "index.html"))).length;
  let files = 0;
  for (const name of readdirSync(assets)) {
    const kind = name.endsWith(".css") ? "css" : /\.m?js$/.test(name) ? "js" : undefined;
    if (!kind) continue;
    sizes[kind] += gzipSync(readFileSync(join(assets, name))).length;
    files += 1;
  }
  const kib = (bytes: number) => `${(bytes / KIB).toFixed(0)} KiB`;
  return {
    id: "B10",
    name: "console JS + CSS, gzip",
    value: (sizes.js + sizes.css) / KIB,
    goal: { max: 250, unit: "KiB" },
    detail: `js ${kib(sizes.js)}, css ${kib(sizes.css)} in ${files} files; index.html ${kib(html)} besides`,
  };
}

/** Finished executions of the demo connector, so the list has rows to render. */
async function seedExecutions(databaseUrl: string): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`
      insert into connectors.connector_executions
        (workspace_id, connector_id, status, input, output, attempts, runner, run_id,
         queued_at, started_at, finished_at, duration_ms)
      select ${DEMO_WORKSPACE_ID}, ${DEMO_CONNECTOR_ID}, 'succeeded', '{"email":"b10@bench.test"}',
             '{}', 1, 'inline', 'b10_' || g, now() - g * interval '1 minute',
             now() - g * interval '1 minute', now() - g * interval '1 minute' + interval '80 ms', 80
      from generate_series(1, ${EXECUTIONS}) as g`;
  } finally {
    await sql.end();
  }
}

async function timeToInteractive(browser: Browser, base: string, pairs: number) {
  const url = `${base}/console/executions`;
  const signedIn = await browser.newContext({ baseURL: base });
  const first = await signedIn.newPage();
  await signIn(first, "owner", "/console/executions");
  const storageState = await signedIn.storageState();
  await signedIn.close();

  const bare = () =>
    timedInContext(browser, { javaScriptEnabled: false }, async (page) => {
      const res = await page.goto(url, { waitUntil: "load" });
      if (res?.status() !== 200) throw new Error(`B10: bare page answered ${res?.status()}`);
    });
  const app = () =>
    timedInContext(browser, { storageState }, async (page) => {
      await page.goto(url, { waitUntil: "commit" });
      await page.locator("tr[data-execution]").first().waitFor({ state: "visible" });
    });
  return paired(pairs, bare, app);
}

/** Wall time of `visit` in a fresh context (cold cache); the context is made before the clock. */
async function timedInContext(
  browser: Browser,
  options: Parameters<Browser["newContext"]>[0],
  visit: (page: Awaited<ReturnType<Browser["newPage"]>>) => Promise<void>,
): Promise<number> {
  const context = await browser.newContext(options);
  try {
    const page = await context.newPage();
    return await timed(() => visit(page));
  } finally {
    await context.close();
  }
}

export async function runB10(pairs: number): Promise<BenchLine[]> {
  const say = (message: string) => console.error(`  ${message}`);
  const size = consoleBundleLine();
  const executablePath = ensureChromium(say);
  const stack = await startBrowserStack(say);
  let browser: Browser | undefined;
  try {
    await seedExecutions(stack.databaseUrl);
    browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
    const tti = await timeToInteractive(browser, stack.apiUrl, pairs);
    return [
      size,
      {
        id: "B10",
        name: "console executions page, time to interactive vs its bare HTML",
        value: tti.ratio,
        goal: { max: Number.POSITIVE_INFINITY, unit: "x" },
        detail: `bare HTML ${ms(tti.baseline)}, interactive ${ms(tti.subject)} (first of ${EXECUTIONS} rows visible); ${pairs} pairs, fresh context each, headless Chromium`,
      },
    ];
  } finally {
    await browser?.close();
    await stack.stop();
  }
}
