// For the Workers-runtime suite: the demo target on a free loopback port, so an execution run
// inside workerd has a real server to call. Its address reaches the worker as a binding.
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";
import { createDemoTarget } from "../../scripts/lib/demo-target.ts";

declare module "vitest" {
  export interface ProvidedContext {
    workersTargetHost: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = createDemoTarget();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  project.provide("workersTargetHost", `127.0.0.1:${port}`);
  return () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}
