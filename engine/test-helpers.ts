// Test-only helpers (imported by *.test.ts, never by engine code): local target servers on
// 127.0.0.1 with random ports, and an instant, recording sleep.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";
import type { ConnectorDefinition } from "./definition.ts";
import { exampleDefinition } from "./examples.ts";
import { parseAllowList, type OutboundPolicy } from "./outbound.ts";

export type RecordedRequest = {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
};

export type Handler = (
  request: RecordedRequest,
  res: http.ServerResponse,
  raw: http.IncomingMessage,
) => void | Promise<void>;

export type TestServer = {
  origin: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
};

export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      Promise.resolve(handler(recorded, res, req)).catch(() => {
        res.destroy();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A `startServer` for one test file: every server it starts is closed after each test. */
export function localServers(): (handler: Handler) => Promise<TestServer> {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return async (handler) => {
    const started = await startServer(handler);
    servers.push(started);
    return started;
  };
}

export function json(res: http.ServerResponse, status: number, body: unknown, headers = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** Allows exactly these local test servers through the outbound guard. */
export function policyFor(...servers: TestServer[]): OutboundPolicy {
  return parseAllowList(servers.map((s) => `127.0.0.1:${s.port}`).join(","));
}

/** A sleep that returns at once and records what it was asked to wait. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
  };
}

/** URL forms the outbound guard must refuse with no allow list (docs/SECURITY.md). */
export const FORBIDDEN_URLS = [
  "http://127.0.0.1/",
  "http://127.1/",
  "http://2130706433/",
  "http://0x7f000001/",
  "http://0177.0.0.1/",
  "http://0x7f.1/",
  "http://127.0.0.1./",
  "http://%31%32%37.0.0.1/",
  "http://[::1]/",
  "http://[::]/",
  "http://[::ffff:127.0.0.1]/",
  "http://[::ffff:7f00:1]/",
  "http://[0:0:0:0:0:ffff:169.254.169.254]/",
  "http://[::127.0.0.1]/",
  "http://[64:ff9b::a9fe:a9fe]/",
  "http://[64:ff9b:1::a00:1]/",
  "http://[2002:a9fe:a9fe::]/",
  "http://[2002:7f00:1::1]/",
  "http://[2001::1]/",
  "http://[2001:db8::1]/",
  "http://[fd00:ec2::254]/",
  "http://[fc00::1]/",
  "http://[fe80::1]/",
  "http://[fec0::1]/",
  "http://[ff02::1]/",
  "http://[100::1]/",
  "http://169.254.169.254/latest/meta-data/",
  "http://100.100.100.200/",
  "http://10.0.0.1/",
  "http://172.16.0.1/",
  "http://172.31.255.255/",
  "http://192.168.1.1/",
  "http://0.0.0.0/",
  "http://0/",
  "http://224.0.0.1/",
  "http://239.255.255.250/",
  "http://255.255.255.255/",
  "http://240.0.0.1/",
  "http://198.18.0.1/",
  "http://192.0.2.1/",
  "http://192.0.0.170/",
  "http://metadata.google.internal/computeMetadata/v1/",
  "http://metadata/",
  "http://instance-data/",
  "http://metadata.goog/",
  "http://localhost/",
  "http://localhost./",
  "http://LOCALHOST/",
  "http://a.localhost/",
  "http://printer.local/",
  "http://db.corp/",
  "http://kubernetes.default.svc/",
  "https://good.test@10.0.0.1/",
  "https://user:pass@example.com/",
  "file:///etc/passwd",
  "gopher://example.com/",
  "data:text/plain,hello",
  "ftp://example.com/",
  "ws://example.com/",
  "wss://example.com/",
  "javascript:alert(1)",
];

/** The README's example connector against `base`. */
export function specExample(base = "https://api.example.com"): ConnectorDefinition {
  return exampleDefinition({ origin: base });
}
