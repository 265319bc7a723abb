import type { Tx } from "./client.ts";

/** True when the caller is a saas admin (`admin` or `super_admin`), asked under their claims. */
export async function isSaasAdmin(tx: Tx): Promise<boolean> {
  const [row] = await tx<{ admin: boolean }[]>`select connectors.is_saas_admin() as admin`;
  return row?.admin === true;
}
