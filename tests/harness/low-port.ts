// A free port below 32768 for a test's own server: Linux hands out outgoing connections' local
// ports from 32768–60999, so a server there can lose its port to a client (scripts/lib/ports.ts).
import { portInUse } from "../../scripts/lib/ports.ts";

export async function freeLowPort(): Promise<number> {
  const shift = Number(process.env.SUITE_PORT_SHIFT ?? 0) || 0;
  // A random start keeps two suites of one run from probing the same port at once.
  const start = 23000 + (shift % 900) + Math.floor(Math.random() * 50);
  for (let port = start; port < 24000; port += 1) {
    if (!(await portInUse(port))) return port;
  }
  throw new Error("no free port in 23000–23999");
}
