// Resident memory of processes, read from /proc/<pid>/status (VmRSS), for `npm run soak`.
import { readdirSync, readFileSync } from "node:fs";

/** VmRSS of `pid` in KiB; 0 when the process is gone or the line is missing. */
export function rssKiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

interface Proc {
  pid: number;
  ppid: number;
  name: string;
}

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      out.push({
        pid: Number(entry),
        ppid: Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0),
        name: /^Name:\s+(.*)$/m.exec(status)?.[1] ?? "",
      });
    } catch {
      // exited while listed
    }
  }
  return out;
}

/** `root` and every process below it. */
export function descendants(root: number): Proc[] {
  const all = processes();
  const found = all.filter((p) => p.pid === root);
  for (let i = 0; i < found.length; i++) {
    const parent = found[i]?.pid;
    for (const p of all) if (p.ppid === parent) found.push(p);
  }
  return found;
}

/** Summed VmRSS (KiB) of `root` and its descendants whose name matches `name` (all if absent). */
export function treeRssKiB(root: number, name?: RegExp): number {
  return descendants(root)
    .filter((p) => !name || name.test(p.name))
    .reduce((sum, p) => sum + rssKiB(p.pid), 0);
}

/** Proportional set size of `pid` in KiB (shared pages divided among their sharers); 0 if gone. */
export function pssKiB(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    return Number(/^Pss:\s+(\d+)\s+kB/m.exec(rollup)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Summed PSS (KiB) of `root` and all its descendants. */
export function treePssKiB(root: number): number {
  return descendants(root).reduce((sum, p) => sum + pssKiB(p.pid), 0);
}

/** The postmaster's pid, from the first line of `<dataDir>/postmaster.pid`. */
export function postmasterPid(dataDir: string): number {
  return Number(readFileSync(`${dataDir}/postmaster.pid`, "utf8").split("\n")[0]);
}
