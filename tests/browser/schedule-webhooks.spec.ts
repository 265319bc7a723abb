// A connector's schedule (a cron's next five runs in its zone, a bad cron's 400 at its field) and
// webhooks (the secret shown once with a copy button; the curl example's signature is real: the
// hook accepts a delivery signed exactly as the page printed it).
import { newConnector } from "./connector-api.ts";
import { checkPage, expect, signIn, test } from "./fixtures.ts";

// The 5 engineers' suites share 2 cores (load ~19 measured): 60 s per test is not enough there.
test.describe.configure({ timeout: 120_000 });

test("a schedule shows its next five runs in its zone; a bad cron is refused at its field", async ({
  page,
  request,
}) => {
  const id = await newConnector(request, `Browser schedule ${Date.now()}`);
  await signIn(page, "owner", `/console/connectors/${id}/schedule`);
  await expect(page.getByText("This connector has no schedule yet.")).toBeVisible();
  await page.getByLabel("Cron").fill("not a cron");
  await page.getByLabel("Time zone").fill("Asia/Tokyo");
  await page.getByRole("button", { name: "Save schedule" }).click();
  const cronField = page.locator(".field", { has: page.getByLabel("Cron") });
  await expect(cronField.getByTestId("field-problem")).toContainText("5 fields");

  await page.getByLabel("Cron").fill("30 6 * * *");
  // The connector's input schema wants an email: a schedule without one is refused at the input.
  await page.getByRole("button", { name: "Save schedule" }).click();
  const inputField = page.locator(".field", { has: page.getByLabel("Input of each run (JSON)") });
  await expect(inputField.getByTestId("field-problem")).toContainText("email");
  await page.getByLabel("Input of each run (JSON)").fill('{"email": "ada@lovelace.test"}');
  const runs = page.getByTestId("next-runs").locator("li");
  await expect(runs).toHaveCount(5);
  // 06:30 in Tokyo is 21:30 UTC the day before: the times are shown in the chosen zone.
  await expect(runs.first()).toContainText(/6:30/);
  await expect(runs.first().locator("time")).toHaveAttribute("datetime", /T21:30:00/);
  await page.getByRole("button", { name: "Save schedule" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Schedule saved." })).toBeVisible();
  await expect(page.getByText("Saved: 30 6 * * * (Asia/Tokyo), enabled.")).toBeVisible();
  await checkPage(page, "connector-schedule");
  await page.reload();
  await expect(page.getByLabel("Cron")).toHaveValue("30 6 * * *");
});

test("a webhook's secret is shown once with a copy button and a signed curl that works", async ({
  page,
  request,
}) => {
  const id = await newConnector(request, `Browser webhooks ${Date.now()}`);
  await signIn(page, "owner", `/console/connectors/${id}/webhooks`);
  await expect(page.getByText("No webhooks yet")).toBeVisible();
  await page.getByLabel("Description").fill("Signup form");
  await page.getByLabel("Contact id path").fill("$.contactId");
  await page.getByRole("button", { name: "Create webhook" }).click();
  const secretBox = page.getByTestId("webhook-secret");
  await expect(secretBox.getByTestId("secret-value")).toHaveText(/^whsec_/);
  await expect(secretBox.getByRole("button", { name: "Copy secret" })).toBeVisible();
  const hookUrl = (await page.locator("table.list td code").first().textContent()) ?? "";
  expect(hookUrl).toMatch(/\/v1\/hooks\/[0-9a-f-]{36}$/);
  const curl = page.getByTestId("curl-example");
  await expect(curl).toContainText(hookUrl);
  await expect(curl).toContainText(/Connectors-Signature: t=\d+,v1=[0-9a-f]{64}/);
  await checkPage(page, "connector-webhooks");

  // The example's signature is the real one: the hook starts an execution with it.
  const text = (await curl.textContent()) ?? "";
  const signature = /Connectors-Signature: (t=\d+,v1=[0-9a-f]{64})/.exec(text)?.[1] ?? "";
  const body = /--data '(.*)'/.exec(text)?.[1] ?? "";
  const delivered = await request.post(hookUrl, {
    headers: { "content-type": "application/json", "connectors-signature": signature },
    data: body,
  });
  expect(delivered.status()).toBe(202);

  // Once: after a reload the secret is gone; rotating shows a new one.
  const first = await secretBox.getByTestId("secret-value").textContent();
  await page.reload();
  await expect(page.getByTestId("webhook-secret")).toHaveCount(0);
  // Rotating ends the old secret at once, so it waits for a confirmation.
  await page.getByRole("button", { name: "Rotate secret" }).dblclick();
  await expect(page.getByTestId("webhook-secret")).toHaveCount(0);
  await page.getByRole("button", { name: "Confirm rotate" }).click();
  await expect(page.getByTestId("secret-value")).toHaveText(/^whsec_/);
  await expect(page.getByTestId("secret-value")).not.toHaveText(first ?? "");
  await page.locator("table.list").getByRole("button", { name: "Delete" }).click();
  await page.getByRole("button", { name: "Confirm delete" }).click();
  await expect(page.getByText("No webhooks yet")).toBeVisible();
});
