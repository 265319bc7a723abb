import { beforeAll, describe, expect, it } from "vitest";
import { envelope, testClient } from "./harness/app.ts";
import { simpleDefinition } from "./harness/definitions.ts";
import { adminSql, createTeam, createUser } from "./harness/fixtures.ts";
import { insertTemplateRow, uniqueTag } from "./harness/templates.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let templateId: string;
const client = testClient();

beforeAll(async () => {
  team = await createTeam();
  templateId = await insertTemplateRow({ review: "pending", ownerWorkspaceId: team.workspaceId });
});

/** Every admin route, with a valid body and with garbage: authorization comes first. */
function adminCalls(id: string) {
  const valid = { slug: uniqueTag("nope"), name: "Nope", definition: simpleDefinition() };
  return [
    { path: "/v1/admin/templates", method: "POST", body: valid },
    { path: "/v1/admin/templates", method: "POST", body: { garbage: true } },
    { path: `/v1/admin/templates/${id}`, method: "PATCH", body: { isFeatured: true } },
    { path: `/v1/admin/templates/${id}`, method: "PATCH", body: "not json" },
    { path: `/v1/admin/templates/${id}`, method: "DELETE" },
    { path: `/v1/admin/templates/${id}/review`, method: "POST", body: { decision: "approved" } },
    { path: `/v1/admin/templates/${id}/review`, method: "POST", body: { decision: 7 } },
    { path: "/v1/admin/stats", method: "GET" },
    { path: "/v1/admin/workspaces", method: "GET" },
    { path: "/v1/admin/workspaces?limit=0", method: "GET" },
    { path: "/v1/admin/executions", method: "GET" },
    { path: "/v1/admin/executions?status=failed", method: "GET" },
    { path: "/v1/admin/executions?status=bogus", method: "GET" },
  ];
}

async function templateSnapshot() {
  return adminSql()`select * from connectors.connector_templates where id = ${templateId}`;
}

describe("saas admin routes", () => {
  it("a non-admin gets 403 on every admin route — owner, member, outsider alike — and nothing changes", async () => {
    const before = await templateSnapshot();
    const nobody = await createUser("nobody");
    for (const user of [team.owner, team.admin, team.member, team.outsider, nobody]) {
      for (const call of adminCalls(templateId)) {
        const res = await client.json(call.path, {
          method: call.method,
          token: user.token,
          body: call.body,
        });
        expect(res.status, `${call.method} ${call.path}: ${JSON.stringify(res.body)}`).toBe(403);
        expect(res.body).toMatchObject(envelope("forbidden"));
      }
    }
    expect(await templateSnapshot()).toEqual(before);
  });

  it("anonymous callers get 401 on every admin route", async () => {
    for (const call of adminCalls(templateId)) {
      const res = await client.json(call.path, { method: call.method, body: call.body });
      expect(res.status, `${call.method} ${call.path}`).toBe(401);
    }
  });

  it("a saas_admin_users row with another role does not make an admin", async () => {
    const user = await createUser("viewer");
    // The table's check allows only admin and super_admin: nothing else can be stored.
    await expect(
      adminSql()`insert into connectors.saas_admin_users (user_id, role) values (${user.id}, 'viewer')`,
    ).rejects.toMatchObject({ code: "23514" });
    const res = await client.json("/v1/admin/stats", { token: user.token });
    expect(res.status).toBe(403);
  });

  it("a revoked admin is refused at once", async () => {
    const user = await createUser("former");
    await adminSql()`insert into connectors.saas_admin_users (user_id) values (${user.id})`;
    expect((await client.json("/v1/admin/stats", { token: user.token })).status).toBe(200);
    await adminSql()`delete from connectors.saas_admin_users where user_id = ${user.id}`;
    expect((await client.json("/v1/admin/stats", { token: user.token })).status).toBe(403);
  });

  it("a non-admin cannot review through the public routes either: pending stays pending and hidden", async () => {
    const res = await client.json(`/v1/templates/${templateId}`, { token: team.outsider.token });
    expect(res.status).toBe(404);
    const [row] = await adminSql()<{ review: string }[]>`
      select review from connectors.connector_templates where id = ${templateId}`;
    expect(row?.review).toBe("pending");
  });
});
