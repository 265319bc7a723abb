// Saas-admin pages: a workspace's public template approved in the review queue then found by a
// member in the marketplace; template admin (create, a definition problem at its field, mark
// official, delete); platform stats and recent executions; and a member refused by the API (403).
import { exampleDefinition } from "../../engine/examples.ts";
import { DEMO_CONNECTOR_ID } from "../../scripts/lib/demo-data.ts";
import { apiAs } from "./api-setup.ts";
import { WORKSPACE_ID, checkPage, expect, signIn, test } from "./fixtures.ts";

// Two browsers and axe per test on a 2-core machine shared by several suites: room to breathe.
test.describe.configure({ timeout: 120_000 });

test("an admin approves a published community template, which a member then finds", async ({
  browser,
}) => {
  const stamp = Date.now();
  const name = `Reviewed template ${stamp}`;
  await apiAs("owner", "POST", `/v1/workspaces/${WORKSPACE_ID}/templates`, {
    connectorId: DEMO_CONNECTOR_ID,
    slug: `reviewed-${stamp}`,
    name,
    category: "review-test",
    visibility: "public",
  });

  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, "admin", "/console/admin/review");
  await expect(admin.getByRole("heading", { name: "Review queue", level: 1 })).toBeVisible();
  const item = admin.getByTestId("review-item").filter({ hasText: name });
  await expect(item).toBeVisible();
  await checkPage(admin, "admin-review");
  await item.getByLabel(/^Note/).fill("Calls only the demo API.");
  await item.getByRole("button", { name: `Approve ${name}` }).click();
  await expect(item).toHaveCount(0);

  const member = await (await browser.newContext()).newPage();
  await signIn(member, "member", "/console/marketplace");
  await member.getByRole("searchbox", { name: "Search" }).fill(`${stamp}`);
  await expect(member.getByRole("link", { name })).toBeVisible();
});

test("a member sees no admin links and gets the API's 403 on an admin page", async ({ page }) => {
  await signIn(page, "member");
  await expect(page.getByTestId("admin-nav")).toHaveCount(0);
  for (const path of ["/console/admin/review", "/console/admin/templates"]) {
    await page.goto(path);
    const alert = page.getByRole("alert");
    await expect(alert).toContainText("403");
    await expect(alert.getByTestId("request-id")).not.toBeEmpty();
  }
});

test("an admin creates a template and sees a definition problem at its field", async ({ page }) => {
  const stamp = Date.now();
  const name = `Admin template ${stamp}`;
  await signIn(page, "admin", "/console/admin/templates");
  await page.getByRole("link", { name: "New template" }).click();
  await page.getByLabel("Slug").fill(`admin-${stamp}`);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Category").fill("admin-test");
  await page.getByLabel("Definition (JSON)").fill(JSON.stringify(exampleDefinition(), null, 2));
  await page.getByRole("button", { name: "Create template" }).click();
  await expect(page.getByRole("heading", { name: `Edit ${name}` })).toBeVisible();

  const definition = page.getByLabel("Definition (JSON)");
  const broken = (await definition.inputValue()).replace('"method": "GET"', '"method": "FETCH"');
  await definition.fill(broken);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("field-problem")).toContainText("steps[0].request.method");
  await checkPage(page, "admin-template-edit");
});

test("an admin marks a template official and deletes it", async ({ page }) => {
  const stamp = Date.now();
  const name = `Official template ${stamp}`;
  await apiAs("admin", "POST", "/v1/admin/templates", {
    slug: `official-${stamp}`,
    name,
    definition: exampleDefinition(),
  });
  await signIn(page, "admin", "/console/admin/templates");
  await page.getByRole("searchbox", { name: "Search" }).fill(`${stamp}`);
  const row = page.getByTestId("admin-template-row").filter({ hasText: name });
  await row.getByRole("button", { name: `Mark official ${name}` }).click();
  await expect(row.getByRole("button", { name: `Unmark official ${name}` })).toBeVisible();
  await expect(row).toContainText("official");
  await checkPage(page, "admin-templates");

  await row.getByRole("link", { name }).click();
  await expect(page.getByLabel("Official")).toBeChecked();
  await page.getByRole("button", { name: "Delete" }).click();
  await page
    .getByRole("dialog", { name: `Delete ${name}?` })
    .getByRole("button", { name: "Delete template" })
    .click();
  await expect(page).toHaveURL(/\/console\/admin\/templates$/);
  await page.getByRole("searchbox", { name: "Search" }).fill(`${stamp}`);
  await expect(page.getByText("No template matches.")).toBeVisible();
});

test("an admin reads platform stats and recent executions", async ({ page }) => {
  const execution = await apiAs<{ id: string }>(
    "owner",
    "POST",
    `/v1/workspaces/${WORKSPACE_ID}/connectors/${DEMO_CONNECTOR_ID}/executions`,
    { input: { email: "ada@lovelace.test" } },
    [200, 201, 202],
  );
  await signIn(page, "admin", "/console/admin/stats");
  await expect(page.getByRole("list", { name: "Totals" })).toContainText("Workspaces");
  await expect(page.getByRole("list", { name: "Executions per workspace" })).toContainText(
    "Demo workspace",
  );
  await expect(page.getByRole("list", { name: "Executions by status" })).toBeVisible();
  await checkPage(page, "admin-stats");

  await page.getByRole("link", { name: "Recent executions" }).click();
  await expect(page.getByRole("heading", { name: "Recent executions", level: 1 })).toBeVisible();
  await expect(page.getByTestId("admin-execution").first()).toContainText("Demo workspace");
  expect(execution.id).toBeTruthy();
  await checkPage(page, "admin-executions");
});
