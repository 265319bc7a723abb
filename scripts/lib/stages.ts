// The stages of `npm test` and their summary: each stage has a line in the order the stages are
// declared (not the order they end in), with its counts and its own wall-clock seconds; stages
// that run beside others buffer their output and print it whole when they end.
import { spawn } from "node:child_process";
import { ROOT } from "./paths.ts";

export interface Tally {
  passed: number;
  failed: number;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Collect the output and print it in one block at the end, instead of as it comes. */
  buffer?: boolean;
}

export interface RunResult {
  status: number;
  /** stdout and stderr as they came; empty when the output was not buffered. */
  output: string;
}

/** Runs a command from the project root without blocking the event loop. */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const header = `\n› ${command} ${args.join(" ")}`;
  if (!options.buffer) console.log(header);
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      stdio: options.buffer ? ["ignore", "pipe", "pipe"] : "inherit",
      env: { ...process.env, ...options.env },
    });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString("utf8");
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    child.on("error", (error) => {
      output += `${error.message}\n`;
    });
    child.on("close", (code) => {
      if (options.buffer) console.log(`${header}\n${output.trimEnd()}`);
      resolve({ status: code ?? 1, output });
    });
  });
}

interface Line {
  name: string;
  text?: string;
}

/** The running tally and the summary lines, one per stage. */
export class Stages {
  readonly tally: Tally = { passed: 0, failed: 0 };
  private readonly lines: Line[] = [];

  /**
   * Runs one stage: `work` answers its counts (and optionally a note for its line); a stage that
   * throws counts as one failure. Its line keeps the place the stage was started in.
   */
  async stage(name: string, work: () => Promise<Tally & { note?: string }>): Promise<Tally> {
    const line: Line = { name };
    this.lines.push(line);
    const started = Date.now();
    let result: Tally & { note?: string };
    try {
      result = await work();
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
      result = { passed: 0, failed: 1 };
    }
    this.tally.passed += result.passed;
    this.tally.failed += result.failed;
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    line.text =
      `${result.failed ? "✗" : "✓"} ${name}: ${result.passed} passed, ${result.failed} failed` +
      ` (${seconds} s)${result.note ?? ""}`;
    return result;
  }

  /** A stage that is one command: it passes when the command exits with 0. */
  check(name: string, command: string, args: string[], options: RunOptions = {}): Promise<Tally> {
    return this.stage(name, async () => {
      const ok = (await run(command, args, options)).status === 0;
      return { passed: ok ? 1 : 0, failed: ok ? 0 : 1 };
    });
  }

  summary(): string {
    return this.lines.map((line) => line.text ?? `✗ ${line.name}: did not finish`).join("\n");
  }
}
