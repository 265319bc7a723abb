import type { Tx } from "../db/client.ts";
import { keysetPage } from "../lib/pagination.ts";
import type { Variables } from "../types.ts";

/** What a service needs of a request: its database, the caller, the config (`c.var` is one). */
export type Scope = Pick<Variables, "db" | "auth" | "config" | "requestId">;

/** A request under /v1/workspaces/:ws, past the membership check. */
export type WorkspaceScope = Scope & Pick<Variables, "workspace">;

/** One transaction as the caller (`authenticated` with their claims): RLS decides. */
export function asCaller<T>(scope: Scope, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return scope.db.asUser(scope.auth.claims, fn);
}

/** A page of one of the workspace's lists (newest first, keyed by created_at and id). */
export async function workspacePage<
  A extends { limit: number },
  R extends { cursorAt: string; id: string },
>(
  scope: WorkspaceScope,
  list: (tx: Tx, args: A & { workspaceId: string }) => Promise<R[]>,
  args: A,
) {
  const workspaceId = scope.workspace.id;
  const rows = await asCaller(scope, (tx) => list(tx, { ...args, workspaceId }));
  return keysetPage(rows, args.limit);
}
