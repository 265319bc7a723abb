// A local stand-in for a customer's API, shaped like the example connector's vendor, that records
// what it received. Options make it echo the credential back, or answer slowly.
import { type IncomingMessage, type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface TestTarget {
  host: string;
  received: ReceivedRequest[];
  /** Count of requests whose path starts with `prefix`. */
  hits(prefix: string): number;
  setDelay(ms: number): void;
  close(): Promise<void>;
}

export async function startTarget(options: {
  token: string;
  echoAuth?: boolean;
}): Promise<TestTarget> {
  const received: ReceivedRequest[] = [];
  let delayMs = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://target.local");
    received.push({
      method: req.method ?? "",
      path: `${url.pathname}${url.search}`,
      headers: req.headers,
      body,
    });
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const send = (status: number, value: unknown) => {
      if (res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    if (req.headers.authorization !== `Bearer ${options.token}`)
      return send(401, { error: "bad token" });
    if (req.method === "GET" && url.pathname === "/v1/people") {
      const email = url.searchParams.get("email") ?? "";
      return send(200, {
        results: [
          { id: `p_${email.split("@")[0]}`, email, company: { name: "Analytical Engines Ltd" } },
        ],
        ...(options.echoAuth ? { debug: { authorization: req.headers.authorization } } : {}),
      });
    }
    const tag = /^\/v1\/people\/([^/]+)\/tags$/.exec(url.pathname);
    if (req.method === "POST" && tag) {
      return send(201, {
        id: tag[1],
        received: JSON.parse(body || "null"),
        ...(options.echoAuth ? { echoedToken: options.token } : {}),
      });
    }
    return send(404, { error: "not found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    received,
    hits: (prefix) => received.filter((r) => r.path.startsWith(prefix)).length,
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
