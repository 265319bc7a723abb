// A local vendor stand-in for the load and chaos scripts: `POST /hit/<execution id>` with the
// expected bearer token answers 200 and counts the hit, so "none runs twice" is a count per
// execution id. Loopback only; an optional delay makes runs overlap.
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface CountingTarget {
  host: string;
  /** Hits per execution id. */
  hits: Map<string, number>;
  /** Requests that did not match `POST /hit/<id>` with the right token. */
  refused(): number;
  setDelay(ms: number): void;
  close(): Promise<void>;
}

export async function startCountingTarget(token: string): Promise<CountingTarget> {
  const hits = new Map<string, number>();
  let refused = 0;
  let delayMs = 0;
  const server: Server = createServer((req, res) => {
    const match = /^\/hit\/([0-9a-f-]{36})$/.exec(req.url ?? "");
    req.resume();
    req.on("end", async () => {
      if (req.method !== "POST" || !match || req.headers.authorization !== `Bearer ${token}`) {
        refused += 1;
        res.writeHead(401, { "content-type": "application/json" });
        res.end('{"error":"refused"}');
        return;
      }
      const id = match[1] ?? "";
      hits.set(id, (hits.get(id) ?? 0) + 1);
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (res.destroyed) return;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id, n: hits.get(id) }));
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    hits,
    refused: () => refused,
    setDelay: (ms) => {
      delayMs = ms;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
