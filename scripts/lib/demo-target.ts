// The demo target: a small local HTTP API that answers like the vendor of the example connector
// (GET /v1/people?email=, POST /v1/people/:id/tags), so connectors run with no internet; with
// `?style=`, GET /v1/people and GET /v1/companies page through seeded rows (demo-pages.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { DEMO_COMPANIES, DEMO_PEOPLE, type PagedAnswer, pagedList } from "./demo-pages.ts";
import { OAuthProvider, type OAuthProviderOptions } from "./oauth-provider.ts";

/** The value of the seeded `example_token` credential; the demo target accepts only this. */
export const DEMO_TARGET_TOKEN = "demo-target-secret-token-7f3a9c";

interface Person {
  id: string;
  email: string;
  name: string;
  company: { name: string; domain: string };
  tags: { tag: string; score: unknown; at: string }[];
}

function titleCase(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function personFor(email: string, people: Map<string, Person>): Person {
  const existing = people.get(email);
  if (existing) return existing;
  const [local = "someone", domain = "example.test"] = email.split("@");
  const company = titleCase(domain.split(".")[0] ?? "Example");
  let hash = 0;
  for (const char of email) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const person: Person = {
    id: `p_${hash.toString(36)}`,
    email,
    name: local.split(/[._-]/).map(titleCase).join(" "),
    company: { name: `${company} Ltd`, domain },
    tags: [],
  };
  people.set(email, person);
  return person;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new Error("too large");
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : null;
}

export type DemoTargetOptions = { oauth?: OAuthProviderOptions };

/**
 * The demo target; it also plays an OAuth 2.0 provider under `/oauth/*` (oauth-provider.ts), and
 * its API accepts either the seeded bearer token or a live access token of that provider.
 */
export function createDemoTarget(
  token = DEMO_TARGET_TOKEN,
  options: DemoTargetOptions = {},
): Server & { oauth: OAuthProvider } {
  const people = new Map<string, Person>();
  const oauth = new OAuthProvider(options.oauth);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://demo.local");
    if (url.pathname === "/health") return send(res, 200, { ok: true });
    if (await oauth.handle(req, res, url)) return;
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    if (bearer !== token && !oauth.validAccessToken(bearer)) {
      res.setHeader("www-authenticate", 'Bearer error="invalid_token"');
      return send(res, 401, { error: "missing or wrong bearer token" });
    }
    const paged = (answer: PagedAnswer) => send(res, answer.status, answer.body, answer.headers);
    const style = url.searchParams.get("style");
    if (req.method === "GET" && url.pathname === "/v1/companies") {
      return paged(pagedList(DEMO_COMPANIES, style ?? "", url, req));
    }
    if (req.method === "GET" && url.pathname === "/v1/people" && style !== null) {
      return paged(pagedList(DEMO_PEOPLE, style, url, req));
    }
    if (req.method === "GET" && url.pathname === "/v1/people") {
      const email = url.searchParams.get("email");
      if (!email) return send(res, 400, { error: "email is required" });
      if (!email.includes("@")) return send(res, 200, { results: [] });
      const person = personFor(email.toLowerCase(), people);
      return send(res, 200, {
        results: [
          { id: person.id, email: person.email, name: person.name, company: person.company },
        ],
        total: 1,
      });
    }
    const tagMatch = /^\/v1\/people\/([^/]+)\/tags$/.exec(url.pathname);
    if (req.method === "POST" && tagMatch) {
      const id = decodeURIComponent(tagMatch[1] ?? "");
      const person = [...people.values()].find((p) => p.id === id);
      if (!person) return send(res, 404, { error: "no such person" });
      let body: unknown;
      try {
        body = await readJson(req);
      } catch {
        return send(res, 400, { error: "invalid JSON" });
      }
      const tag = (body as { tag?: unknown } | null)?.tag;
      if (typeof tag !== "string" || !tag) return send(res, 422, { error: "tag is required" });
      const entry = {
        tag,
        score: (body as { score?: unknown }).score ?? null,
        at: new Date().toISOString(),
      };
      person.tags.push(entry);
      return send(res, 201, { id: person.id, tags: person.tags });
    }
    return send(res, 404, { error: "not found" });
  });
  return Object.assign(server, { oauth });
}
