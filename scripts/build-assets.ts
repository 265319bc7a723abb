// Copies the API reference's browser bundle into the worker's static assets, so /docs works
// with no internet access. wrangler.toml runs it as the custom build before every `wrangler
// dev`/`deploy`, so no command depends on an earlier build; the dev, test and bench scripts call
// it too.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export const ASSETS_DIR = join(root, "dist/public");

export function buildAssets(): void {
  const source = join(root, "node_modules/@scalar/api-reference/dist/browser/standalone.js");
  const target = join(ASSETS_DIR, "docs/assets/scalar.js");
  // An unchanged file is left alone: a rewrite would make a running `wrangler dev` reload.
  if (existsSync(target) && readFileSync(target).equals(readFileSync(source))) return;
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(source, target);
}

if (import.meta.url === `file://${process.argv[1]}`) buildAssets();
