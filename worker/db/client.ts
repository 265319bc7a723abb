import postgres from "postgres";
import { asService, pipelined, type Sql, type Tx } from "../../execution/sql.ts";
import { NotMember } from "./errors.ts";

export type { Sql, Tx };

/** Verified JWT claims, passed to Postgres exactly as PostgREST would. */
export type Claims = Record<string, unknown> & { sub: string; role?: string };

/**
 * The database as one request sees it. Every query runs in a short transaction under a role:
 * `authenticated` with the caller's claims (RLS decides), or `service_role` where a rule of
 * docs/ARCHITECTURE.md says so. The login role itself can read nothing, so a query outside these
 * fails.
 */
/**
 * Admission: at most this many request clients of one isolate hold a database connection at
 * once; the next request's first transaction waits (holding nothing) until one closes. An isolate
 * handed more work than it can drive otherwise opens a connection per request and advances each
 * a little at a time: transactions sit idle between statements for seconds, connections run out
 * and transactions time out (503s), and every retry adds to the pile. Queued, they run at the
 * speed the isolate has, one after another, and are answered late instead of refused.
 */
export const REQUEST_CLIENTS_PER_ISOLATE = 32;
/** A request that waits this long for admission is answered 503 (with Retry-After). */
export const ADMISSION_WAIT_MS = 60_000;
let admitted = 0;
let nextTicket = 0;
/** Tickets of the clients waiting for admission, oldest first: admitted in that order. */
const queue: number[] = [];

/** Clients of this isolate holding an admission now (tests). */
export function admittedClients(): number {
  return admitted;
}

async function admit(): Promise<void> {
  if (queue.length === 0 && admitted < REQUEST_CLIENTS_PER_ISOLATE) {
    admitted += 1;
    return;
  }
  const ticket = nextTicket++;
  queue.push(ticket);
  const deadline = Date.now() + ADMISSION_WAIT_MS;
  let wait = 1;
  try {
    // First come, first served: the oldest waiters take the free places. Each waiter polls on its
    // own timer: a promise resolved from another request's context would tie the two requests
    // together (workerd runs each request's continuations in its own context).
    for (;;) {
      if (queue.indexOf(ticket) < REQUEST_CLIENTS_PER_ISOLATE - admitted) break;
      if (Date.now() >= deadline) throw new DatabaseTimeout(ADMISSION_WAIT_MS);
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, 8);
    }
    admitted += 1;
  } finally {
    queue.splice(queue.indexOf(ticket), 1);
  }
}

export class Database {
  readonly sql: Sql;
  private readonly timeoutMs: number;
  private readonly gated: boolean;
  private admission: Promise<void> | null = null;
  private holding = false;
  private closed = false;
  private memberOf: string | null = null;
  private onProven: (() => Promise<void>) | null = null;
  private proven: Promise<unknown> | null = null;

  constructor(sql: Sql, timeoutMs = TRANSACTION_TIMEOUT_MS, gated = false) {
    this.sql = sql;
    this.timeoutMs = timeoutMs;
    this.gated = gated;
  }

  /** Waits for this client's admission (once), when it is a gated request client. */
  private enter(): Promise<void> {
    if (!this.gated) return Promise.resolve();
    this.admission ??= admit().then(() => {
      // Closed while it waited (the request ended): hand the admission straight back.
      if (this.closed) admitted -= 1;
      else this.holding = true;
    });
    return this.admission;
  }

  /**
   * A transaction that gets no answer within `timeoutMs` is abandoned: on a path that went silent
   * (no RST, no FIN) nothing else would ever end it, since connect_timeout covers only the
   * handshake. This client's connections are destroyed and the caller gets a DatabaseTimeout,
   * which the API answers as 503 `unavailable`.
   */
  private bounded<T>(work: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.sql.end({ timeout: 0 }).catch(() => {});
        reject(new DatabaseTimeout(this.timeoutMs));
      }, this.timeoutMs);
    });
    return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
  }

  /**
   * From now on every user transaction of this request also proves that the caller belongs to
   * `workspaceId` — in the same round trip as its first query — and throws NotMember otherwise.
   * Read routes use it instead of a transaction of their own for the membership check.
   */
  requireMembership(workspaceId: string): void {
    this.memberOf = workspaceId;
  }

  /**
   * Runs `fn` once, as soon as a membership check of requireMembership finds the caller a
   * member (the workspace's rate budget is charged there, never for an outsider), alongside the
   * rest of the transaction; `settleProven` waits for it and rethrows its failure.
   */
  whenProvenMember(fn: () => Promise<void>): void {
    this.onProven = fn;
  }

  /** Waits for the `onProven` callback, if a check started it, and rethrows its failure. */
  async settleProven(): Promise<void> {
    const failure = await this.proven;
    if (failure) throw failure;
  }

  private markProven(): void {
    if (this.proven || !this.onProven) return;
    // Settled to its failure (or null) so an early refusal is never an unhandled rejection.
    this.proven = this.onProven().then(
      () => null,
      (error: unknown) => error ?? new Error("membership callback failed"),
    );
  }

  /** Runs `fn` in one transaction as `authenticated` with `claims` in `request.jwt.claims`. */
  async asUser<T>(claims: Claims, fn: (tx: Tx) => Promise<T>): Promise<T> {
    await this.enter();
    const workspaceId = this.memberOf;
    const work = this.sql.begin(async (tx) => {
      pipelined(tx`select set_config('role', 'authenticated', true),
                      set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`);
      if (!workspaceId) return fn(tx);
      const membership = tx<{ member: boolean }[]>`
        select exists (
          select 1 from connectors.workspace_members
          where workspace_id = ${workspaceId} and user_id = (select auth.uid())
        ) as member`.then((rows) => {
        const member = rows[0]?.member === true;
        if (member) this.markProven();
        return member;
      });
      const [checked, result] = await Promise.allSettled([membership, fn(tx)]);
      // A non-member's reads found nothing (RLS); whatever `fn` made of that, the answer is 404.
      if (checked.status === "rejected") throw checked.reason;
      if (!checked.value) throw new NotMember();
      if (result.status === "rejected") throw result.reason;
      return result.value;
    }) as Promise<T>;
    return this.bounded(work);
  }

  /** Runs `fn` in one transaction as `service_role` (bypasses RLS): runner, sweeper, admin. */
  async asService<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    await this.enter();
    return this.bounded(asService(this.sql, fn, "pipelined"));
  }

  async ping(): Promise<boolean> {
    try {
      await this.enter();
      await this.bounded(this.sql`select 1`);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    try {
      await this.sql.end({ timeout: 5 });
    } finally {
      if (this.holding) {
        this.holding = false;
        admitted -= 1;
      }
    }
  }
}

/** How long one transaction may wait for the database before it is abandoned (503). */
export const TRANSACTION_TIMEOUT_MS = 15_000;

/** The database did not answer a transaction in time: treated like a connection failure. */
export class DatabaseTimeout extends Error {
  readonly code = "ETIMEDOUT";
  constructor(ms: number) {
    super(`the database did not answer within ${ms} ms`);
    this.name = "DatabaseTimeout";
  }
}

export interface OpenDbOptions {
  /** Connection attempts give up after this many seconds (the API then answers 503). */
  connectTimeoutSeconds?: number;
  /** A transaction without an answer after this long is abandoned (TRANSACTION_TIMEOUT_MS). */
  transactionTimeoutMs?: number;
  max?: number;
  /** An idle connection is closed after this many seconds (10 by default). */
  idleTimeoutSeconds?: number;
  /** A request's client: its first transaction waits for admission (REQUEST_CLIENTS_PER_ISOLATE). */
  gated?: boolean;
}

export function openDatabase(connectionString: string, options: OpenDbOptions = {}): Database {
  const sql = postgres(connectionString, {
    max: options.max ?? 5,
    connect_timeout: options.connectTimeoutSeconds ?? 5,
    idle_timeout: options.idleTimeoutSeconds ?? 10,
    // Hyperdrive pools on its side; a per-request client keeps no state between requests.
    prepare: true,
    onnotice: () => {},
  });
  return new Database(sql, options.transactionTimeoutMs, options.gated ?? false);
}

/** True for errors that mean "the database is not there", as opposed to a bad query. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") {
    if (
      [
        "ECONNREFUSED",
        "ECONNRESET",
        "ETIMEDOUT",
        "ENOTFOUND",
        "EPIPE",
        "CONNECT_TIMEOUT",
        "CONNECTION_CLOSED",
        "CONNECTION_ENDED",
        "CONNECTION_DESTROYED",
        "57P01",
        "57P02",
        "57P03",
        "53300",
        "08000",
        "08001",
        "08003",
        "08006",
      ].includes(code)
    ) {
      return true;
    }
  }
  // A server that answered with its own SQLSTATE is there; anything else is judged by message
  // (workerd's sockets and Hyperdrive raise plain Errors: "connection attempt failed", …).
  if (error.name === "PostgresError") return false;
  return CONNECTION_MESSAGE.test(error.message);
}

const CONNECTION_MESSAGE =
  /network connection lost|connection (attempt failed|refused|terminated|closed|reset|ended|timed? ?out)|socket (has been|was|is) closed|stream was cancelled|(cannot|could not|failed to|unable to) connect|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE/i;

/**
 * True for Postgres "data exception" errors (SQLSTATE class 22): a value from the request that
 * the database cannot store or compare — a NUL character, a number or date out of range.
 */
export function isDataException(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== "PostgresError") return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code);
}
