// Test-only (contract-harness.ts): broken variants of an official template's requests — path,
// method, auth placement, each header, query parameter and body field. The vendor stand-in must
// notice every one, which proves the contract checks the whole request.
import type { ConnectorDefinition, HttpMethod, StepRequest } from "../../engine/definition.ts";
import { isPlainObject, type JsonValue } from "../../engine/json.ts";

export type Mutation = { name: string; definition: ConnectorDefinition };

function insertPathSegment(url: string): string {
  const query = url.indexOf("?");
  return query < 0 ? `${url}/x` : `${url.slice(0, query)}/x${url.slice(query)}`;
}

function movedCredential(auth: NonNullable<StepRequest["auth"]>): StepRequest["auth"] {
  switch (auth.type) {
    case "bearer":
    case "oauth2":
      return { type: "api_key", credential: auth.credential, in: "query", name: "access_token" };
    case "basic":
      return { ...auth, username: `${auth.username}-other` };
    case "api_key":
      return { ...auth, in: auth.in === "header" ? "query" : "header" };
    default:
      return auth;
  }
}

/** Nested object members of a JSON value, as paths (depth ≥ 2), parents before children. */
function nestedMembers(value: JsonValue, path: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      out.push(...nestedMembers(item, [...path, index]));
    });
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (path.length > 0) out.push([...path, key]);
      out.push(...nestedMembers(item as JsonValue, [...path, key]));
    }
  }
  return out;
}

function describePath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

function resolveParent(root: JsonValue, path: (string | number)[]): Record<string, JsonValue> {
  let node: JsonValue = root;
  for (const segment of path.slice(0, -1)) {
    node = (node as Record<string | number, JsonValue>)[segment] as JsonValue;
  }
  return node as Record<string, JsonValue>;
}

/** Broken variants of a definition's requests; the stand-in must notice every one. */
export function requestMutations(definition: ConnectorDefinition): Mutation[] {
  const out: Mutation[] = [];
  definition.steps.forEach((step, index) => {
    const at = `steps[${index}] (${step.id})`;
    const edit = (name: string, change: (request: StepRequest) => void) => {
      const copy = structuredClone(definition);
      const target = copy.steps[index];
      if (!target) return;
      change(target.request);
      out.push({ name: `${at}: ${name}`, definition: copy });
    };
    const request = step.request;
    edit("the path gains a segment", (r) => {
      r.url = insertPathSegment(r.url);
    });
    const otherMethod: HttpMethod = request.method === "POST" ? "PUT" : "POST";
    edit(`the method is ${otherMethod}`, (r) => {
      r.method = otherMethod;
    });
    const auth = request.auth;
    if (auth && auth.type !== "none") {
      edit("the credential is not sent", (r) => {
        delete r.auth;
      });
      edit("the credential is sent in another place", (r) => {
        r.auth = movedCredential(auth);
      });
    }
    for (const name of Object.keys(request.headers ?? {})) {
      edit(`the ${name} header is dropped`, (r) => {
        delete r.headers?.[name];
      });
    }
    for (const name of Object.keys(request.query ?? {})) {
      edit(`the ${name} query parameter is dropped`, (r) => {
        delete r.query?.[name];
      });
    }
    const body = request.body;
    const explicitType = Object.keys(request.headers ?? {}).some(
      (name) => name.toLowerCase() === "content-type",
    );
    if (body?.type === "json") {
      // With an explicit Content-Type header the body kind does not decide the media type.
      if (!explicitType) {
        edit("the body is sent as text/plain", (r) => {
          r.body = { type: "raw", contentType: "text/plain", value: JSON.stringify(body.value) };
        });
      }
      if (isPlainObject(body.value)) {
        for (const key of Object.keys(body.value)) {
          edit(`body field ${key} is left out`, (r) => {
            if (r.body?.type === "json" && isPlainObject(r.body.value)) delete r.body.value[key];
          });
        }
        for (const path of nestedMembers(body.value)) {
          const key = path[path.length - 1] as string;
          edit(`body field ${describePath(path)} moves to the top level`, (r) => {
            if (r.body?.type !== "json" || !isPlainObject(r.body.value)) return;
            const parent = resolveParent(r.body.value, path);
            const moved = parent[key] as JsonValue;
            delete parent[key];
            r.body.value[key] = moved;
          });
        }
      }
    } else if (body?.type === "form") {
      edit("the body is sent as JSON", (r) => {
        r.body = { type: "json", value: body.value };
      });
      for (const key of Object.keys(body.value)) {
        edit(`form field ${key} is left out`, (r) => {
          if (r.body?.type === "form") delete r.body.value[key];
        });
      }
    }
  });
  return out;
}
