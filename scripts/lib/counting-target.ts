// A local vendor stand-in for the load and chaos scripts: `POST /hit/<execution id>` with the
// expected bearer token answers 200 and counts the call, so "none runs twice" is a count at the
// vendor. The burst connector names its workspace and step in headers (`x-workspace`, `x-step`):
// the target counts calls per execution and step, keeps every call's open/close times (which calls
// were in flight when a process was killed) and the peak of concurrently open calls per workspace.
// Loopback only; an optional delay makes runs overlap, and a hold keeps each workspace's calls
// open until `n` are open at once (or a bound passes), so a limit of `n` is reached exactly.
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { OAuthProvider } from "./oauth-provider.ts";

export interface TargetCall {
  executionId: string;
  stepId: string;
  workspaceId: string;
  openedAt: number;
  /** When the answer was sent or the connection dropped; undefined while open. */
  closedAt?: number;
}

export interface CountingTarget {
  host: string;
  /** Calls per execution id (all steps). */
  hits: Map<string, number>;
  /** Every accepted call, in arrival order. */
  calls: TargetCall[];
  /** Calls per `<execution id>/<step id>`. */
  perStep(): Map<string, number>;
  /** `<execution id>/<step id>` of the calls open at `at` (received, not yet answered). */
  openAt(at: number): Set<string>;
  /** The most calls open at once, per workspace, since the last `clear()`. */
  peakOpen(): Map<string, number>;
  /** Forgets every call, count and peak. */
  clear(): void;
  /** Requests that did not match `POST /hit/<id>` with the right token. */
  refused(): number;
  setDelay(ms: number): void;
  /** Holds answers until `open` calls of the workspace are open at once, or `maxMs` passes. */
  setHold(hold: { open: number; maxMs: number } | undefined): void;
  /** Requests refused for an access token the provider had not issued or that had expired. */
  refusedOAuth(): number;
  close(): Promise<void>;
}

export interface CountingTargetOptions {
  /** Also plays this OAuth 2.0 provider under `/oauth/*`, and accepts its live access tokens. */
  oauth?: OAuthProvider;
}

export const stepKey = (executionId: string, stepId: string) => `${executionId}/${stepId}`;

export async function startCountingTarget(
  token: string,
  options: CountingTargetOptions = {},
): Promise<CountingTarget> {
  const { oauth } = options;
  let refusedOAuth = 0;
  const hits = new Map<string, number>();
  const calls: TargetCall[] = [];
  const open = new Map<string, number>();
  const peak = new Map<string, number>();
  let refused = 0;
  let delayMs = 0;
  let hold: { open: number; maxMs: number } | undefined;
  const waiting = new Map<string, (() => void)[]>();
  const held = (workspaceId: string, openNow: number) =>
    new Promise<void>((resolve) => {
      if (!hold) return resolve();
      const list = waiting.get(workspaceId) ?? [];
      waiting.set(workspaceId, list);
      list.push(resolve);
      setTimeout(resolve, hold.maxMs);
      if (openNow >= hold.open) {
        waiting.delete(workspaceId);
        for (const release of list) release();
      }
    });
  const authorized = (header: string | undefined) => {
    if (header === `Bearer ${token}`) return true;
    const bearer = /^Bearer (.+)$/.exec(header ?? "")?.[1];
    if (!oauth || !bearer) return false;
    if (oauth.validAccessToken(bearer)) return true;
    refusedOAuth += 1;
    return false;
  };
  const server: Server = createServer(async (req, res) => {
    if (oauth && (await oauth.handle(req, res, new URL(req.url ?? "/", "http://target")))) return;
    const match = /^\/hit\/([0-9a-f-]{36})$/.exec(req.url ?? "");
    req.resume();
    req.on("end", async () => {
      if (req.method !== "POST" || !match || !authorized(req.headers.authorization)) {
        refused += 1;
        res.writeHead(401, { "content-type": "application/json" });
        res.end('{"error":"refused"}');
        return;
      }
      const id = match[1] ?? "";
      const workspaceId = String(req.headers["x-workspace"] ?? "");
      const call: TargetCall = {
        executionId: id,
        stepId: String(req.headers["x-step"] ?? ""),
        workspaceId,
        openedAt: Date.now(),
      };
      calls.push(call);
      hits.set(id, (hits.get(id) ?? 0) + 1);
      const now = (open.get(workspaceId) ?? 0) + 1;
      open.set(workspaceId, now);
      peak.set(workspaceId, Math.max(peak.get(workspaceId) ?? 0, now));
      const closed = () => {
        if (call.closedAt !== undefined) return;
        call.closedAt = Date.now();
        open.set(workspaceId, (open.get(workspaceId) ?? 1) - 1);
      };
      res.once("finish", closed);
      res.once("close", closed);
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      await held(workspaceId, open.get(workspaceId) ?? 0);
      if (res.destroyed) return closed();
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id, n: hits.get(id) }));
    });
  });
  // Longer than workerd's 5 s client idle timeout: the client closes an idle socket first, so a
  // request is never written into one the server is closing ("Network connection lost").
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    hits,
    calls,
    perStep: () => {
      const counts = new Map<string, number>();
      for (const c of calls) {
        const key = stepKey(c.executionId, c.stepId);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return counts;
    },
    openAt: (at) =>
      new Set(
        calls
          .filter((c) => c.openedAt <= at && (c.closedAt === undefined || c.closedAt >= at))
          .map((c) => stepKey(c.executionId, c.stepId)),
      ),
    peakOpen: () => new Map(peak),
    clear: () => {
      hits.clear();
      calls.length = 0;
      peak.clear();
    },
    refused: () => refused,
    refusedOAuth: () => refusedOAuth,
    setDelay: (ms) => {
      delayMs = ms;
    },
    setHold: (next) => {
      hold = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
