// A copy of the tree as `git clone` would give it (tracked and new, not ignored files: no dist/,
// .data/ or .wrangler/), with this checkout's node_modules linked in as `npm install` leaves them.
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ROOT } from "../../scripts/lib/paths.ts";

export interface Clone {
  dir: string;
  remove(): void;
}

export function freshClone(): Clone {
  const dir = mkdtempSync(join(tmpdir(), "connectors-clone-"));
  const listed = execFileSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    { cwd: ROOT },
  );
  for (const file of listed.toString("utf8").split("\0")) {
    const source = join(ROOT, file);
    if (!file || !existsSync(source) || !statSync(source).isFile()) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(source, join(dir, file));
  }
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  // As after `npm install`: the lockfile is not newer than the install (else the bootstrap would
  // reinstall, through the link, into this checkout's node_modules).
  const installed = statSync(join(ROOT, "node_modules/.package-lock.json")).mtime;
  const before = new Date(installed.getTime() - 1000);
  utimesSync(join(dir, "package-lock.json"), before, before);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
