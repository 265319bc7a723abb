// `npm run trigger:check`: what `trigger.dev deploy` would upload, built and indexed offline
// with the CLI's own modules (no login). Reads the limits from this shell's environment, as the
// deployed indexer reads them from Trigger.dev's.
import { EXECUTION_ENV } from "../execution/env-names.ts";
import { buildTasks, indexTasks } from "./lib/trigger-build.ts";

const bundle = await buildTasks();
const { concurrencyPerWorkspace, concurrencyTotal } = EXECUTION_ENV;
const tasks = await indexTasks(bundle, {
  [concurrencyPerWorkspace]: process.env[concurrencyPerWorkspace],
  [concurrencyTotal]: process.env[concurrencyTotal],
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
