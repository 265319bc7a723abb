// For the Workers-runtime suite: the demo target on a fixed loopback port, so an execution
// run inside workerd has a real server to call.
import { createDemoTarget } from "../../scripts/lib/demo-target.ts";

export const WORKERS_TARGET_PORT = 54380;

export default async function setup(): Promise<() => Promise<void>> {
  const server = createDemoTarget();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(WORKERS_TARGET_PORT, "127.0.0.1", resolve);
  });
  return () => new Promise((resolve) => server.close(() => resolve()));
}
