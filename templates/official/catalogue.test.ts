import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { CATALOGUE_PATH, renderCatalogue } from "./catalogue.ts";
import { OFFICIAL_TEMPLATES } from "./index.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");

describe("docs/TEMPLATES.md", () => {
  test("is what scripts/templates-doc.ts generates from the template files", () => {
    const current = readFileSync(join(ROOT, CATALOGUE_PATH), "utf8");
    expect(
      current === renderCatalogue(OFFICIAL_TEMPLATES),
      "stale: run node scripts/templates-doc.ts",
    ).toBe(true);
  });

  test("has a section for every template, with its credentials and hosts", () => {
    const text = renderCatalogue(OFFICIAL_TEMPLATES);
    for (const template of OFFICIAL_TEMPLATES) {
      expect(text).toContain(`<a id="${template.slug}"></a>`);
      expect(text).toContain(`## ${template.name}`);
      for (const credential of template.requiredCredentials) {
        expect(text).toContain(`\`${credential.name}\``);
        for (const host of credential.allowedHosts) expect(text).toContain(`\`${host}\``);
      }
    }
  });
});
