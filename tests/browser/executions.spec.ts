// Executions in the console: run the demo connector from the Executions page and watch its
// execution go from running to succeeded through the event stream (no reload), the step
// timeline with a bar per step, the list's status filter, and the audit log's entry.
import postgres from "postgres";
import {
  DEMO_CONNECTOR_ID,
  DEMO_CONTACTS,
  DEMO_WORKSPACE_ID,
} from "../../scripts/lib/demo-data.ts";
import { callApi, tokenFor } from "./api.ts";
import { checkPage, expect, signIn, test } from "./fixtures.ts";

const ADA = DEMO_CONTACTS[0];

test("a run started from the Executions page turns succeeded live, step by step", async ({
  page,
}) => {
  test.setTimeout(120_000);
  // Holding Ada's contact row keeps the run's final transaction (status + field mapping onto the
  // contact) waiting, so the page is seen while the execution is still running. NO KEY UPDATE:
  // the execution's insert (its foreign key takes KEY SHARE on the contact) must not wait.
  const sql = postgres(process.env.BROWSER_DATABASE_URL ?? "", { max: 1, onnotice: () => {} });
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked = () => {};
  const lockTaken = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const holding = sql.begin(async (tx) => {
    await tx`select 1 from connectors.contacts where id = ${ADA.id} for no key update`;
    locked();
    await released;
  });
  try {
    await lockTaken;
    await signIn(page, "owner", "/console/executions");
    await expect(page.getByRole("heading", { name: "Executions", level: 1 })).toBeVisible();
    await page.evaluate(() => {
      (globalThis as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    await page.getByLabel("Run a connector").selectOption({ label: "Demo: find and tag a person" });
    await page.getByRole("button", { name: "Run", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: /Run Demo: find and tag a person/ });
    await dialog.getByLabel("Input (JSON)").fill('{"email":"ada@lovelace.test"}');
    await dialog
      .getByLabel("Contact (optional)")
      .selectOption({ label: `Ada Lovelace <${ADA.email}>` });
    await dialog.getByRole("button", { name: "Start" }).click();

    await expect(page).toHaveURL(/\/console\/executions\/[0-9a-f-]{36}$/);
    const status = page.getByTestId("execution-status");
    await expect(status.locator("[data-status=running]")).toBeVisible();
    // Each step's result arrives over the stream while the execution still runs.
    await expect(page.getByTestId("timeline-step")).toHaveCount(2);
    await expect(status.locator("[data-status=running]")).toBeVisible();

    // Back on the list, the unfinished row is one of the few that follow their stream.
    const executionId = page.url().split("/").pop() ?? "";
    await page.goBack();
    const row = page.locator(`[data-execution="${executionId}"]`).getByTestId("row-status");
    await expect(row).toHaveAttribute("data-live", "stream");
    await expect(row.locator("[data-status=running]")).toBeVisible();
    release();
    await expect(row.locator("[data-status=succeeded]")).toBeVisible();
    await page.goForward();
    await expect(status.locator("[data-status=succeeded]")).toBeVisible();
    expect(
      await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded),
    ).toBe(true);
    await expect(page.locator("[data-mode=done]")).toHaveCount(1);
    const bars = page.getByTestId("step-bar");
    await expect(bars).toHaveCount(2);
    for (const bar of await bars.all()) {
      expect((await bar.boundingBox())?.width ?? 0).toBeGreaterThan(0);
    }
    await page.getByText("Request and response").first().click();
    const trace = page.locator(".trace").first();
    await expect(trace).toContainText(`GET ${process.env.BROWSER_TARGET_URL}/v1/people`);
    await expect(trace).toContainText("Lovelace");
    await checkPage(page, "execution");
  } finally {
    release();
    await holding.catch(() => {});
    await sql.end();
  }
});

test("the Executions list filters by status and shows a finished run", async ({ page }) => {
  test.setTimeout(120_000);
  const token = await tokenFor("owner");
  const ws = `/v1/workspaces/${DEMO_WORKSPACE_ID}`;
  const started = await callApi<{ id: string }>(
    token,
    "POST",
    `${ws}/connectors/${DEMO_CONNECTOR_ID}/executions`,
    { input: { email: `list-${Date.now()}@lovelace.test` } },
  );
  expect(started.status).toBe(202);
  await signIn(page, "owner", "/console/executions");
  const row = page.locator(`tr[data-execution="${started.body.id}"]`);
  await expect(row).toBeVisible();
  await expect(row.locator("[data-status=succeeded]")).toBeVisible();
  await checkPage(page, "executions");

  await page.getByLabel("Status").selectOption("succeeded");
  await expect(row).toBeVisible();
  const statuses = page.getByTestId("row-status").locator("[data-status]");
  await expect(statuses.first()).toBeVisible();
  for (const value of await statuses.evaluateAll((nodes) =>
    nodes.map((n) => n.getAttribute("data-status")),
  )) {
    expect(value).toBe("succeeded");
  }
  await page.getByLabel("Status").selectOption("failed");
  await expect(row).toHaveCount(0);

  // Filtered by connector, the page offers that connector's statistics (totals and charts).
  await page.getByLabel("Status").selectOption("");
  await page
    .getByRole("combobox", { name: /^Connector/ })
    .selectOption({ label: "Demo: find and tag a person" });
  await expect(row).toBeVisible();
  await page.getByText("Statistics of this connector").click();
  const totals = page.getByTestId("stats-totals");
  await expect(totals).toContainText("Executions");
  await expect(page.getByRole("img", { name: /Success rate/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /Duration: p50 \(ms\), p95 \(ms\)/ })).toBeVisible();
  await checkPage(page, "connector-stats");

  await page.getByRole("link", { name: "Audit log" }).click();
  await page.getByRole("searchbox", { name: "Action" }).fill("execution.start");
  await expect(page.getByTestId("audit-log").getByText("execution.start").first()).toBeVisible();
});
