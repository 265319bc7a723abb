// Admission of request clients (worker/db/client.ts): at most REQUEST_CLIENTS_PER_ISOLATE of an
// isolate's request clients hold a database connection at once; the next one's first transaction
// waits, holding nothing, and runs as soon as one closes. Clients that are not request clients
// (runner lanes, streams, the sweeper) are never held back.
import { afterEach, describe, expect, inject, it } from "vitest";
import {
  admittedClients,
  type Database,
  openDatabase,
  REQUEST_CLIENTS_PER_ISOLATE,
} from "../worker/db/client.ts";

const opened: Database[] = [];
const open = (gated: boolean) => {
  const db = openDatabase(inject("apiLoginUrl"), { gated, max: 1 });
  opened.push(db);
  return db;
};
const one = (db: Database) => db.asService(async (tx) => (await tx`select 1 as one`)[0]?.one);

async function quiet(): Promise<void> {
  // Request clients of an earlier suite in this worker close in the background.
  const deadline = Date.now() + 15_000;
  while (admittedClients() > 0 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  expect(admittedClients()).toBe(0);
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close().catch(() => {})));
});

describe("request clients are admitted up to the isolate's limit", () => {
  it("the one past the limit waits for a close, then runs; closing hands every admission back", async () => {
    await quiet();
    const holders = Array.from({ length: REQUEST_CLIENTS_PER_ISOLATE }, () => open(true));
    expect(await Promise.all(holders.map(one))).toEqual(holders.map(() => 1));
    expect(admittedClients()).toBe(REQUEST_CLIENTS_PER_ISOLATE);

    let settled = false;
    const late = one(open(true)).finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);
    // Not a request client: never waits.
    expect(await one(open(false))).toBe(1);

    await holders[0]?.close();
    expect(await late).toBe(1);
    expect(admittedClients()).toBe(REQUEST_CLIENTS_PER_ISOLATE);

    await Promise.all(opened.splice(0).map((db) => db.close()));
    expect(admittedClients()).toBe(0);
  });

  it("waiters are admitted oldest first", async () => {
    await quiet();
    const holders = Array.from({ length: REQUEST_CLIENTS_PER_ISOLATE }, () => open(true));
    await Promise.all(holders.map(one));
    const order: string[] = [];
    const first = one(open(true)).then(() => order.push("first"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = one(open(true)).then(() => order.push("second"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await holders[0]?.close();
    await first;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(order).toEqual(["first"]);
    await holders[1]?.close();
    await second;
    expect(order).toEqual(["first", "second"]);
  });

  it("a client closed while it waits (its request ended) takes no admission with it", async () => {
    await quiet();
    const holders = Array.from({ length: REQUEST_CLIENTS_PER_ISOLATE }, () => open(true));
    await Promise.all(holders.map(one));
    const waiting = open(true);
    const gone = one(waiting).then(
      () => "ran",
      () => "refused",
    );
    await waiting.close();
    await Promise.all(holders.map((db) => db.close()));
    expect(await gone).toBe("refused");
    expect(admittedClients()).toBe(0);
  });
});
