// Saas-admin pages that read through public routes (the template list is everyone's) first ask
// an admin-only route, so anyone else sees the API's own 403 — message and request id — rather
// than a page of what they may see anyway.
import type { ReactNode } from "react";
import { ok } from "../../lib/api.ts";
import { useAuth } from "../../lib/auth.tsx";
import { useLoad } from "../../lib/use-load.ts";
import { Show } from "../../ui/state.tsx";

export function AdminGate({ children }: { children: ReactNode }) {
  const { api } = useAuth();
  const access = useLoad(
    () => ok(api.v1.admin.workspaces.$get({ query: { limit: "1" } })).then(() => true),
    [api],
  );
  return <Show state={access}>{() => children}</Show>;
}
