// Platform-wide reads for saas admins, as service_role on purpose (admin aggregates): every
// caller has passed the saas-admin check first (middleware).
import {
  type PlatformStats,
  platformStats,
  recentExecutions,
  workspaceUsage,
} from "../db/admin.ts";
import { keysetPage } from "../lib/pagination.ts";
import type { Scope } from "./scope.ts";

export function readPlatformStats(scope: Scope): Promise<PlatformStats> {
  return scope.db.asService((tx) => platformStats(tx));
}

export async function listWorkspaceUsage(scope: Scope, args: Parameters<typeof workspaceUsage>[1]) {
  return keysetPage(await scope.db.asService((tx) => workspaceUsage(tx, args)), args.limit);
}

export async function listRecentExecutions(
  scope: Scope,
  args: Parameters<typeof recentExecutions>[1],
) {
  return keysetPage(await scope.db.asService((tx) => recentExecutions(tx, args)), args.limit);
}
