// `npm run openapi`: writes the API's OpenAPI document to .data/openapi.json, regenerates the
// committed client types (tests/openapi/schema.d.ts) and lints the document with Redocly's
// recommended rules (redocly.yaml). `--check` (run by `npm test`) leaves the types alone and
// fails when they are out of date. Any lint error or warning fails.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
import {
  CLIENT_TYPES_FILE,
  clientTypes,
  OPENAPI_FILE,
  openApiDocument,
  writeOpenApiDocument,
} from "./lib/openapi.ts";
import { ROOT } from "./lib/paths.ts";

const checkOnly = process.argv.includes("--check");
let failed = false;

await writeOpenApiDocument();
const types = await clientTypes(await openApiDocument());
const committed = (() => {
  try {
    return readFileSync(CLIENT_TYPES_FILE, "utf8");
  } catch {
    return null;
  }
})();
if (committed === types) {
  console.log(`${relative(ROOT, CLIENT_TYPES_FILE)} is up to date`);
} else if (checkOnly) {
  console.error(`${relative(ROOT, CLIENT_TYPES_FILE)} is out of date: run \`npm run openapi\``);
  failed = true;
} else {
  writeFileSync(CLIENT_TYPES_FILE, types);
  console.log(`wrote ${relative(ROOT, CLIENT_TYPES_FILE)}`);
}

// Offline: no telemetry, no update check.
const lint = spawnSync("redocly", ["lint", "--format=json", relative(ROOT, OPENAPI_FILE)], {
  cwd: ROOT,
  encoding: "utf8",
  env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
});
const report = (() => {
  try {
    return JSON.parse(lint.stdout) as {
      totals: { errors: number; warnings: number; ignored: number };
      problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
    };
  } catch {
    return null;
  }
})();
if (!report) {
  console.error(lint.stderr || lint.error?.message || "redocly lint gave no report");
  failed = true;
} else {
  for (const problem of report.problems) {
    console.error(`${problem.ruleId}: ${problem.location[0]?.pointer ?? ""} ${problem.message}`);
  }
  const { errors, warnings, ignored } = report.totals;
  console.log(
    `redocly lint: ${errors} errors, ${warnings} warnings (${ignored} ignored, see .redocly.lint-ignore.yaml)`,
  );
  if (errors + warnings > 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
