// What `npm run dev` prints about the console (scripts/lib/dev-console.ts): every printed sign-in
// works against the Auth stand-in holding dev's users, through supabase-js as the console signs
// in, and the console's URL with a sign-in are the last lines dev prints.
import { readFileSync } from "node:fs";
import { createClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthStandIn, startAuthStandIn } from "../scripts/lib/auth-standin.ts";
import {
  consoleClosingLines,
  consoleSignInLines,
  devStandInUsers,
} from "../scripts/lib/dev-console.ts";
import { freeLowPort } from "./harness/low-port.ts";

let standin: AuthStandIn;

beforeAll(async () => {
  standin = await startAuthStandIn({ port: await freeLowPort(), users: devStandInUsers() });
});

afterAll(async () => {
  await standin?.close();
});

async function signsIn(email: string, password: string): Promise<string | undefined> {
  const client = createClient(standin.url, "dev-anon-key", {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const { data, error } = await client.auth.signInWithPassword({ email, password });
  expect(error, `${email} / ${password}`).toBeNull();
  return data.user?.email;
}

describe("npm run dev's console lines", () => {
  it("end the output with the console's URL and sign-ins that work", async () => {
    const closing = consoleClosingLines("http://127.0.0.1:8787", true);
    const lines = closing.split("\n");
    expect(lines[0]).toBe(
      "Open http://127.0.0.1:8787/console/ and sign in as owner@demo.test / owner-dev-password",
    );
    expect(lines.at(-1)).toBe("Ctrl-C stops everything.");
    const pairs = [...closing.matchAll(/(\S+@demo\.test) \/ ([\w-]+)/g)];
    expect(pairs.map((pair) => pair[1])).toEqual([
      "owner@demo.test",
      "member@demo.test",
      "admin@demo.test",
    ]);
    for (const [, email = "", password = ""] of pairs) {
      expect(await signsIn(email, password)).toBe(email);
    }
    // dev.ts prints these last: nothing follows them in its banner.
    const dev = readFileSync("scripts/dev.ts", "utf8");
    expect(dev).toMatch(/\$\{consoleClosingLines\(API_URL, Boolean\(authStandIn\)\)\}`\);\n\}/);
  });

  it("lists every seeded user with a working password near the top", async () => {
    const block = consoleSignInLines(standin.url);
    expect(block).toContain(standin.url);
    const rows = [...block.matchAll(/^ {2}(\S+@demo\.test)\s+(\S+)\s+\((.+)\)$/gm)];
    expect(rows.map((row) => row[3])).toEqual([
      "workspace owner",
      "workspace member",
      "saas admin",
    ]);
    for (const [, email = "", password = ""] of rows) {
      expect(await signsIn(email, password)).toBe(email);
    }
  });

  it("with a real Supabase project, points at the project's users", () => {
    expect(consoleSignInLines(undefined)).toBe("");
    expect(consoleClosingLines("https://api.example.com", false)).toBe(
      "Open https://api.example.com/console/ and sign in as a user of your Supabase project.\nCtrl-C stops everything.",
    );
  });
});
