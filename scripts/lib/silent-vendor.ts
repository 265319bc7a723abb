// A vendor that accepts requests and never answers them (nor closes them), for the chaos suite:
// the step's own timeout must end the call. `answer()` turns it into one that answers 200 from
// then on (requests already held stay held). Counts requests per path. Loopback, port 0.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface SilentVendor {
  host: string;
  /** Requests received per path, answered or not. */
  calls: Map<string, number>;
  answer(): void;
  close(): Promise<void>;
}

export async function startSilentVendor(): Promise<SilentVendor> {
  const calls = new Map<string, number>();
  const held = new Set<ServerResponse>();
  let answering = false;
  const server = createServer((req, res) => {
    const path = req.url ?? "/";
    calls.set(path, (calls.get(path) ?? 0) + 1);
    req.resume();
    if (!answering) {
      held.add(res);
      res.once("close", () => held.delete(res));
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    answer: () => {
      answering = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
