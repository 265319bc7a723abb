// Starts the stack once for every browser suite and hands its URLs to them (environment
// variables set here reach Playwright's workers); the returned function stops it.
import { ensureChromium } from "../../scripts/lib/chromium.ts";
import { startBrowserStack } from "./stack.ts";

export default async function globalSetup(): Promise<() => Promise<void>> {
  const say = (message: string) => console.log(`› ${message}`);
  ensureChromium(say);
  const stack = await startBrowserStack(say);
  process.env.CONSOLE_BASE_URL = stack.apiUrl;
  process.env.BROWSER_TARGET_URL = stack.targetUrl;
  process.env.BROWSER_AUTH_URL = stack.authUrl;
  process.env.BROWSER_DATABASE_URL = stack.databaseUrl;
  say(`console at ${stack.apiUrl}/console/`);
  return () => stack.stop();
}
