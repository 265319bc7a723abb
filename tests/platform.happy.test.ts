import { describe, expect, it } from "vitest";
import { testClient } from "./harness/app.ts";
import { addMember, createUser, createWorkspace, makeSaasAdmin } from "./harness/fixtures.ts";

describe("health", () => {
  it("answers without auth with the runner and a reachable database", async () => {
    const res = await testClient().json("/health");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      status: "ok",
      runner: "inline",
      database: "reachable",
      environment: "test",
    });
  });

  it("picks the trigger runner when a Trigger.dev secret key is set and RUNNER is not", async () => {
    const res = await testClient({ RUNNER: "", TRIGGER_SECRET_KEY: "tr_dev_abc" }).json<{
      runner: string;
    }>("/health");
    expect(res.body.runner).toBe("trigger");
  });

  it("echoes a request id on every answer", async () => {
    const res = await testClient().request("/health", {
      headers: { "x-request-id": "client-chosen-id-123" },
    });
    expect(res.headers.get("x-request-id")).toBe("client-chosen-id-123");
    const generated = await testClient().request("/health");
    expect(generated.headers.get("x-request-id")).toMatch(/^req_/);
  });
});

describe("GET /v1/me", () => {
  it("returns the user, their workspaces with roles, and the saas-admin flag", async () => {
    const user = await createUser("me");
    const a = await createWorkspace("Alpha");
    const b = await createWorkspace("Beta");
    const hidden = await createWorkspace("Hidden");
    await addMember(a, user.id, "owner");
    await addMember(b, user.id, "member");
    const other = await createUser("other");
    await addMember(hidden, other.id, "owner");

    const res = await testClient().json<{
      user: { id: string; email: string };
      workspaces: { id: string; name: string; role: string }[];
      isSaasAdmin: boolean;
    }>("/v1/me", { token: user.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.user).toEqual({ id: user.id, email: user.email });
    expect(res.body.workspaces.map(({ id, name, role }) => ({ id, name, role }))).toEqual([
      { id: a, name: "Alpha", role: "owner" },
      { id: b, name: "Beta", role: "member" },
    ]);
    expect(res.body.isSaasAdmin).toBe(false);
  });

  it("flags saas admins", async () => {
    const user = await createUser("saas");
    await makeSaasAdmin(user.id, "super_admin");
    const res = await testClient().json<{ isSaasAdmin: boolean; saasAdminRole: string }>("/v1/me", {
      token: user.token,
    });
    expect(res.body.isSaasAdmin).toBe(true);
    expect(res.body.saasAdminRole).toBe("super_admin");
  });
});

describe("OpenAPI and docs", () => {
  it("serves an OpenAPI 3.1 document generated from the routes", async () => {
    const res = await testClient().json<{
      openapi: string;
      paths: Record<string, unknown>;
      components: { securitySchemes: Record<string, unknown> };
    }>("/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(["/health", "/v1/me"]));
    expect(res.body.components.securitySchemes.bearerAuth).toBeDefined();
  });

  it("renders the docs page with a locally served script", async () => {
    const res = await testClient().request("/docs");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("/v1/openapi.json");
    expect(html).toContain("/docs/assets/scalar.js");
  });
});

describe("CORS", () => {
  it("allows a preflight from a listed origin", async () => {
    const res = await testClient().request("/v1/me", {
      method: "OPTIONS",
      headers: { origin: "http://dashboard.test", "access-control-request-method": "GET" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://dashboard.test");
    expect(res.headers.get("access-control-allow-headers")).toContain("Authorization");
  });

  it("adds the allow-origin header to simple requests from a listed origin only", async () => {
    const ok = await testClient().request("/health", {
      headers: { origin: "http://dashboard.test" },
    });
    expect(ok.headers.get("access-control-allow-origin")).toBe("http://dashboard.test");
    const other = await testClient().request("/health", {
      headers: { origin: "http://evil.test" },
    });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });
});
