// The console's shell: sign-in through the Supabase Auth stand-in (ES256 tokens the worker checks
// against the JWKS), a wrong password, client-side routes surviving a reload, sign-out, and the
// saas-admin links shown to saas admins only (admin.spec.ts: the API's 403 for others).
import { checkPage, expect, signIn, test } from "./fixtures.ts";

test("a wrong password is refused with a clear message", async ({ page }) => {
  await page.goto("/console/");
  await expect(page).toHaveURL(/\/console\/sign-in/);
  await checkPage(page, "sign-in");
  await page.getByLabel("Email").fill("owner@demo.test");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("The email or password is not right.");
});

test("an owner signs in, lists connectors, reloads a deep link and signs out", async ({ page }) => {
  await signIn(page, "owner");
  await expect(page.getByRole("heading", { name: "Connectors", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Demo: find and tag a person" })).toBeVisible();
  await checkPage(page, "connectors");
  await expect(page.getByTestId("admin-nav")).toHaveCount(0);
  await page.getByRole("searchbox", { name: "Search" }).fill("every person");
  await expect(page.getByRole("link", { name: "Demo: find and tag a person" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Demo: list every person" })).toBeVisible();

  await page.goto("/console/executions");
  await page.reload();
  await expect(page.getByRole("link", { name: "Executions", exact: true })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/console\/sign-in/);
  await page.goto("/console/connectors");
  await expect(page).toHaveURL(/\/console\/sign-in\?next=/);
});

test("a saas admin sees the admin links; a member does not", async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, "admin");
  await expect(admin.getByTestId("admin-nav")).toBeVisible();

  const member = await (await browser.newContext()).newPage();
  await signIn(member, "member");
  await expect(member.getByTestId("admin-nav")).toHaveCount(0);
});
