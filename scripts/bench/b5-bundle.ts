// B5: the production bundle's gzip size (absolute: Cloudflare limits the compressed upload) and
// its start-up, next to a hello-world Hono worker built the same way. Start-up is the active
// CPU time of the module's global scope in workerd, from `wrangler check startup`'s profile
// (the quickest of the runs: the profiler samples wall time, which a busy machine stretches).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ROOT } from "../lib/paths.ts";
import { median } from "./lib/paired.ts";
import type { BenchLine } from "./lib/report.ts";

const HELLO_CONFIG = join(ROOT, "scripts/bench/hello/wrangler.toml");
const MIB = 1024 * 1024;

function wrangler(args: string[]): string {
  const result = spawnSync("wrangler", args, {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    timeout: 120_000,
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.status !== 0) throw new Error(`wrangler ${args.join(" ")} failed:\n${output}`);
  return output;
}

/** Gzip size of the modules a dry run writes (as `wrangler deploy` counts the upload). */
function gzipSize(outdir: string): number {
  let total = 0;
  for (const file of readdirSync(outdir)) {
    if (/\.(m?js|wasm)$/.test(file)) total += gzipSync(readFileSync(join(outdir, file))).length;
  }
  return total;
}

/** Active (non-idle) CPU milliseconds in a workerd start-up profile. */
function activeMs(profilePath: string): number {
  const profile = JSON.parse(readFileSync(profilePath, "utf8")) as {
    nodes: { id: number; callFrame: { functionName: string } }[];
    samples: number[];
    timeDeltas: number[];
  };
  const idle = new Set(
    profile.nodes.filter((n) => n.callFrame.functionName === "(idle)").map((n) => n.id),
  );
  let micros = 0;
  profile.samples.forEach((id, i) => {
    if (!idle.has(id)) micros += profile.timeDeltas[i] ?? 0;
  });
  return micros / 1000;
}

export async function runB5(runs: number): Promise<BenchLine[]> {
  const dir = mkdtempSync(join(tmpdir(), "connectors-b5-"));
  try {
    const builds = [
      { name: "api", config: [] as string[] },
      { name: "hello", config: ["-c", HELLO_CONFIG] },
    ].map((build) => {
      const outdir = join(dir, build.name);
      const bundle = join(dir, `${build.name}.bundle`);
      wrangler(["deploy", "--dry-run", ...build.config, "--outdir", outdir]);
      wrangler(["deploy", "--dry-run", ...build.config, "--outfile", bundle]);
      return { ...build, gzip: gzipSize(outdir), bundle, startups: [] as number[] };
    });
    const [api, hello] = builds;
    if (!api || !hello) throw new Error("B5: builds missing");
    for (let i = 0; i < runs; i++) {
      for (const build of [hello, api]) {
        const profile = join(dir, `${build.name}-${i}.cpuprofile`);
        wrangler([
          "check",
          "startup",
          ...build.config,
          "--worker",
          build.bundle,
          "--outfile",
          profile,
        ]);
        build.startups.push(activeMs(profile));
      }
    }
    const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
    // The profiler samples wall time: a start-up descheduled by a busy machine looks longer
    // than its CPU. The quickest of the runs is the least disturbed; medians are shown beside.
    const apiStartup = Math.min(...api.startups);
    return [
      {
        id: "B5",
        name: "worker bundle, gzip",
        value: api.gzip / MIB,
        goal: { max: 1, unit: "MiB" },
        detail: `api ${kib(api.gzip)}, hello-world Hono ${kib(hello.gzip)} (${(api.gzip / hello.gzip).toFixed(1)}x)`,
      },
      {
        id: "B5",
        name: "worker start-up (global scope, active CPU in workerd)",
        value: apiStartup,
        goal: { max: 100, unit: "ms" },
        detail: `quickest of ${runs}: api ${apiStartup.toFixed(1)} ms, hello-world Hono ${Math.min(...hello.startups).toFixed(1)} ms; medians ${median(api.startups).toFixed(1)} / ${median(hello.startups).toFixed(1)} ms; platform limit 1000 ms`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
