// The worker's static assets (dist/public): the API reference's browser bundle, so /docs works
// with no internet access, and the console (console/, built by Vite into dist/public/console).
// wrangler.toml runs this as the custom build before every `wrangler dev`/`deploy`, so no
// command depends on an earlier build; the dev, test and bench scripts call it too. Unchanged
// inputs are left alone: a rewrite would make a running `wrangler dev` reload.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export const ASSETS_DIR = join(root, "dist/public");
export const CONSOLE_DIR = join(ASSETS_DIR, "console");
const CONSOLE_SOURCE = join(root, "console");
const STAMP = join(root, ".data/console-build.stamp");

function copyDocsScript(): void {
  const source = join(root, "node_modules/@scalar/api-reference/dist/browser/standalone.js");
  const target = join(ASSETS_DIR, "docs/assets/scalar.js");
  if (existsSync(target) && readFileSync(target).equals(readFileSync(source))) return;
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(source, target);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? listFiles(path) : [path];
    });
}

/** What the console build depends on: its sources and the locked dependency versions. */
function consoleInputsHash(): string {
  const hash = createHash("sha256");
  for (const file of [...listFiles(CONSOLE_SOURCE), join(root, "package-lock.json")]) {
    hash.update(relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

/** Builds the console with Vite unless the last build had the same inputs. */
export function buildConsole(options: { force?: boolean } = {}): void {
  const inputs = consoleInputsHash();
  const built = existsSync(join(CONSOLE_DIR, "index.html")) && existsSync(STAMP);
  if (!options.force && built && readFileSync(STAMP, "utf8") === inputs) return;
  const vite = join(root, "node_modules/vite/bin/vite.js");
  const result = spawnSync(
    process.execPath,
    [vite, "build", "--config", join(CONSOLE_SOURCE, "vite.config.ts")],
    { cwd: root, stdio: "inherit" },
  );
  if (result.status !== 0) throw new Error("the console's Vite build failed (see above)");
  mkdirSync(dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, inputs);
}

export function buildAssets(): void {
  copyDocsScript();
  buildConsole();
}

if (import.meta.url === `file://${process.argv[1]}`) buildAssets();
