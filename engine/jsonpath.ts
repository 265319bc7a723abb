// JSONPath (RFC 9535), parsed by jsonpath-rfc9535, which evaluates no code. The same compile step
// runs at save time (a malformed path is a 422) and at run time, and its result is cached per
// expression. Plain chains of names, indices and wildcards ($.a.b[0], $.items[*].id) take a
// small own-property walker; everything else (slices, filters, `..`, unions) goes through the
// bounded evaluator of jsonpath-eval.ts. Both stop at the caps of docs/SECURITY.md with
// `limit_exceeded`.
import { query } from "jsonpath-rfc9535";
import parse, { type JsonPathQuery } from "jsonpath-rfc9535/parser";
import { deepFreeze, isPlainObject, type JsonValue, PROTOTYPE_KEYS } from "./json.ts";
import {
  bytesLimitError,
  evaluateQuery,
  type JsonPathBudget,
  exceedsBytes,
  serialisedBytes,
  serialisedBytesBound,
  ValuesLimitError,
  valuesLimitError,
} from "./jsonpath-eval.ts";
import { DEFAULT_LIMITS } from "./limits.ts";

export type { JsonPathBudget } from "./jsonpath-eval.ts";

export const MAX_JSONPATH_LENGTH = 1024;

type WalkStep =
  | { kind: "name"; name: string }
  | { kind: "index"; index: number }
  | { kind: "wildcard" };

export type CompiledJsonPath = {
  expression: string;
  /** A singular query yields one value (or null); any other query yields an array. */
  singular: boolean;
  /** Set for chains of names, indices and wildcards: the walk to perform without the library. */
  steps: readonly WalkStep[] | null;
  /** The query names a prototype key (`__proto__`, `constructor`, `prototype`): never resolves. */
  namesPrototypeKey: boolean;
  ast: JsonPathQuery;
};

export type JsonPathCompile = { ok: true; path: CompiledJsonPath } | { ok: false; message: string };

function walkSteps(ast: JsonPathQuery): WalkStep[] | null {
  const steps: WalkStep[] = [];
  for (const segment of ast.segments) {
    if (segment.type !== "ChildSegment") return null;
    const node = segment.node;
    if (node.type === "MemberNameShorthand") {
      steps.push({ kind: "name", name: node.value });
      continue;
    }
    if (node.type === "WildcardSelector") {
      steps.push({ kind: "wildcard" });
      continue;
    }
    if (node.type !== "BracketedSelection" || node.selectors.length !== 1) return null;
    const selector = node.selectors[0];
    if (selector?.type === "NameSelector") steps.push({ kind: "name", name: selector.value });
    else if (selector?.type === "IndexSelector")
      steps.push({ kind: "index", index: selector.value });
    else if (selector?.type === "WildcardSelector") steps.push({ kind: "wildcard" });
    else return null;
  }
  return steps;
}

const FUNCTIONS = new Set(["length", "count", "value"]);
/**
 * RFC 9535's regular-expression functions are refused: a backtracking engine over a response of
 * up to 1 MiB can spin for hours on a pattern like `(a+)+b`, and JavaScript cannot interrupt it.
 */
const REGEX_FUNCTIONS = new Set(["match", "search"]);

function unknownFunction(node: unknown): string | null {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = unknownFunction(item);
      if (found) return found;
    }
    return null;
  }
  if (typeof node !== "object" || node === null) return null;
  const record = node as Record<string, unknown>;
  if (
    record.type === "FunctionExpr" &&
    typeof record.name === "string" &&
    !FUNCTIONS.has(record.name)
  ) {
    return record.name;
  }
  for (const value of Object.values(record)) {
    const found = unknownFunction(value);
    if (found) return found;
  }
  return null;
}

function namesPrototypeKey(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(namesPrototypeKey);
  if (typeof node !== "object" || node === null) return false;
  const record = node as Record<string, unknown>;
  if (
    (record.type === "NameSelector" || record.type === "MemberNameShorthand") &&
    typeof record.value === "string" &&
    PROTOTYPE_KEYS.has(record.value)
  ) {
    return true;
  }
  return Object.values(record).some(namesPrototypeKey);
}

const CACHE_LIMIT = 1000;
const compiledCache = new Map<string, JsonPathCompile>();

/** Compiles (or recalls) a path; the result is frozen and shared between callers. */
export function compileJsonPath(expression: string): JsonPathCompile {
  const cached = compiledCache.get(expression);
  if (cached) return cached;
  const result = deepFreeze(compileUncached(expression));
  if (compiledCache.size >= CACHE_LIMIT) compiledCache.clear();
  compiledCache.set(expression, result);
  return result;
}

function compileUncached(expression: string): JsonPathCompile {
  if (expression.length > MAX_JSONPATH_LENGTH) {
    return { ok: false, message: `a JSONPath may be at most ${MAX_JSONPATH_LENGTH} characters` };
  }
  let ast: JsonPathQuery;
  try {
    ast = parse(expression);
  } catch (error) {
    const detail = error instanceof Error ? error.message : "syntax error";
    return { ok: false, message: `invalid JSONPath (RFC 9535): ${detail}` };
  }
  const unknown = unknownFunction(ast);
  if (unknown && REGEX_FUNCTIONS.has(unknown)) {
    return {
      ok: false,
      message: `unsupported JSONPath function ${unknown}(): regular expressions over response data can hang a run`,
    };
  }
  if (unknown)
    return { ok: false, message: `invalid JSONPath (RFC 9535): unknown function ${unknown}()` };
  try {
    // Some well-formedness checks (function argument types) happen on evaluation; an empty
    // document keeps that evaluation trivial.
    query({}, expression);
  } catch (error) {
    const detail = error instanceof Error ? error.message : "invalid expression";
    return { ok: false, message: `invalid JSONPath (RFC 9535): ${detail}` };
  }
  const steps = walkSteps(ast);
  return {
    ok: true,
    path: {
      expression,
      singular: steps?.every((step) => step.kind !== "wildcard") ?? false,
      steps,
      namesPrototypeKey: namesPrototypeKey(ast),
      ast,
    },
  };
}

function walk(document: JsonValue, steps: readonly WalkStep[]): JsonValue | undefined {
  let current: JsonValue | undefined = document;
  for (const step of steps) {
    if (step.kind === "name") {
      if (!isPlainObject(current) || !Object.hasOwn(current, step.name)) return undefined;
      current = current[step.name];
    } else if (step.kind === "index") {
      if (!Array.isArray(current)) return undefined;
      const index = step.index < 0 ? current.length + step.index : step.index;
      if (index < 0 || index >= current.length) return undefined;
      current = current[index];
    } else return undefined;
  }
  return current;
}

/**
 * The node list of a chain with wildcards, depth first: the same document order as evaluating
 * segment by segment (RFC 9535, and the library), without the intermediate node lists.
 */
function collect(
  node: JsonValue,
  steps: readonly WalkStep[],
  index: number,
  out: JsonValue[],
  maxValues: number,
) {
  const step = steps[index];
  if (step === undefined) {
    if (out.length >= maxValues) throw valuesLimitError(maxValues);
    out.push(node);
    return;
  }
  if (step.kind === "name") {
    if (isPlainObject(node) && Object.hasOwn(node, step.name)) {
      collect(node[step.name] as JsonValue, steps, index + 1, out, maxValues);
    }
  } else if (step.kind === "index") {
    if (!Array.isArray(node)) return;
    const at = step.index < 0 ? node.length + step.index : step.index;
    if (at >= 0 && at < node.length) {
      collect(node[at] as JsonValue, steps, index + 1, out, maxValues);
    }
  } else if (Array.isArray(node)) {
    const next = steps[index + 1];
    if (next === undefined) {
      // The values that fit are kept before failing, for `stopAtMaxValues`.
      const room = Math.max(0, maxValues - out.length);
      for (let i = 0; i < Math.min(node.length, room); i++) out.push(node[i] as JsonValue);
      if (node.length > room) throw valuesLimitError(maxValues);
    } else if (next.kind === "name" && index + 2 === steps.length) {
      // `[*].name` ending the path, the common shape: one tight loop over the items.
      const name = next.name;
      // A defined value of a name Object.prototype lacks can only be the item's own.
      const inheritable = name in Object.prototype;
      let end = out.length;
      out.length = end + node.length;
      for (let i = 0; i < node.length; i++) {
        const item = node[i];
        if (!isPlainObject(item)) continue;
        const value = item[name];
        if ((value !== undefined && !inheritable) || Object.hasOwn(item, name)) {
          out[end++] = value as JsonValue;
        }
      }
      out.length = end;
      if (end > maxValues) throw valuesLimitError(maxValues);
    } else {
      for (let i = 0; i < node.length; i++) {
        collect(node[i] as JsonValue, steps, index + 1, out, maxValues);
      }
    }
  } else if (isPlainObject(node)) {
    for (const key of Object.keys(node)) {
      collect(node[key] as JsonValue, steps, index + 1, out, maxValues);
    }
  }
}

const DEFAULT_BUDGET: JsonPathBudget = Object.freeze({
  maxNodes: DEFAULT_LIMITS.maxJsonPathNodes,
  maxValues: DEFAULT_LIMITS.maxExtractValues,
  maxBytes: DEFAULT_LIMITS.maxExtractBytes,
});

/**
 * Evaluates a compiled path. A singular query yields its value; any other query yields the
 * array of matches. A path that matches nothing yields null (engine/README.md). Past the budget it
 * throws StepError `limit_exceeded`.
 */
export function evaluateJsonPath(
  path: CompiledJsonPath,
  document: JsonValue,
  budget: JsonPathBudget = DEFAULT_BUDGET,
): JsonValue {
  if (path.namesPrototypeKey) return null;
  if (path.steps && path.singular) {
    const value = walk(document, path.steps) ?? null;
    if (
      value !== null &&
      serialisedBytesBound(value) > budget.maxBytes &&
      serialisedBytes(value) > budget.maxBytes
    ) {
      throw bytesLimitError(budget.maxBytes);
    }
    return value;
  }
  let nodes: JsonValue[];
  if (path.steps) {
    nodes = [];
    try {
      collect(document, path.steps, 0, nodes, budget.maxValues);
    } catch (error) {
      if (!(budget.stopAtMaxValues && error instanceof ValuesLimitError)) throw error;
      nodes.length = Math.min(nodes.length, budget.maxValues);
    }
    if (exceedsBytes(nodes, budget.maxBytes)) throw bytesLimitError(budget.maxBytes);
  } else nodes = evaluateQuery(path.ast, document, budget);
  return nodes.length === 0 ? null : nodes;
}

/** Compiles and evaluates in one go; throws on a malformed path. */
export function extractJsonPath(
  expression: string,
  document: JsonValue,
  budget: JsonPathBudget = DEFAULT_BUDGET,
): JsonValue {
  const compiled = compileJsonPath(expression);
  if (!compiled.ok) throw new Error(compiled.message);
  return evaluateJsonPath(compiled.path, document, budget);
}
