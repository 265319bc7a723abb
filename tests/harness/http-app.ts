// Serves the real Hono app over real HTTP (node:http), for routes whose answer streams: bytes
// reach the client as the app writes them, and a client that hangs up cancels the body.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { type AppOptions, createApp } from "../../worker/app.ts";
import { testEnv } from "./app.ts";

export interface HttpApp {
  url: string;
  close(): Promise<void>;
}

function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  return headers;
}

export async function serveApp(
  overrides: Parameters<typeof testEnv>[0] = {},
  options: AppOptions = {},
): Promise<HttpApp> {
  const app = createApp(options);
  const env = testEnv(overrides);
  const ctx = {
    waitUntil: (promise: Promise<unknown>) => void promise.catch(() => {}),
    passThroughOnException: () => {},
    props: {},
  } as unknown as ExecutionContext;
  const server = createServer(async (req, res) => {
    const gone = new AbortController();
    res.on("close", () => {
      if (!res.writableEnded) gone.abort();
    });
    const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, {
      method: req.method,
      headers: toHeaders(req.headers),
      signal: gone.signal,
    });
    const response = await app.fetch(request, env, ctx);
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    res.writeHead(response.status, headers);
    if (!response.body) return void res.end();
    const reader = response.body.getReader();
    gone.signal.addEventListener("abort", () => void reader.cancel().catch(() => {}));
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        res.write(value);
      }
    } catch {
      // the client went away mid-stream
    }
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
