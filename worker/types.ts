import type { Database } from "./db/client.ts";
import type { Bindings, Config } from "./env.ts";
import type { Verified } from "./lib/jwt.ts";
import type { RateLimitStore } from "./lib/rate-window.ts";

export type WorkspaceRole = "owner" | "admin" | "member";

export interface Variables {
  requestId: string;
  config: Config;
  db: Database;
  auth: Verified;
  rateLimits: RateLimitStore;
  /**
   * Set by the workspace middleware. `role` is null on reads, whose membership is proven inside
   * their own transaction (Database.requireMembership) instead of up front.
   */
  workspace: { id: string; role: WorkspaceRole | null };
  /** Set by the docs page's security headers: the nonce its CSP admits inline code by. */
  secureHeadersNonce?: string;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}
