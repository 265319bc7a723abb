import { beforeAll, describe, expect, it } from "vitest";
import type { CredentialMeta } from "../worker/db/credentials.ts";
import { envelope, testClient } from "./harness/app.ts";
import { adminSql, createTeam } from "./harness/fixtures.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
type Problem = { path: string; message: string };
type Failure = { error: { code: string; details?: Problem[] } };
let team: Team;
const client = testClient();
const SECRET = "sk_live_error_cases_0123456789";
const url = (name: string) => `/v1/workspaces/${team.workspaceId}/credentials/${name}`;

beforeAll(async () => {
  team = await createTeam();
});

const put = (name: string, body: unknown, token = team.owner.token) =>
  client.json<CredentialMeta & Failure>(url(name), { method: "PUT", token, body });

async function storedRow(name: string) {
  const [row] = await adminSql()<
    { ciphertext: string; allowed_hosts: string[]; placements: string[]; query_param: string }[]
  >`
    select ciphertext, allowed_hosts, placements, query_param
    from connectors.workspace_api_credentials
    where workspace_id = ${team.workspaceId} and name = ${name}`;
  return row;
}

describe("changing what the ciphertext is bound to needs the value", () => {
  it("a 400 naming value for new hosts, placements or queryParam without it; nothing changes", async () => {
    const stored = await put("bound_token", {
      value: SECRET,
      allowedHosts: ["api.vendor.example"],
      placements: ["header"],
    });
    expect(stored.status).toBe(201);
    const before = await storedRow("bound_token");
    for (const change of [
      { allowedHosts: ["api.vendor.example", "attacker.example"] },
      { allowedHosts: ["attacker.example"] },
      { allowedHosts: ["api.vendor.example"], placements: ["header", "query"] },
      { allowedHosts: ["api.vendor.example"], placements: ["body"] },
      { allowedHosts: ["api.vendor.example"], queryParam: "email" },
    ]) {
      const res = await put("bound_token", change, team.admin.token);
      expect(res.status, JSON.stringify(change)).toBe(400);
      expect(res.body).toMatchObject(envelope("invalid_request"));
      expect(res.body.error.details).toEqual([
        { path: "value", message: expect.stringMatching(/needs the value again/) },
      ]);
    }
    expect(await storedRow("bound_token")).toEqual(before);
    const audits = await adminSql()<{ n: number }[]>`
      select count(*)::int as n from connectors.audit_log
      where workspace_id = ${team.workspaceId} and target_id = 'bound_token'`;
    expect(audits[0]?.n).toBe(1);
  });

  it("a new credential without a value is a 400 naming value", async () => {
    const res = await put("never_stored", { allowedHosts: ["api.vendor.example"] });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { path: "value", message: expect.stringMatching(/needs its value/) },
    ]);
    expect(await storedRow("never_stored")).toBeUndefined();
  });

  it("refuses unknown, repeated or empty placements and unsafe query parameter names", async () => {
    for (const body of [
      { placements: [] },
      { placements: ["header", "header"] },
      { placements: ["cookie"] },
      { placements: "header" },
      { queryParam: "" },
      { queryParam: "api key" },
      { queryParam: "a&b=c" },
      { queryParam: "k".repeat(65) },
      { queryParam: 5 },
    ]) {
      const res = await put("shape_token", {
        value: SECRET,
        allowedHosts: ["api.vendor.example"],
        ...body,
      });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toMatchObject(envelope("invalid_request"));
      expect(JSON.stringify(res.body)).not.toContain(SECRET);
    }
    expect(await storedRow("shape_token")).toBeUndefined();
  });

  it("a member cannot change placements, with or without the value", async () => {
    await put("owned_token", { value: SECRET, allowedHosts: ["api.vendor.example"] });
    const res = await put(
      "owned_token",
      { value: SECRET, allowedHosts: ["api.vendor.example"], placements: ["body"] },
      team.member.token,
    );
    expect(res.status).toBe(403);
    expect((await storedRow("owned_token"))?.placements).toEqual(["header"]);
  });
});
