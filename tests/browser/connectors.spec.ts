// The connector builder: a two-step connector built in the form (step 2 reads step 1's extracted
// value) against the demo target, the API's 422 shown under the fields its paths name, the JSON
// view round trip, and a dry run's redacted trace and mapping preview.
import type { Locator, Page } from "@playwright/test";
import { DEMO_TARGET_TOKEN } from "../../scripts/lib/demo-target.ts";
import { newConnector } from "./connector-api.ts";
import { checkPage, expect, signIn, test } from "./fixtures.ts";

// The 5 engineers' suites share 2 cores (load ~19 measured): 60 s per test is not enough there.
test.describe.configure({ timeout: 120_000 });

const TARGET = process.env.BROWSER_TARGET_URL ?? "";

async function fillStep(
  step: Locator,
  values: { id: string; method: string; url: string; body?: string },
): Promise<void> {
  await step.getByLabel("Step id").fill(values.id);
  await step.getByLabel("Method").selectOption(values.method);
  await step.getByLabel("URL", { exact: true }).fill(values.url);
  await step.getByLabel("Auth", { exact: true }).selectOption("bearer");
  await step.getByLabel("Credential").selectOption("example_token");
  if (values.body) await step.getByLabel("JSON body").fill(values.body);
}

function fieldOf(page: Page, scope: Locator, label: string): Locator {
  return scope.locator(".field", { has: page.getByLabel(label, { exact: true }) });
}

test("build a two-step connector in the form, see a 422 at its field, save it", async ({
  page,
}) => {
  // The longest flow of the suites (two steps typed field by field): triple time on a busy machine.
  test.slow();
  const name = `Browser two-step ${Date.now()}`;
  await signIn(page, "owner", "/console/connectors/new");
  await expect(page.getByRole("heading", { name: "New connector", level: 1 })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page
    .getByLabel("Input schema (JSON Schema)")
    .fill(
      '{"type":"object","required":["email"],"properties":{"email":{"type":"string","example":"grace@hopper.test"}}}',
    );
  const steps = page.locator("section.step");
  await fillStep(steps.nth(0), {
    id: "find",
    method: "GET",
    url: `${TARGET}/v1/people?email={{input.email}}`,
  });
  const first = steps.nth(0);
  await first.getByRole("button", { name: "Add extracted value" }).click();
  await first.getByLabel("Extracted name 1", { exact: true }).fill("personId");
  await first.getByLabel("JSONPath 1", { exact: true }).fill("$.results[0].id");
  await first.getByRole("button", { name: "Add extracted value" }).click();
  await first.getByLabel("Extracted name 2", { exact: true }).fill("company");
  // Not a JSONPath: the API names steps[0].extract.company.
  await first.getByLabel("JSONPath 2", { exact: true }).fill("$.results[0");
  await page.getByRole("button", { name: "Add step" }).click();
  await fillStep(steps.nth(1), {
    id: "tag",
    method: "POST",
    // Not http(s): the API names steps[1].request.url.
    url: "ftp://127.0.0.1/v1/people/{{steps.find.personId}}/tags",
    body: '{"tag": "browser"}',
  });
  await page.getByRole("button", { name: "Add mapping" }).click();
  await page.getByLabel("Contact field 1", { exact: true }).fill("company");
  await page.getByLabel("Value 1", { exact: true }).fill("{{steps.find.company}}");
  await checkPage(page, "connector-editor-new");

  await page.getByRole("button", { name: "Create connector" }).click();
  const second = steps.nth(1);
  const urlField = fieldOf(page, second, "URL");
  await expect(urlField.getByTestId("field-problem")).toContainText("http");
  await expect(second.getByLabel("URL", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(fieldOf(page, first, "URL").getByTestId("field-problem")).toHaveCount(0);
  await expect(first.locator(".row.invalid")).toHaveCount(1);
  await expect(
    first.locator(".row.invalid").getByLabel("Extracted name 2", { exact: true }),
  ).toHaveValue("company");

  await first.getByLabel("JSONPath 2", { exact: true }).fill("$.results[0].company.name");
  await second
    .getByLabel("URL", { exact: true })
    .fill(`${TARGET}/v1/people/{{steps.find.personId}}/tags`);
  // The JSON view edits the same definition; back in the form it is re-parsed.
  await page.getByRole("button", { name: "JSON", exact: true }).click();
  const raw = page.getByLabel("Definition (JSON)");
  await expect(raw).toHaveValue(/steps\.find\.personId/);
  const json = await raw.inputValue();
  await raw.fill("{ not json");
  await page.getByRole("button", { name: "Form", exact: true }).click();
  await expect(page.getByTestId("field-problem")).toContainText("Not valid JSON");
  await raw.fill(json.replace('"tag": "browser"', '"tag": "from-json"'));
  await page.getByRole("button", { name: "Form", exact: true }).click();
  await expect(second.getByLabel("JSON body")).toHaveValue(/from-json/);

  await page.getByRole("button", { name: "Create connector" }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Overview" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(name);
  await checkPage(page, "connector-page");
  // Delete asks first, in a dialog that Escape closes.
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `Delete ${name}?` });
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await page.getByLabel("Description").fill("Edited in the browser");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect(page.getByLabel("Description")).toHaveValue("Edited in the browser");
});

test("a dry run shows the redacted trace of both steps and the mapping preview", async ({
  page,
  request,
}) => {
  const id = await newConnector(request, `Browser dry run ${Date.now()}`);
  await signIn(page, "owner", `/console/connectors/${id}/dry-run`);
  const input = page.getByLabel("Input (JSON)");
  await input.fill('{"email": "grace@hopper.test", "score": 7}');
  await page.getByRole("button", { name: "Run dry run" }).click();
  const result = page.getByTestId("dry-run-result");
  await expect(result.getByRole("heading", { name: /Result/ })).toContainText("succeeded");
  const find = result.getByTestId("trace-find");
  const tag = result.getByTestId("trace-tag");
  await expect(find.getByTestId("trace-status")).toHaveText("200");
  await expect(tag.getByTestId("trace-status")).toHaveText("201");
  await expect(find).toContainText(`GET ${TARGET}/v1/people?email=grace%40hopper.test`);
  // The trace is the API's, redacted: the request headers show, the bearer token never does.
  await expect(find).toContainText("Request headers");
  await expect(page.locator("main")).not.toContainText(DEMO_TARGET_TOKEN);
  const personId = (await find.locator('dt:text-is("personId") + dd').textContent()) ?? "";
  expect(personId).toMatch(/^".+"$/);
  await expect(tag).toContainText(`/v1/people/${JSON.parse(personId)}/tags`);
  const company = await find.locator('dt:text-is("company") + dd').textContent();
  await expect(result.getByTestId("mapping-preview")).toContainText("company");
  await expect(
    result
      .getByTestId("mapping-preview")
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: "company", exact: true }) })
      .getByRole("cell"),
  ).toHaveText(company ?? "");
  await checkPage(page, "connector-dry-run");
});
