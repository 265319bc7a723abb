// Credentials in the console: create a header credential with a value (a password field, never
// shown back), connect an OAuth 2.0 credential through the demo provider and come back
// `connected`, see both in the audit log; a member gets the audit log's 403.
import { DEMO_WORKSPACE_ID } from "../../scripts/lib/demo-data.ts";
import { DEMO_OAUTH_CLIENT } from "../../scripts/lib/oauth-provider.ts";
import { callApi, tokenFor } from "./api.ts";
import { checkPage, expect, signIn, test } from "./fixtures.ts";

test("a new header credential is created with a hidden value and listed", async ({ page }) => {
  test.setTimeout(120_000);
  const name = `hdr_${Date.now()}`;
  const secret = `sk_test_${Date.now()}`;
  await signIn(page, "owner", "/console/credentials");
  await page.getByRole("button", { name: "New credential" }).click();
  const dialog = page.getByRole("dialog", { name: "New credential" });
  await dialog.getByLabel("Name").fill(name);
  await expect(dialog.getByLabel("Value")).toHaveAttribute("type", "password");
  await dialog.getByLabel("Value").fill(secret);
  await dialog.getByLabel("Allowed hosts").fill("api.example.com");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("credentials-notice")).toHaveText(`${name} was created.`);
  const row = page.locator(`tr[data-credential="${name}"]`);
  await expect(row).toContainText("api.example.com");
  await expect(row).toContainText("header");
  await expect(page.getByText(secret)).toHaveCount(0);
  await checkPage(page, "credentials");

  // A new value keeps the hosts; the form opens empty (the old value is never shown).
  await row.getByRole("button", { name: `Set value for ${name}` }).click();
  const setValue = page.getByRole("dialog", { name: `Set a new value for ${name}` });
  await expect(setValue.getByLabel("Value")).toHaveValue("");
  await setValue.getByLabel("Value").fill(`${secret}_2`);
  await setValue.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("credentials-notice")).toHaveText(
    `A new value for ${name} is stored.`,
  );

  await row.getByRole("button", { name: `Delete ${name}` }).click();
  await page
    .getByRole("dialog", { name: `Delete ${name}?` })
    .getByRole("button", { name: "Delete" })
    .click();
  await expect(row).toHaveCount(0);

  await page.getByRole("link", { name: "Audit log" }).click();
  const log = page.getByTestId("audit-log");
  await expect(
    log.locator("tr", { hasText: name }).filter({ hasText: "credential.put" }),
  ).toHaveCount(2);
  await expect(
    log.locator("tr", { hasText: name }).filter({ hasText: "credential.delete" }),
  ).toHaveCount(1);
  await checkPage(page, "audit-log");
});

test("Set value keeps the credential's pinned query parameter and provider", async ({ page }) => {
  const name = `qp_${Date.now()}`;
  const path = `/v1/workspaces/${DEMO_WORKSPACE_ID}/credentials/${name}`;
  const token = await tokenFor("owner");
  const put = await callApi(token, "PUT", path, {
    value: "first",
    allowedHosts: ["api.example.com"],
    placements: ["header", "query"],
    queryParam: "api_key",
    provider: "example",
    authType: "api_key",
  });
  expect(put.status, JSON.stringify(put.body)).toBe(201);

  await signIn(page, "owner", "/console/credentials");
  const row = page.locator(`tr[data-credential="${name}"]`);
  await row.getByRole("button", { name: `Set value for ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Set a new value for ${name}` });
  await dialog.getByLabel("Value").fill("second");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("credentials-notice")).toHaveText(
    `A new value for ${name} is stored.`,
  );
  const after = await callApi<{ queryParam: string | null; provider: string | null }>(
    token,
    "GET",
    path,
  );
  expect(after.body).toMatchObject({ queryParam: "api_key", provider: "example" });
  await callApi(token, "DELETE", path);
});

test("an OAuth 2.0 credential connects through the demo provider and comes back connected", async ({
  page,
}) => {
  const name = `oauth_${Date.now()}`;
  const target = new URL(process.env.BROWSER_TARGET_URL ?? "");
  const token = await tokenFor("owner");
  const put = await callApi(
    token,
    "PUT",
    `/v1/workspaces/${DEMO_WORKSPACE_ID}/credentials/${name}`,
    {
      allowedHosts: [target.host],
      oauth: {
        grantType: "authorization_code",
        authorizeUrl: `${target.origin}/oauth/authorize`,
        tokenUrl: `${target.origin}/oauth/token`,
        clientId: DEMO_OAUTH_CLIENT.clientId,
        clientSecret: DEMO_OAUTH_CLIENT.clientSecret,
        scopes: ["people.read"],
      },
    },
  );
  expect(put.status, JSON.stringify(put.body)).toBe(201);

  await signIn(page, "owner", "/console/credentials");
  const row = page.locator(`tr[data-credential="${name}"]`);
  await expect(row.locator("[data-status=pending]")).toBeVisible();
  await row.getByRole("button", { name: `Connect ${name}` }).click();
  await expect(page.getByTestId("credentials-notice")).toHaveText(`${name} is connected.`);
  // The callback's query is read once and dropped: a reload does not repeat the notice.
  await expect(page).toHaveURL(/\/console\/credentials$/);
  await expect(row.locator("[data-status=connected]")).toBeVisible();
  await expect(row).toContainText("people.read");
  await page.reload();
  await expect(row.locator("[data-status=connected]")).toBeVisible();
  await expect(page.getByTestId("credentials-notice")).toHaveCount(0);

  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(
    page
      .getByTestId("audit-log")
      .locator("tr", { hasText: name })
      .filter({ hasText: "credential.connect" }),
  ).toHaveCount(1);
});

test("a member sees the audit log's 403 with its request id", async ({ page }) => {
  await signIn(page, "member", "/console/audit-log");
  await expect(page.getByRole("alert")).toContainText("Error 403");
  await expect(page.getByTestId("request-id")).not.toBeEmpty();
});
