// The rooms around the execution lifecycle keep their import rules (docs/ARCHITECTURE.md):
// execution/ reaches only engine/ and postgres.js types; worker/ and trigger/ never each other.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
    .map((file) => join(dir, file));
}

/** Every module specifier a file imports or re-exports, with whether it is type-only. */
function imports(file: string): { from: string; typeOnly: boolean }[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const found = text.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?\sfrom\s+"([^"]+)"/gms);
  return [...found].map((match) => ({ from: match[2] ?? "", typeOnly: Boolean(match[1]) }));
}

function resolved(file: string, specifier: string): string {
  return specifier.startsWith(".") ? relative(ROOT, join(ROOT, file, "..", specifier)) : specifier;
}

describe("import rules around execution/", () => {
  it("execution/ imports only engine/, itself and postgres.js types", () => {
    const offending = sources("execution").flatMap((file) =>
      imports(file)
        .filter(({ from, typeOnly }) => {
          const target = resolved(file, from);
          if (target.startsWith("engine/") || target.startsWith("execution/")) return false;
          return !(target === "postgres" && typeOnly);
        })
        .map(({ from }) => `${file} → ${from}`),
    );
    expect(offending).toEqual([]);
  });

  it("worker/ imports nothing from trigger/, and trigger/ nothing from worker/", () => {
    const crossing = [
      ...sources("worker").map((file) => ({ file, forbidden: "trigger/" })),
      ...sources("trigger").map((file) => ({ file, forbidden: "worker/" })),
    ].flatMap(({ file, forbidden }) =>
      imports(file)
        .filter(({ from }) => resolved(file, from).startsWith(forbidden))
        .map(({ from }) => `${file} → ${from}`),
    );
    expect(crossing).toEqual([]);
  });
});
