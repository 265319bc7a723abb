// `npm run trigger:check`: what `trigger.dev deploy` would upload, built and indexed offline
// with the CLI's own modules (no login). Reads the limits from this shell's environment, as the
// deployed indexer reads them from Trigger.dev's.
import { buildTasks, indexTasks } from "./lib/trigger-build.ts";

const bundle = await buildTasks();
const tasks = await indexTasks(bundle, {
  EXECUTION_CONCURRENCY_PER_WORKSPACE: process.env.EXECUTION_CONCURRENCY_PER_WORKSPACE,
  EXECUTION_CONCURRENCY_TOTAL: process.env.EXECUTION_CONCURRENCY_TOTAL,
});
for (const task of tasks) {
  const limits = task.concurrency?.inline;
  console.log(
    `${task.id} (${task.filePath}): queue ${task.queue?.name ?? "default"}, ` +
      `perKey ${limits?.perKey ?? "none"}, total ${limits?.total ?? "none"}, ` +
      `maxDuration ${task.maxDuration ?? "default"} s, retries ${task.retry?.maxAttempts ?? "default"}`,
  );
}
console.log(`${tasks.length} task(s) bundled for ${bundle.runtime} in ${bundle.outputPath}`);
