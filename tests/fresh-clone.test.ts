// "Every npm script works right after clone": nothing may depend on a file an earlier command
// generated (dist/public, .data, .wrangler) or on dependencies being installed already.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../scripts/lib/paths.ts";
import { type Clone, freshClone } from "./harness/clone.ts";

const scripts = (
  JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  }
).scripts;

function npmRun(cwd: string, args: string[]) {
  const result = spawnSync("npm", ["run", "--silent", ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
    timeout: 180_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("a fresh clone", () => {
  let clone: Clone;
  beforeAll(() => {
    clone = freshClone();
  });
  afterAll(() => clone?.remove());

  it("runs every npm script through the bootstrap that installs what is missing first", () => {
    for (const [name, command] of Object.entries(scripts)) {
      expect(command, name).toMatch(/^bash scripts\/bootstrap\.sh \S/);
    }
  });

  it("has no build output, so the checks below start from nothing", () => {
    expect(existsSync(join(clone.dir, "dist"))).toBe(false);
    expect(existsSync(join(clone.dir, ".data"))).toBe(false);
  });

  it("bundles the worker with wrangler (deploy, bench B3–B5) without an earlier asset build", () => {
    const outdir = join(clone.dir, ".data/bundle");
    const result = npmRun(clone.dir, ["wrangler", "--", "deploy", "--dry-run", "--outdir", outdir]);
    expect(result.status, result.output).toBe(0);
    expect(existsSync(join(outdir, "index.js"))).toBe(true);
    expect(existsSync(join(clone.dir, "dist/public/docs/assets/scalar.js"))).toBe(true);
  }, 180_000);

  it.each([
    ["v", []],
    ["build:assets", []],
    ["token", ["member"]],
    ["templates:doc", ["--check"]],
    ["openapi", ["--check"]],
  ])("`npm run %s` works offline", (name, args) => {
    const result = npmRun(clone.dir, [name, "--", ...args]);
    expect(result.status, result.output).toBe(0);
  });
});
