// B1's target, run as its own process so its work does not share the client's event loop:
// `GET /chain/<token>` answers a ~1 KB JSON page whose `next` names the following token.
// With an argument, e.g. `20`, it answers that many milliseconds late (a fast real API).
// Prints its port on stdout; exits when its parent closes stdin (or after 10 minutes).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { chainPage } from "./lib/chain-page.ts";

const delayMs = Number(process.argv[2] ?? "0") || 0;
let counter = 0;
const server = http.createServer((req, res) => {
  const match = /^\/chain\/([A-Za-z0-9_-]+)/.exec(req.url ?? "");
  req.resume();
  if (!match) {
    res.writeHead(404, { "content-type": "application/json" });
    res.end('{"error":"not found"}');
    return;
  }
  counter += 1;
  const body = chainPage(match[1] ?? "", `t${counter}`);
  const answer = () => {
    res.writeHead(200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
  };
  if (delayMs > 0) setTimeout(answer, delayMs);
  else answer();
});
server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
setTimeout(() => process.exit(0), 10 * 60_000).unref();
