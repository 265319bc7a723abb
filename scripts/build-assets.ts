// Copies the API reference's browser bundle into the worker's static assets, so /docs works
// with no internet access. Run by the dev, test and deploy scripts.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export function buildAssets(): void {
  const target = join(root, "dist/public/docs/assets/scalar.js");
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(root, "node_modules/@scalar/api-reference/dist/browser/standalone.js"), target);
}

if (import.meta.url === `file://${process.argv[1]}`) buildAssets();
