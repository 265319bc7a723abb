// docs/ARCHITECTURE.md "Marketplace counts cannot be bought": installs count once per workspace
// other than the template's own, ratings need an approved template the rater's workspace installed
// and did not publish, admin aggregates never count private templates, and private slugs are scoped
// to their workspace.
import { beforeAll, describe, expect, it } from "vitest";
import type { Connector } from "../worker/db/connectors.ts";
import type { PlatformStats } from "../worker/db/admin.ts";
import type { Template } from "../worker/services/templates.ts";
import { envelope, testClient } from "./harness/app.ts";
import { simpleDefinition } from "./harness/definitions.ts";
import {
  addMember,
  createTeam,
  createUser,
  insertCredentialRow,
  makeSaasAdmin,
} from "./harness/fixtures.ts";
import { insertTemplateRow, recordInstall, templateRow, uniqueTag } from "./harness/templates.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
const client = testClient({ OUTBOUND_ALLOW_HOSTS: "127.0.0.1:8788" });
let publisher: Team;
let installer: Team;

beforeAll(async () => {
  [publisher, installer] = await Promise.all([createTeam(), createTeam()]);
  await Promise.all(
    [publisher.workspaceId, installer.workspaceId, installer.otherWorkspaceId].map((ws) =>
      insertCredentialRow(ws, "example_token", ["127.0.0.1:8788"]),
    ),
  );
});

const install = (workspaceId: string, templateId: string, token: string) =>
  client.json<Connector>(`/v1/workspaces/${workspaceId}/templates/${templateId}/install`, {
    method: "POST",
    token,
  });

const rate = (templateId: string, token: string, rating = 5) =>
  client.json(`/v1/templates/${templateId}/rating`, { method: "PUT", token, body: { rating } });

describe("install_count", () => {
  it("installing and deleting again and again counts one workspace once", async () => {
    const id = await insertTemplateRow({ ownerWorkspaceId: publisher.workspaceId });
    for (let i = 0; i < 10; i++) {
      const res = await install(installer.workspaceId, id, installer.member.token);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const gone = await client.request(
        `/v1/workspaces/${installer.workspaceId}/connectors/${res.body.id}`,
        { method: "DELETE", token: installer.owner.token },
      );
      expect(gone.status).toBe(204);
    }
    expect((await templateRow(id)).install_count).toBe(1);
  });

  it("the template's own workspace never counts; each other workspace counts once", async () => {
    const id = await insertTemplateRow({ ownerWorkspaceId: publisher.workspaceId });
    for (const [ws, token] of [
      [publisher.workspaceId, publisher.owner.token],
      [publisher.workspaceId, publisher.member.token],
      [installer.workspaceId, installer.member.token],
      [installer.workspaceId, installer.admin.token],
      [installer.otherWorkspaceId, installer.outsider.token],
    ] as const) {
      const res = await install(ws, id, token);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    expect((await templateRow(id)).install_count).toBe(2);
    const read = await client.json<Template>(`/v1/templates/${id}`, {
      token: installer.member.token,
    });
    expect(read.body.installCount).toBe(2);
  });
});

describe("ratings", () => {
  it("a publisher cannot rate its own template, pending or approved: 403 forbidden", async () => {
    const ws = `/v1/workspaces/${publisher.workspaceId}`;
    const connector = await client.json<Connector>(`${ws}/connectors`, {
      method: "POST",
      token: publisher.owner.token,
      body: { name: "Mine", definition: simpleDefinition() },
    });
    const published = await client.json<Template>(`${ws}/templates`, {
      method: "POST",
      token: publisher.owner.token,
      body: { connectorId: connector.body.id, slug: uniqueTag("mine"), visibility: "public" },
    });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    expect(published.body.review).toBe("pending");
    const pending = await rate(published.body.id, publisher.owner.token);
    expect(pending.status, JSON.stringify(pending.body)).toBe(403);
    expect(pending.body).toMatchObject(envelope("forbidden"));

    const approved = await insertTemplateRow({ ownerWorkspaceId: publisher.workspaceId });
    expect((await install(publisher.workspaceId, approved, publisher.member.token)).status).toBe(
      201,
    );
    for (const token of [publisher.owner.token, publisher.member.token]) {
      const res = await rate(approved, token);
      expect(res.status, JSON.stringify(res.body)).toBe(403);
      expect(res.body).toMatchObject(envelope("forbidden"));
    }
    // Not through a second workspace either.
    const both = await createUser("both");
    await addMember(publisher.workspaceId, both.id, "member");
    await addMember(installer.otherWorkspaceId, both.id, "member");
    const viaOther = await install(installer.otherWorkspaceId, approved, installer.outsider.token);
    expect(viaOther.status, JSON.stringify(viaOther.body)).toBe(201);
    const twice = await rate(approved, both.token);
    expect(twice.status, JSON.stringify(twice.body)).toBe(403);
    expect(await templateRow(approved)).toMatchObject({ rating_count: 0 });
  });

  it("a template the rater's workspaces never installed, or one not approved, is 403", async () => {
    const never = await insertTemplateRow({ isOfficial: true });
    const res = await rate(never, installer.member.token);
    expect(res.status, JSON.stringify(res.body)).toBe(403);
    expect(res.body).toMatchObject(envelope("forbidden"));

    const rejected = await insertTemplateRow({
      ownerWorkspaceId: publisher.workspaceId,
      review: "rejected",
    });
    await recordInstall(rejected, installer.workspaceId);
    const refused = await rate(rejected, installer.member.token);
    expect([403, 404]).toContain(refused.status);
    expect(await templateRow(rejected)).toMatchObject({ rating_count: 0 });
  });

  it("after installing, a member of another workspace rates it (201)", async () => {
    const id = await insertTemplateRow({ ownerWorkspaceId: publisher.workspaceId });
    const before = await rate(id, installer.member.token, 4);
    expect(before.status).toBe(403);
    const installed = await install(installer.workspaceId, id, installer.admin.token);
    expect(installed.status, JSON.stringify(installed.body)).toBe(201);
    const after = await rate(id, installer.member.token, 4);
    expect(after.status, JSON.stringify(after.body)).toBe(201);
    expect(await templateRow(id)).toMatchObject({ rating_count: 1, rating_avg: "4.00" });
  });
});

describe("private templates in admin aggregates", () => {
  it("GET /v1/admin/stats neither counts nor lists private templates", async () => {
    const admin = await createUser("saas");
    await makeSaasAdmin(admin.id);
    const stats = () => client.json<PlatformStats>("/v1/admin/stats", { token: admin.token });
    const before = await stats();
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    const secretName = uniqueTag("Secret roadmap");
    const privateId = await insertTemplateRow({
      name: secretName,
      visibility: "workspace",
      ownerWorkspaceId: publisher.workspaceId,
      installCount: 1_000_000,
    });
    const after = await stats();
    expect(after.body.templates).toBe(before.body.templates);
    expect(after.body.topTemplates.map((t) => t.id)).not.toContain(privateId);
    for (const path of ["/v1/admin/stats", "/v1/admin/workspaces", "/v1/admin/executions"]) {
      const res = await client.json(path, { token: admin.token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain(secretName);
      expect(JSON.stringify(res.body)).not.toContain(privateId);
    }
  });
});

describe("slugs", () => {
  it("a clash with another tenant's private slug succeeds and reveals nothing", async () => {
    const slug = uniqueTag("internal");
    const publish = async (team: Team, visibility: "workspace" | "public", token: string) => {
      const ws = `/v1/workspaces/${team.workspaceId}`;
      const connector = await client.json<Connector>(`${ws}/connectors`, {
        method: "POST",
        token,
        body: { name: "To publish", definition: simpleDefinition() },
      });
      return client.json<Template>(`${ws}/templates`, {
        method: "POST",
        token,
        body: { connectorId: connector.body.id, slug, visibility },
      });
    };
    const theirs = await publish(publisher, "workspace", publisher.owner.token);
    expect(theirs.status, JSON.stringify(theirs.body)).toBe(201);
    const ours = await publish(installer, "workspace", installer.owner.token);
    expect(ours.status, JSON.stringify(ours.body)).toBe(201);
    expect(JSON.stringify(ours.body)).not.toContain(theirs.body.id);
    const oursPublic = await publish(installer, "public", installer.owner.token);
    expect(oursPublic.status, JSON.stringify(oursPublic.body)).toBe(201);
    // Public slugs stay unique across the marketplace; our own private slug stays unique for us.
    const clash = await publish(publisher, "public", publisher.owner.token);
    expect(clash.status, JSON.stringify(clash.body)).toBe(409);
    expect(clash.body).toMatchObject(envelope("conflict"));
    const again = await publish(installer, "workspace", installer.owner.token);
    expect(again.status, JSON.stringify(again.body)).toBe(409);
  });
});
