import type { Claims, Database } from "./client.ts";

/** True when the caller is a saas admin (`admin` or `super_admin`), asked under their claims. */
export async function isSaasAdmin(db: Database, claims: Claims): Promise<boolean> {
  const [row] = await db.asUser(
    claims,
    (tx) => tx<{ admin: boolean }[]>`select connectors.is_saas_admin() as admin`,
  );
  return row?.admin === true;
}
