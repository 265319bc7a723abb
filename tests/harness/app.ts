// Drives the real Hono app in Node (app.request) against the real test database.
import { expect, inject } from "vitest";
import { type AppOptions, createApp } from "../../worker/app.ts";
import type { Bindings } from "../../worker/env.ts";
import {
  DEV_CREDENTIALS_KEYS,
  JWT_SECRET,
  SUPABASE_URL,
} from "../../scripts/lib/local-defaults.ts";

type VarOverrides = Partial<
  Record<Exclude<keyof Bindings, "HYPERDRIVE" | "RATE_LIMITER" | "ASSETS">, string>
>;

/** The worker's bindings for tests; `connectionString` points Hyperdrive at another cluster. */
export function testEnv(overrides: VarOverrides = {}, connectionString?: string): Bindings {
  return {
    HYPERDRIVE: { connectionString: connectionString ?? inject("apiLoginUrl") } as Hyperdrive,
    ENVIRONMENT: "test",
    SUPABASE_URL,
    SUPABASE_JWT_SECRET: JWT_SECRET,
    CORS_ORIGINS: "http://dashboard.test",
    OUTBOUND_ALLOW_HOSTS: "",
    CREDENTIALS_KEYS: DEV_CREDENTIALS_KEYS,
    RUNNER: "inline",
    // Suites share one database and each has its own Trigger.dev stand-in: a sweep reconciles
    // only rows its suite dated back, by passing its own `reconcileGraceSeconds`.
    RECONCILE_GRACE_SECONDS: "86400",
    ...overrides,
  };
}

export interface TestClient {
  request(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  json<T = unknown>(
    path: string,
    init?: Omit<RequestInit, "body"> & { token?: string; body?: unknown },
  ): Promise<{ status: number; body: T; headers: Headers }>;
  /** Resolves when every `waitUntil` promise of earlier requests has settled. */
  settle(): Promise<void>;
}

export function testClient(
  overrides: VarOverrides = {},
  options: AppOptions = {},
  connectionString?: string,
): TestClient {
  const app = createApp(options);
  const env = testEnv(overrides, connectionString);
  const pending: Promise<unknown>[] = [];
  const ctx = {
    waitUntil: (promise: Promise<unknown>) => {
      pending.push(promise.catch(() => {}));
    },
    passThroughOnException: () => {},
    props: {},
  } as unknown as ExecutionContext;

  async function request(path: string, init: RequestInit & { token?: string } = {}) {
    const { token, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (token) headers.set("authorization", `Bearer ${token}`);
    return app.request(path, { ...rest, headers }, env, ctx);
  }

  return {
    request,
    async json<T>(
      path: string,
      init: Omit<RequestInit, "body"> & { token?: string; body?: unknown } = {},
    ) {
      const { body, ...rest } = init;
      const headers = new Headers(rest.headers);
      let payload: BodyInit | undefined;
      if (body !== undefined) {
        if (typeof body === "string") payload = body;
        else {
          payload = JSON.stringify(body);
          headers.set("content-type", "application/json");
        }
      }
      const res = await request(path, { ...rest, headers, body: payload });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: keep the text so assertions can print it
      }
      return { status: res.status, body: parsed as T, headers: res.headers };
    },
    async settle() {
      while (pending.length) await Promise.all(pending.splice(0));
    },
  };
}

/** The API's error envelope, for `expect(body).toMatchObject(envelope("not_found"))`. */
export function envelope(code: string) {
  return {
    error: { code, message: expectString(), requestId: expectString() },
  };
}

function expectString() {
  return expect.any(String) as unknown as string;
}
