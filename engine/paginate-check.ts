// The save-time check of a step's `paginate` block (engine/definition.ts calls it): what a user
// would otherwise only find out at run time, each problem with its JSON path.
import { type Paginate, PAGINATION_DEFAULTS, type Step } from "./definition.ts";
import { isPlainObject } from "./json.ts";
import { compileJsonPath } from "./jsonpath.ts";
import type { PathSegment } from "./path.ts";

type Add = (path: PathSegment[], message: string) => void;

/** Query parameter names the step itself sets: its `query`, its URL's literal query, an api_key. */
function ownQueryNames(step: Step): Set<string> {
  const names = new Set(Object.keys(step.request.query ?? {}));
  const url = step.request.url;
  const question = url.indexOf("?");
  if (question >= 0) {
    const query = url.slice(question + 1).split("#")[0] ?? "";
    for (const pair of query.split("&")) {
      const key = pair.split("=")[0] ?? "";
      try {
        if (key) names.add(decodeURIComponent(key.replace(/\+/g, " ")));
      } catch {
        names.add(key);
      }
    }
  }
  const auth = step.request.auth;
  if (auth?.type === "api_key" && auth.in === "query") names.add(auth.name);
  return names;
}

function pathsOf(spec: Paginate): [keyof Paginate & string, string][] {
  const paths: [string, string][] = [["itemsPath", spec.itemsPath]];
  if (spec.type === "cursor") paths.push(["cursorPath", spec.cursorPath]);
  if (spec.type === "nextUrl") paths.push(["nextUrlPath", spec.nextUrlPath]);
  return paths as [keyof Paginate & string, string][];
}

/** Query parameters the pagination sets on every page, by property name. */
function pagingParams(spec: Paginate): [string, string][] {
  if (spec.type === "cursor") return spec.in === "body" ? [] : [["param", spec.param]];
  if (spec.type === "offset") {
    return [
      ["offsetParam", spec.offsetParam],
      ["limitParam", spec.limitParam],
    ];
  }
  if (spec.type === "page") {
    const params: [string, string][] = [["pageParam", spec.pageParam]];
    if (spec.pageSizeParam) params.push(["pageSizeParam", spec.pageSizeParam]);
    return params;
  }
  return [];
}

export function checkPaginate(step: Step, base: PathSegment[], add: Add): void {
  const spec = step.paginate;
  if (!spec) return;
  const at = [...base, "paginate"];
  for (const [name, expression] of pathsOf(spec)) {
    const compiled = compileJsonPath(expression);
    if (!compiled.ok) add([...at, name], compiled.message);
  }
  if (step.request.method === "HEAD") {
    add([...base, "request", "method"], "a HEAD request has no body to read pages from");
  }
  if (spec.type === "cursor" && spec.in === "body") {
    const body = step.request.body;
    if (body?.type !== "json" || !isPlainObject(body.value)) {
      add([...at, "in"], "a cursor sent in the body needs a JSON body whose value is an object");
    } else if (Object.hasOwn(body.value, spec.param)) {
      add([...at, "param"], `the body already sets "${spec.param}"; the cursor would replace it`);
    }
  }
  const own = ownQueryNames(step);
  const seen = new Map<string, string>();
  for (const [property, name] of pagingParams(spec)) {
    if (own.has(name)) {
      add([...at, property], `the step's own query already sets "${name}"; pagination sets it`);
    }
    const earlier = seen.get(name);
    if (earlier) add([...at, property], `is the same parameter as ${earlier}`);
    seen.set(name, property);
  }
  const maxItems = spec.maxItems ?? PAGINATION_DEFAULTS.maxItems;
  if (spec.pageSize !== undefined && spec.pageSize > maxItems) {
    add(
      [...at, "pageSize"],
      `a page of ${spec.pageSize} is more than maxItems (${maxItems}): every run would be truncated`,
    );
  }
}
