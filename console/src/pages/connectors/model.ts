// The connector form's model: the definition as editable rows (SPEC §5), converted to and from the
// API's JSON. Fields the form does not edit (timeoutMs, query, retry, non-JSON bodies) are kept as
// they were, so a round trip through the form never drops part of a definition.
import type { Problem } from "../../lib/api.ts";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface Row {
  uid: number;
  key: string;
  value: string;
}

export const AUTH_TYPES = ["none", "bearer", "oauth2", "api_key", "basic"] as const;
export type AuthType = (typeof AUTH_TYPES)[number];
export const PAGINATE_TYPES = ["", "cursor", "nextUrl", "linkHeader", "offset", "page"] as const;
export type PaginateType = (typeof PAGINATE_TYPES)[number];
/** The fields each paginate style takes besides the common ones (SPEC §10). */
export const PAGINATE_FIELDS: Record<Exclude<PaginateType, "">, string[]> = {
  cursor: ["cursorPath", "param", "in", "pageSize"],
  nextUrl: ["nextUrlPath", "pageSize"],
  linkHeader: ["pageSize"],
  offset: ["offsetParam", "limitParam", "pageSize"],
  page: ["pageParam", "start", "pageSizeParam", "pageSize"],
};
export const PAGINATE_COMMON = ["itemsPath", "maxPages", "maxItems", "onLimit"];
const NUMERIC = new Set(["pageSize", "start", "maxPages", "maxItems"]);

export interface StepModel {
  uid: number;
  id: string;
  method: string;
  url: string;
  headers: Row[];
  authType: AuthType;
  credential: string;
  apiKeyIn: "header" | "query";
  apiKeyName: string;
  username: string;
  /** The JSON body's value as text; "" sends no body. */
  body: string;
  /** A form/xml/raw body, kept as it was (edited in the JSON view). */
  otherBody: Json | undefined;
  extract: Row[];
  onError: "fail" | "continue";
  paginateType: PaginateType;
  paginate: Record<string, string>;
  /** Request and step keys the form does not edit, kept verbatim. */
  restRequest: JsonObject;
  restStep: JsonObject;
}

export interface DefinitionModel {
  input: string;
  steps: StepModel[];
  mapping: Row[];
}

let counter = 0;
export const uid = () => ++counter;

export const row = (key = "", value = ""): Row => ({ uid: uid(), key, value });

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const str = (value: unknown) => (typeof value === "string" ? value : "");
const rows = (value: unknown): Row[] =>
  isObject(value) ? Object.entries(value).map(([k, v]) => row(k, str(v))) : [];

export function emptyStep(index: number): StepModel {
  return {
    uid: uid(),
    id: `step${index + 1}`,
    method: "GET",
    url: "",
    headers: [],
    authType: "none",
    credential: "",
    apiKeyIn: "header",
    apiKeyName: "",
    username: "",
    body: "",
    otherBody: undefined,
    extract: [],
    onError: "fail",
    paginateType: "",
    paginate: {},
    restRequest: {},
    restStep: {},
  };
}

export function stepToModel(step: unknown, index: number): StepModel {
  const s = isObject(step) ? step : {};
  const { id, request, extract, onError, paginate, ...restStep } = s;
  const r = isObject(request) ? request : {};
  const { method, url, headers, auth, body, ...restRequest } = r;
  const a = isObject(auth) ? auth : { type: "none" };
  const b = isObject(body) ? body : undefined;
  const p = isObject(paginate) ? paginate : undefined;
  const pType = (p ? str(p.type) : "") as PaginateType;
  return {
    ...emptyStep(index),
    id: str(id),
    method: str(method) || "GET",
    url: str(url),
    headers: rows(headers),
    authType: (AUTH_TYPES as readonly string[]).includes(str(a.type))
      ? (a.type as AuthType)
      : "none",
    credential: str(a.credential),
    apiKeyIn: a.in === "query" ? "query" : "header",
    apiKeyName: str(a.name),
    username: str(a.username),
    body: b?.type === "json" ? JSON.stringify(b.value, null, 2) : "",
    otherBody: b && b.type !== "json" ? b : undefined,
    extract: rows(extract),
    onError: onError === "continue" ? "continue" : "fail",
    paginateType: (PAGINATE_TYPES as readonly string[]).includes(pType) ? pType : "",
    paginate: p
      ? Object.fromEntries(
          Object.entries(p)
            .filter(([k]) => k !== "type")
            .map(([k, v]) => [k, String(v)]),
        )
      : {},
    restRequest: restRequest as JsonObject,
    restStep: restStep as JsonObject,
  };
}

export function toModel(definition: unknown): DefinitionModel {
  const d = isObject(definition) ? definition : {};
  const steps = Array.isArray(d.steps) ? d.steps.map(stepToModel) : [];
  return {
    input: d.input === undefined ? "" : JSON.stringify(d.input, null, 2),
    steps: steps.length ? steps : [emptyStep(0)],
    mapping: rows(d.fieldMapping),
  };
}

/** A JSON text the user typed; the error says where it broke. */
export class JsonTextError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

function parseJson(text: string, path: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    throw new JsonTextError(path, `Not valid JSON: ${(error as Error).message}`);
  }
}

const record = (list: Row[]) =>
  Object.fromEntries(list.filter((r) => r.key.trim() !== "").map((r) => [r.key.trim(), r.value]));

function stepToJson(step: StepModel, index: number): JsonObject {
  const request: JsonObject = { method: step.method, url: step.url, ...step.restRequest };
  const headers = record(step.headers);
  if (Object.keys(headers).length) request.headers = headers;
  const cred = step.credential;
  if (step.authType === "bearer" || step.authType === "oauth2")
    request.auth = { type: step.authType, credential: cred };
  else if (step.authType === "api_key")
    request.auth = { type: "api_key", credential: cred, in: step.apiKeyIn, name: step.apiKeyName };
  else if (step.authType === "basic")
    request.auth = { type: "basic", username: step.username, credential: cred };
  if (step.body.trim())
    request.body = {
      type: "json",
      value: parseJson(step.body, `steps.${index}.request.body.value`),
    };
  else if (step.otherBody !== undefined) request.body = step.otherBody;
  const out: JsonObject = { id: step.id, request };
  const extract = record(step.extract);
  if (Object.keys(extract).length) out.extract = extract;
  if (step.onError !== "fail") out.onError = step.onError;
  if (step.paginateType) {
    const paginate: JsonObject = { type: step.paginateType };
    for (const field of [...PAGINATE_FIELDS[step.paginateType], ...PAGINATE_COMMON]) {
      const value = step.paginate[field]?.trim();
      if (!value) continue;
      // A number field that is not a number goes as typed, so the API names it.
      paginate[field] = NUMERIC.has(field) && /^-?\d+$/.test(value) ? Number(value) : value;
    }
    out.paginate = paginate;
  }
  return { ...out, ...step.restStep };
}

/** The definition as the API takes it; throws JsonTextError for a JSON text that does not parse. */
export function toDefinition(model: DefinitionModel): JsonObject {
  const out: JsonObject = {};
  if (model.input.trim()) out.input = parseJson(model.input, "input");
  out.steps = model.steps.map(stepToJson);
  const mapping = record(model.mapping);
  if (Object.keys(mapping).length) out.fieldMapping = mapping;
  return out;
}

/**
 * The API's problem paths in one form: the engine writes `steps[1].request.headers["X-Key"]`, a
 * request-schema failure `definition.steps.1.url`; both become `steps.1.request.headers.X-Key`.
 */
export function normalizePath(path: string): string {
  return path
    .replace(/^definition\.?/, "")
    .replace(/\[(\d+)\]/g, ".$1")
    .replace(/\["((?:[^"\\]|\\.)*)"\]/g, (_m, key: string) => `.${JSON.parse(`"${key}"`)}`)
    .replace(/^\./, "");
}

export function normalizeProblems(problems: Problem[]): Problem[] {
  return problems.map((p) => ({ ...p, path: normalizePath(p.path) }));
}

/** The paths the form shows a problem at (exact, or `prefix.` for anything under it). */
export function shownBy(model: DefinitionModel): (path: string) => boolean {
  const exact = new Set(["name", "description", "status", "steps", "fieldMapping"]);
  const nested = ["input"];
  model.steps.forEach((step, i) => {
    const s = `steps.${i}`;
    const r = `${s}.request`;
    for (const p of [s, `${s}.id`, `${s}.onError`, r, `${r}.method`, `${r}.url`, `${r}.headers`])
      exact.add(p);
    nested.push(`${r}.auth`, `${r}.body`, `${s}.paginate`, `${s}.extract`);
    for (const h of step.headers) exact.add(`${r}.headers.${h.key.trim()}`);
  });
  for (const m of model.mapping) exact.add(`fieldMapping.${m.key.trim()}`);
  return (path) => exact.has(path) || nested.some((n) => path === n || path.startsWith(`${n}.`));
}
