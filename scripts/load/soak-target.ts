// The counting target in a process of its own, so `npm run soak` can sample its memory apart from
// the driver's. Prints one JSON line with its host and a stats URL; GET <stats> answers the calls
// counted so far (total, distinct executions, executions called more than once per step).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startCountingTarget } from "../lib/counting-target.ts";

const token = process.env.SOAK_TARGET_TOKEN ?? "";
if (!token) throw new Error("SOAK_TARGET_TOKEN is required");
const target = await startCountingTarget(token);
const stats = createServer((_req, res) => {
  let repeated = 0;
  for (const n of target.perStep().values()) if (n > 1) repeated += 1;
  res.writeHead(200, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      calls: target.calls.length,
      executions: target.hits.size,
      repeated,
      refused: target.refused(),
    }),
  );
});
await new Promise<void>((resolve) => stats.listen(0, "127.0.0.1", resolve));
const { port } = stats.address() as AddressInfo;
console.log(JSON.stringify({ host: target.host, stats: `http://127.0.0.1:${port}/` }));
// Calls are kept per execution for the counts; the soak's checks read them at the end.
setInterval(() => {}, 60_000);
