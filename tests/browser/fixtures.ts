// What every browser suite shares: signing in as a seeded user through the sign-in form, the
// accessibility check (axe: no serious or critical violation) and a screenshot of each page,
// kept under .data/playwright/screenshots (ignored by git).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Page, expect, test as base } from "@playwright/test";
import { DEMO_USERS, DEMO_WORKSPACE_ID } from "../../scripts/lib/demo-data.ts";
import { DEV_USER_PASSWORDS } from "../../scripts/lib/local-defaults.ts";

export { expect };
export const WORKSPACE_ID = DEMO_WORKSPACE_ID;
export const SCREENSHOTS = join(process.cwd(), ".data/playwright/screenshots");
export type Who = keyof typeof DEV_USER_PASSWORDS;

export async function signIn(page: Page, who: Who, next = "/console/connectors"): Promise<void> {
  await page.goto(next);
  await page.getByLabel("Email").fill(DEMO_USERS[who].email);
  await page.getByLabel("Password").fill(DEV_USER_PASSWORDS[who]);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(DEMO_USERS[who].email);
}

/** Axe on the page as it stands: fails on any serious or critical violation; then a screenshot. */
export async function checkPage(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const summary = bad.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(" "))
        .slice(0, 3)
        .join("; ")}`,
  );
  expect(summary, `accessibility violations on ${name}`).toEqual([]);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Every page's console errors and uncaught exceptions, failing the test that caused them. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
      page.on("console", (message) => {
        // A failed request the page handled (e.g. an expected 422 or 403) is logged by the
        // browser itself; the page shows it, so only script errors count here.
        if (message.type() === "error" && !/Failed to load resource/.test(message.text())) {
          errors.push(`console: ${message.text()}`);
        }
      });
      await use(errors);
      expect(errors, "the page logged errors").toEqual([]);
    },
    { auto: true },
  ],
});
