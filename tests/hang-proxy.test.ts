// The chaos suite's silent proxy (scripts/lib/hang-proxy.ts): it forwards, goes silent in both
// directions without closing anything, and delivers what it held, in order, on resume.
import { connect, createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HangProxy, startHangProxy } from "../scripts/lib/hang-proxy.ts";

let echo: Server;
let proxy: HangProxy;
/** Bytes the upstream received, over all connections. */
let received = "";
/** Upstream connections still open. */
let upstreamOpen = 0;

beforeAll(async () => {
  echo = createServer((socket) => {
    upstreamOpen += 1;
    socket.on("data", (chunk) => {
      received += String(chunk);
      socket.write(chunk);
    });
    socket.on("close", () => {
      upstreamOpen -= 1;
    });
  });
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
  proxy = await startHangProxy({ host: "127.0.0.1", port: (echo.address() as AddressInfo).port });
});

afterAll(async () => {
  await proxy.close();
  echo.close();
});

/** A client of the proxy that records what it got back and whether it saw an end or error. */
async function client() {
  const socket: Socket = connect(proxy.port, "127.0.0.1");
  const state = { got: "", ended: false, failed: false, socket };
  socket.on("data", (chunk) => {
    state.got += String(chunk);
  });
  socket.on("end", () => {
    state.ended = true;
  });
  socket.on("error", () => {
    state.failed = true;
  });
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  return state;
}

async function until(check: () => boolean) {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("hang proxy", () => {
  it("forwards, holds everything while hanging without closing, and delivers it on resume", async () => {
    received = "";
    const open = await client();
    open.socket.write("a");
    await until(() => open.got === "a");

    proxy.hang();
    open.socket.write("b");
    // A new connection is accepted while hanging, but nothing reaches the upstream.
    const late = await client();
    late.socket.write("c");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received).toBe("a");
    expect(open.got).toBe("a");
    expect([open.ended, open.failed, late.ended, late.failed]).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(proxy.open()).toBe(2);

    proxy.resume();
    await until(() => open.got === "ab" && late.got === "c");
    expect(received.split("").sort().join("")).toBe("abc");
    open.socket.destroy();
    late.socket.destroy();
  });

  it("does not pass a client's close on while hanging, only after resume", async () => {
    await until(() => upstreamOpen === 0 && proxy.open() === 0);
    const open = await client();
    open.socket.write("x");
    await until(() => open.got === "x");
    proxy.hang();
    open.socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(upstreamOpen).toBe(1);
    proxy.resume();
    await until(() => upstreamOpen === 0 && proxy.open() === 0);
  });
});
