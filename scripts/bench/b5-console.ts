// B5, the console: what a browser downloads on the console's first visit — index.html and the
// built files under /console/assets — gzip-compressed, as the worker's assets serve them with
// compression. Absolute, like the worker bundle's line: a size does not drift between runs.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { CONSOLE_DIR, buildConsole } from "../build-assets.ts";
import type { BenchLine } from "./lib/report.ts";

const MIB = 1024 * 1024;

export function consoleBundleLine(): BenchLine {
  buildConsole();
  const assets = join(CONSOLE_DIR, "assets");
  const sizes = {
    js: 0,
    css: 0,
    html: gzipSync(readFileSync(join(CONSOLE_DIR, "index.html"))).length,
  };
  let files = 0;
  for (const name of readdirSync(assets)) {
    const kind = name.endsWith(".css") ? "css" : /\.m?js$/.test(name) ? "js" : undefined;
    if (!kind) continue;
    sizes[kind] += gzipSync(readFileSync(join(assets, name))).length;
    files += 1;
  }
  const total = sizes.js + sizes.css + sizes.html;
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  return {
    id: "B5",
    name: "console bundle, gzip (index.html + /console/assets)",
    value: total / MIB,
    goal: { max: 0.5, unit: "MiB" },
    detail: `js ${kib(sizes.js)}, css ${kib(sizes.css)}, html ${kib(sizes.html)}; ${files} asset files`,
  };
}
