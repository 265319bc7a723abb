// A local stand-in for Supabase Auth's admin endpoints, as much of them as
// @supabase/supabase-js's `auth.admin.createUser` and `listUsers` call: it checks the service
// role key (apikey and bearer), writes users into the test database's auth.users as Supabase
// Auth does, and answers errors in Auth's 2024-01-01 API shape.
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type postgres from "postgres";

export interface AuthAdminStandIn {
  /** The SUPABASE_URL to give supabase-js. */
  url: string;
  serviceRoleKey: string;
  requests: { method: string; path: string }[];
  close(): Promise<void>;
}

type UserRow = { id: string; email: string | null; created_at: Date | null };

const user = (row: UserRow) => ({
  id: row.id,
  aud: "authenticated",
  role: "authenticated",
  email: row.email,
  email_confirmed_at: row.created_at?.toISOString() ?? null,
  app_metadata: { provider: "email", providers: ["email"] },
  user_metadata: {},
  identities: [],
  created_at: row.created_at?.toISOString() ?? null,
  updated_at: row.created_at?.toISOString() ?? null,
  is_anonymous: false,
});

export async function startAuthAdminStandIn(sql: postgres.Sql): Promise<AuthAdminStandIn> {
  const serviceRoleKey = `sb_secret_${crypto.randomUUID().replace(/-/g, "")}`;
  const requests: AuthAdminStandIn["requests"] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://auth.local");
    requests.push({ method: req.method ?? "", path: url.pathname });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, {
        "content-type": "application/json",
        "x-supabase-api-version": "2024-01-01",
        ...headers,
      });
      res.end(JSON.stringify(body));
    };
    if (
      req.headers.apikey !== serviceRoleKey ||
      req.headers.authorization !== `Bearer ${serviceRoleKey}`
    ) {
      return send(401, {
        code: "no_authorization",
        message: "This endpoint requires a valid service role key",
      });
    }
    if (url.pathname !== "/auth/v1/admin/users")
      return send(404, { code: "not_found", message: "Not found" });
    if (req.method === "POST") {
      let body: { email?: unknown; password?: unknown; email_confirm?: unknown };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return send(400, { code: "bad_json", message: "Could not parse request body as JSON" });
      }
      if (typeof body.email !== "string" || !body.email.includes("@")) {
        return send(400, {
          code: "validation_failed",
          message: "Unable to validate email address",
        });
      }
      if (typeof body.password !== "string" || body.password.length < 6) {
        return send(422, {
          code: "weak_password",
          message: "Password should be at least 6 characters.",
          weak_password: { reasons: ["length"] },
        });
      }
      const email = body.email.toLowerCase();
      const [taken] = await sql`select 1 from auth.users where lower(email) = ${email}`;
      if (taken) {
        return send(422, {
          code: "email_exists",
          message: "A user with this email address has already been registered",
        });
      }
      const [row] = await sql<UserRow[]>`
        insert into auth.users (id, email, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
        values (${crypto.randomUUID()}, ${email}, ${sql.json({ provider: "email" })},
                ${sql.json({})}, now(), now())
        returning id, email, created_at`;
      return send(200, row ? user(row) : {});
    }
    if (req.method === "GET") {
      const page = Math.max(1, Number(url.searchParams.get("page")) || 1);
      const perPage = Math.min(1000, Number(url.searchParams.get("per_page")) || 50);
      const rows = await sql<UserRow[]>`
        select id, email, created_at from auth.users order by created_at nulls first, id
        limit ${perPage} offset ${(page - 1) * perPage}`;
      const [count] = await sql<{ n: number }[]>`select count(*)::int as n from auth.users`;
      return send(
        200,
        { users: rows.map(user), aud: "authenticated" },
        {
          "x-total-count": String(count?.n ?? 0),
        },
      );
    }
    return send(405, { code: "method_not_allowed", message: "Method not allowed" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    serviceRoleKey,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
