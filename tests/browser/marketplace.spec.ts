// The marketplace: browse and open the seeded demo template, install it binding the seeded
// `example_token` in the install dialog and land on the new connector; rate it and see the review.
import { DEMO_TEMPLATE_ID } from "../../scripts/lib/demo-data.ts";
import { apiAs } from "./api-setup.ts";
import { WORKSPACE_ID, checkPage, expect, signIn, test } from "./fixtures.ts";

// Axe on three pages in one flow on a 2-core machine shared by several suites: room to breathe.
test.describe.configure({ timeout: 120_000 });

test("an owner installs the demo template binding example_token and lands on the connector", async ({
  page,
}) => {
  await signIn(page, "owner", "/console/marketplace");
  await expect(page.getByRole("heading", { name: "Marketplace", level: 1 })).toBeVisible();
  await page.getByRole("searchbox", { name: "Search" }).fill("enrich a person");
  const card = page.getByTestId("template-card").filter({ hasText: "Demo: enrich a person" });
  await expect(card.getByText("Featured")).toBeVisible();
  await expect(card.getByText(/installs?$/)).toBeVisible();
  await checkPage(page, "marketplace");

  await card.getByRole("link", { name: "Demo: enrich a person" }).click();
  await expect(page).toHaveURL(new RegExp(`/console/marketplace/${DEMO_TEMPLATE_ID}$`));
  await expect(page.getByRole("heading", { name: "Required credentials" })).toBeVisible();
  await expect(page.getByRole("main").getByText("example_token").first()).toBeVisible();
  await checkPage(page, "template");

  await page.getByRole("button", { name: "Install" }).click();
  const dialog = page.getByRole("dialog", { name: "Install Demo: enrich a person" });
  const select = dialog.getByLabel("Workspace credential for example_token");
  await expect(select).toHaveValue("example_token", { timeout: 30_000 });
  const name = `Installed demo ${Date.now()}`;
  await dialog.getByLabel("Connector name").fill(name);
  await checkPage(page, "install-dialog");
  await dialog.getByRole("button", { name: "Install" }).click();
  await dialog.getByRole("link", { name }).click();
  await expect(page).toHaveURL(/\/console\/connectors\/[0-9a-f-]{36}$/);
  // The page landed on is the new connector: the API has it, installed from the template.
  const id = new URL(page.url()).pathname.split("/").pop();
  const connector = await apiAs<{ name: string; templateId: string | null }>(
    "owner",
    "GET",
    `/v1/workspaces/${WORKSPACE_ID}/connectors/${id}`,
  );
  expect(connector).toMatchObject({ name, templateId: DEMO_TEMPLATE_ID });
});

test("Escape closes the install dialog; a binding the API refuses shows at that binding", async ({
  page,
}) => {
  // A second credential of the demo workspace that does not cover the template's host.
  const other = `other_${Date.now()}`;
  await apiAs("owner", "PUT", `/v1/workspaces/${WORKSPACE_ID}/credentials/${other}`, {
    value: "not-a-real-token",
    authType: "bearer",
    allowedHosts: ["api.example.com"],
  });
  await signIn(page, "owner", `/console/marketplace/${DEMO_TEMPLATE_ID}`);
  await page.getByRole("button", { name: "Install" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);

  await page.getByRole("button", { name: "Install" }).click();
  await dialog.getByLabel("Workspace credential for example_token").selectOption(other);
  await dialog.getByRole("button", { name: "Install" }).click();
  await expect(
    page.getByTestId("binding-example_token").getByTestId("field-problem"),
  ).toBeVisible();
});

test("a member rates an installed template and sees the review", async ({ page }) => {
  // Only a workspace that installed the template may rate it: install through the API first.
  await apiAs(
    "member",
    "POST",
    `/v1/workspaces/${WORKSPACE_ID}/templates/${DEMO_TEMPLATE_ID}/install`,
    {
      name: `Rated demo ${Date.now()}`,
    },
  );
  await signIn(page, "member", `/console/marketplace/${DEMO_TEMPLATE_ID}`);
  const review = `Worked on the first try ${Date.now()}`;
  await page.getByLabel("4 stars").check();
  await page.getByLabel("Review (optional)").fill(review);
  await page.getByRole("button", { name: "Submit rating" }).click();
  await expect(page.getByText("Thanks: your rating is saved.")).toBeVisible();
  const mine = page.getByTestId("review").filter({ hasText: review });
  await expect(mine).toBeVisible();
  await expect(mine.getByText("4 out of 5 stars")).toBeVisible();
});
