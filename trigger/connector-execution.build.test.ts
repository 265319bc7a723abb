// What `trigger.dev deploy` would upload, checked offline: the CLI's own build (target
// "deploy") bundles the tasks and its indexer reads them back, as the deployed image does.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATA_DIR } from "../scripts/lib/paths.ts";
import { type TriggerBundle, buildTasks, indexTasks } from "../scripts/lib/trigger-build.ts";

describe("the Trigger.dev bundle", () => {
  let bundle: TriggerBundle;
  beforeAll(async () => {
    bundle = await buildTasks(join(DATA_DIR, `trigger-build-test-${process.pid}`));
  }, 120_000);
  afterAll(() => rmSync(bundle.outputPath, { recursive: true, force: true }));

  it("bundles the task sources only, never a test", () => {
    const entries = bundle.files.map((file) => file.entry);
    expect(entries).toContain("trigger/connector-execution.ts");
    expect(entries.filter((entry) => /\.test\./.test(entry))).toEqual([]);
  });

  it("indexes connector-execution with its queue, per-workspace and total limits", async () => {
    const tasks = await indexTasks(bundle);
    expect(tasks.map((task) => task.id)).toEqual(["connector-execution"]);
    const [task] = tasks;
    expect(task).toMatchObject({
      filePath: "trigger/connector-execution.ts",
      // the run budget (300 s), the final writes' grace (60 s) and a last attempt (60 s)
      maxDuration: 420,
      retry: { maxAttempts: 3 },
      queue: { name: "connector-executions" },
      concurrency: { inline: { perKey: 10, total: 50 } },
    });
    // The deprecated queue-level limit is gone: concurrency is declared on the task.
    expect(task?.queue?.concurrencyLimit ?? null).toBeNull();
  }, 60_000);

  it("takes the limits from the Trigger.dev environment at indexing", async () => {
    const tasks = await indexTasks(bundle, {
      EXECUTION_CONCURRENCY_PER_WORKSPACE: "3",
      EXECUTION_CONCURRENCY_TOTAL: "12",
    });
    expect(tasks[0]?.concurrency).toEqual({ inline: { perKey: 3, total: 12 } });
  }, 60_000);

  it("fails indexing on limits that contradict each other", async () => {
    await expect(
      indexTasks(bundle, {
        EXECUTION_CONCURRENCY_PER_WORKSPACE: "30",
        EXECUTION_CONCURRENCY_TOTAL: "5",
      }),
    ).rejects.toThrow();
  }, 60_000);
});
