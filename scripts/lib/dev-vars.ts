// How `npm run dev` hands variables to the worker: local defaults, replaced by the calling
// shell's values, written to an env file that `wrangler dev --env-file` loads (wrangler does
// not pass shell variables to the worker by itself).
import { chmodSync, writeFileSync } from "node:fs";
import { DEV_WORKER_DEFAULTS, FORWARDED_VARIABLES } from "./local-defaults.ts";

export function workerVariables(shell: NodeJS.ProcessEnv): Record<string, string> {
  const vars = { ...DEV_WORKER_DEFAULTS };
  for (const name of FORWARDED_VARIABLES) {
    const value = shell[name];
    if (value !== undefined) vars[name] = value;
  }
  return vars;
}

/** Writes `KEY="value"` lines (JSON-quoted), readable by the owner only: it holds secrets. */
export function writeVarsFile(path: string, vars: Record<string, string>): void {
  const lines = Object.entries(vars).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  writeFileSync(path, `${lines.join("\n")}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

export function wranglerDevArgs(options: {
  port: number;
  varsFile: string;
  persistTo: string;
}): string[] {
  return [
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(options.port),
    "--test-scheduled",
    "--env-file",
    options.varsFile,
    "--persist-to",
    options.persistTo,
    "--show-interactive-dev-session=false",
    "--log-level",
    "warn",
    ...(process.env.WRANGLER_INSPECTOR_PORT
      ? ["--inspector-port", process.env.WRANGLER_INSPECTOR_PORT]
      : []),
  ];
}
