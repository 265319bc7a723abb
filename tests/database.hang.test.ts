// A database path that goes silent (packets dropped, no RST, no FIN) — the chaos suite's `hang`
// scenario in small: connect_timeout bounds only the handshake, so a transaction on a connection
// opened before the hang is abandoned after the transaction timeout (worker/db/client.ts), and
// the API answers 503 `unavailable` instead of waiting for a network that may never come back.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DatabaseTimeout, isConnectionError, openDatabase } from "../worker/db/client.ts";
import { type HangProxy, startHangProxy } from "../scripts/lib/hang-proxy.ts";
import { envelope, testClient } from "./harness/app.ts";
import { createUser } from "./harness/fixtures.ts";

let proxy: HangProxy;

beforeAll(async () => {
  const url = new URL(inject("apiLoginUrl"));
  proxy = await startHangProxy({ host: url.hostname, port: Number(url.port) });
});

afterAll(async () => {
  proxy.resume();
  await proxy.close();
});

describe("a database path that hangs", () => {
  it("abandons a transaction on an open connection with a connection error, and recovers", async () => {
    const db = openDatabase(proxy.via(inject("apiLoginUrl")), { transactionTimeoutMs: 1_000 });
    await db.asService((tx) => tx`select 1`);
    proxy.hang();
    try {
      const failure = await db.asService((tx) => tx`select 1`).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(DatabaseTimeout);
      expect(isConnectionError(failure)).toBe(true);
      expect(proxy.hanging()).toBe(true);
    } finally {
      proxy.resume();
    }
    const fresh = openDatabase(proxy.via(inject("apiLoginUrl")));
    expect(await fresh.asService(async (tx) => (await tx`select 1 as one`)[0]?.one)).toBe(1);
    await fresh.close();
    await db.close().catch(() => {});
  });

  it("the API answers 503 unavailable with Retry-After while the path hangs", async () => {
    const user = await createUser("hang");
    const client = testClient({}, {}, proxy.via(inject("apiLoginUrl")));
    const before = await client.json("/v1/me", { token: user.token });
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    proxy.hang();
    try {
      const res = await client.json("/v1/me", { token: user.token });
      expect(res.status, JSON.stringify(res.body)).toBe(503);
      expect(res.body).toMatchObject(envelope("unavailable"));
      expect(res.headers.get("retry-after")).not.toBeNull();
      expect(proxy.hanging()).toBe(true);
    } finally {
      proxy.resume();
    }
    await client.settle();
  });
});
