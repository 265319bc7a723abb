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
  /** Set by the workspace middleware once membership is proven. */
  workspace: { id: string; role: WorkspaceRole };
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}
