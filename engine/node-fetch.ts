// Node only (the Trigger.dev task): a fetch-compatible function that resolves the host itself,
// checks EVERY resolved address with the outbound guard, and connects only to checked addresses
// (the connection's lookup answers with them), so DNS rebinding cannot swap the target between
// check and connect. IP literals are checked before anything. It never follows redirects: the
// engine's `send` follows them manually and re-checks each hop. Nothing else in engine/ imports
// this file, so the rest of the engine stays runtime-neutral.
import { lookup as dnsLookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { Readable } from "node:stream";
import zlib from "node:zlib";
import { StepError } from "./errors.ts";
import { isIpLiteral } from "./ip.ts";
import {
  checkAddress,
  checkUrl,
  effectivePort,
  isAllowListed,
  type OutboundPolicy,
} from "./outbound.ts";
import type { FetchInit, FetchLike } from "./send.ts";

export type ResolvedAddress = { address: string; family: 4 | 6 };
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export type NodeFetchOptions = {
  policy: OutboundPolicy;
  /** Name resolution; defaults to the system resolver (all addresses). Tests inject their own. */
  resolve?: Resolver;
};

export const systemResolver: Resolver = async (hostname) => {
  const results = await dnsLookup(hostname, { all: true, verbatim: true });
  return results.map((r) => ({ address: r.address, family: r.family === 6 ? 6 : 4 }));
};

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

function networkError(message: string, cause?: unknown): TypeError {
  return new TypeError(message, { cause });
}

const DECODABLE = new Set(["gzip", "x-gzip", "deflate", "br"]);

function contentEncoding(message: http.IncomingMessage): string {
  return (message.headers["content-encoding"] ?? "").toLowerCase().trim();
}

function decoded(stream: http.IncomingMessage): Readable {
  const encoding = contentEncoding(stream);
  if (encoding === "gzip" || encoding === "x-gzip") return stream.pipe(zlib.createGunzip());
  if (encoding === "deflate") return stream.pipe(zlib.createInflate());
  if (encoding === "br") return stream.pipe(zlib.createBrotliDecompress());
  return stream;
}

function webStream(source: Readable, onCancel: () => void): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      source.on("data", (chunk: Buffer) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) source.pause();
      });
      source.on("end", () => controller.close());
      source.on("error", (error) => controller.error(networkError("response body failed", error)));
    },
    pull() {
      source.resume();
    },
    cancel() {
      source.destroy();
      onCancel();
    },
  });
}

async function resolveChecked(url: URL, options: NodeFetchOptions): Promise<ResolvedAddress[]> {
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  const port = effectivePort(url);
  if (isIpLiteral(hostname)) {
    // checkUrl already judged the literal; nothing to resolve.
    return [{ address: hostname, family: hostname.includes(":") ? 6 : 4 }];
  }
  let addresses: ResolvedAddress[];
  try {
    addresses = await (options.resolve ?? systemResolver)(hostname);
  } catch (error) {
    throw networkError(`could not resolve ${hostname}`, error);
  }
  if (addresses.length === 0) throw networkError(`could not resolve ${hostname}`);
  if (!isAllowListed(options.policy, url)) {
    for (const { address } of addresses) {
      const check = checkAddress(address, options.policy, port);
      if (!check.ok) {
        throw new StepError(
          "blocked",
          `outbound guard refused ${hostname}: it resolves to ${check.reason}`,
        );
      }
    }
  }
  return addresses;
}

/** A fetch for Node that connects only to guard-checked addresses. */
export function createNodeFetch(options: NodeFetchOptions): FetchLike {
  return async (input: string, init: FetchInit): Promise<Response> => {
    const url = new URL(input);
    const guard = checkUrl(url, options.policy);
    if (!guard.ok)
      throw new StepError("blocked", `outbound guard refused the request: ${guard.reason}`);
    if (init.signal.aborted) throw init.signal.reason;
    const addresses = await resolveChecked(url, options);
    if (init.signal.aborted) throw init.signal.reason;

    const lookup: LookupFunction = (_hostname, lookupOptions, callback) => {
      const wanted =
        lookupOptions.family === 4 || lookupOptions.family === 6 ? lookupOptions.family : 0;
      const usable = addresses.filter((a) => wanted === 0 || a.family === wanted);
      if (usable.length === 0) {
        callback(Object.assign(new Error("no checked address"), { code: "ENOTFOUND" }), "", 4);
      } else if (lookupOptions.all) {
        callback(null, usable);
      } else {
        const first = usable[0] as ResolvedAddress;
        callback(null, first.address, first.family);
      }
    };

    const headers: Record<string, string> = {};
    for (const [name, value] of init.headers) headers[name] = value;
    if (!("accept-encoding" in headers)) headers["accept-encoding"] = "gzip, deflate, br";
    const body = init.body ?? null;
    if (body !== null) headers["content-length"] = String(Buffer.byteLength(body));

    const transport = url.protocol === "https:" ? https : http;
    return new Promise<Response>((resolve, reject) => {
      const request = transport.request(
        url,
        { method: init.method, headers, lookup, agent: false, signal: init.signal },
        (incoming) => {
          const status = incoming.statusCode ?? 0;
          const responseHeaders = new Headers();
          for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2) {
            const name = incoming.rawHeaders[i] as string;
            const lower = name.toLowerCase();
            const decodes = DECODABLE.has(contentEncoding(incoming));
            if (decodes && (lower === "content-encoding" || lower === "content-length")) continue;
            responseHeaders.append(name, incoming.rawHeaders[i + 1] as string);
          }
          if (status < 200 || status > 599) {
            incoming.destroy();
            reject(networkError(`invalid HTTP status ${status}`));
            return;
          }
          const nullBody = NULL_BODY_STATUSES.has(status) || init.method === "HEAD";
          if (nullBody) incoming.resume();
          const stream = nullBody ? null : webStream(decoded(incoming), () => request.destroy());
          init.signal.addEventListener("abort", () => incoming.destroy(init.signal.reason), {
            once: true,
          });
          resolve(
            new Response(stream, {
              status,
              statusText: incoming.statusMessage ?? "",
              headers: responseHeaders,
            }),
          );
        },
      );
      request.on("error", (error) => {
        if (init.signal.aborted) reject(init.signal.reason);
        else reject(networkError("fetch failed", error));
      });
      if (body !== null) request.end(body);
      else request.end();
    });
  };
}
