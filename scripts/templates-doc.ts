// Writes docs/TEMPLATES.md, the catalogue of official templates, from templates/official/*.json.
// `--check` only compares and exits 1 when the file is stale (templates/official/catalogue.test.ts
// does the same in the unit tests).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { CATALOGUE_PATH, renderCatalogue } from "../templates/official/catalogue.ts";
import { OFFICIAL_TEMPLATES } from "../templates/official/index.ts";
import { ROOT } from "./lib/paths.ts";

const target = join(ROOT, CATALOGUE_PATH);
const wanted = renderCatalogue(OFFICIAL_TEMPLATES);

if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {
    // Missing counts as stale.
  }
  if (current !== wanted) {
    console.error(`${CATALOGUE_PATH} is stale: run node scripts/templates-doc.ts`);
    process.exit(1);
  }
  console.log(`${CATALOGUE_PATH} is up to date (${OFFICIAL_TEMPLATES.length} templates)`);
} else {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, wanted);
  console.log(`wrote ${CATALOGUE_PATH} (${OFFICIAL_TEMPLATES.length} templates)`);
}
