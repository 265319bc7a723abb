// Every fixed port the project listens on, in one place. Linux hands out local ports for outgoing
// connections from 32768–60999 (the ephemeral range), so a server pinned there can find its port
// taken by some client's socket ("Address already in use"); the suites' own servers therefore sit
// below 32768. `npm run dev`'s ports are documented in README.md and stay as they are.
//
//   npm run dev       8787 API, 8788 demo target, 54321 Auth stand-in, 54322 PostgreSQL (contract)
//   vitest (api)      24329 test PostgreSQL (TEST_DB_PORT moves it)
//   vitest            24331 the database-outage test's own cluster, 24390 the dev-stack test
//   npm run bench     24350 PostgreSQL, 24351 wrangler dev, 24352 its devtools
//   npm run load      24360 PostgreSQL, 24361 wrangler dev
//   npm run soak      24364 PostgreSQL, 24365 wrangler dev, 24366 its devtools
//   npm run chaos     24370 PostgreSQL, 24373 wrangler dev
//   browser tests     24380 PostgreSQL, 24381 wrangler dev, 24382 Auth stand-in, 24383 demo target
// Counting targets, stand-ins and proxies listen on port 0 (the kernel picks a free one).
// SUITE_PORT_SHIFT=<n> moves the suites' fixed ports (not `npm run dev`'s) by n, so two checkouts
// can run their chaos, load or bench suites side by side on one machine.
import { createServer } from "node:net";

const shift = Number(process.env.SUITE_PORT_SHIFT ?? 0) || 0;

export const PORTS = {
  devApi: 8787,
  demoTarget: 8788,
  devAuth: 54321,
  devDatabase: 54322,
  testDatabase: 24329,
  outageTestDatabase: 24331 + shift,
  devStackTest: 24390 + shift,
  benchDatabase: 24350 + shift,
  benchApi: 24351 + shift,
  benchInspector: 24352 + shift,
  loadDatabase: 24360 + shift,
  loadWorker: 24361 + shift,
  soakDatabase: 24364 + shift,
  soakWorker: 24365 + shift,
  soakInspector: 24366 + shift,
  chaosDatabase: 24370 + shift,
  chaosWorker: 24373 + shift,
  browserDatabase: 24380 + shift,
  browserApi: 24381 + shift,
  browserAuth: 24382 + shift,
  browserTarget: 24383 + shift,
} as const;

/** Whether something on 127.0.0.1 already listens on `port` (a bind attempt, then released). */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(true));
    probe.listen({ port, host: "127.0.0.1", exclusive: true }, () => {
      probe.close(() => resolve(false));
    });
  });
}

/** Throws a readable error when a fixed port is taken, before a server fails on it half-way. */
export async function assertPortFree(port: number, what: string): Promise<void> {
  if (await portInUse(port)) {
    throw new Error(`Port ${port} (${what}) is taken by another program; stop it and retry.`);
  }
}
