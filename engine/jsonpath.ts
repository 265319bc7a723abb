// JSONPath (RFC 9535) via jsonpath-rfc9535, which evaluates no code. The same compile step runs
// at save time (a malformed path is a 422) and at run time. Singular queries ($.a.b[0]) take a
// small own-property walker; everything else goes through the library.
import { query } from "jsonpath-rfc9535";
import parse, { type JsonPathQuery } from "jsonpath-rfc9535/parser";
import { isPlainObject, type JsonValue, PROTOTYPE_KEYS } from "./json.ts";

export const MAX_JSONPATH_LENGTH = 1024;

type SingularStep = { kind: "name"; name: string } | { kind: "index"; index: number };

export type CompiledJsonPath = {
  expression: string;
  /** A singular query yields one value (or null); any other query yields an array. */
  singular: boolean;
  /** Set for singular queries: the walk to perform. */
  steps: SingularStep[] | null;
  /** The query names a prototype key (`__proto__`, `constructor`, `prototype`): never resolves. */
  namesPrototypeKey: boolean;
};

export type JsonPathCompile = { ok: true; path: CompiledJsonPath } | { ok: false; message: string };

function singularSteps(ast: JsonPathQuery): SingularStep[] | null {
  const steps: SingularStep[] = [];
  for (const segment of ast.segments) {
    if (segment.type !== "ChildSegment") return null;
    const node = segment.node;
    if (node.type === "MemberNameShorthand") {
      steps.push({ kind: "name", name: node.value });
      continue;
    }
    if (node.type !== "BracketedSelection" || node.selectors.length !== 1) return null;
    const selector = node.selectors[0];
    if (selector?.type === "NameSelector") steps.push({ kind: "name", name: selector.value });
    else if (selector?.type === "IndexSelector")
      steps.push({ kind: "index", index: selector.value });
    else return null;
  }
  return steps;
}

const FUNCTIONS = new Set(["length", "count", "match", "search", "value"]);

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

export function compileJsonPath(expression: string): JsonPathCompile {
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
  if (unknown)
    return { ok: false, message: `invalid JSONPath (RFC 9535): unknown function ${unknown}()` };
  try {
    // Some well-formedness checks (function argument types) happen on evaluation.
    query({}, expression);
  } catch (error) {
    const detail = error instanceof Error ? error.message : "invalid expression";
    return { ok: false, message: `invalid JSONPath (RFC 9535): ${detail}` };
  }
  const steps = singularSteps(ast);
  return {
    ok: true,
    path: {
      expression,
      singular: steps !== null,
      steps,
      namesPrototypeKey: namesPrototypeKey(ast),
    },
  };
}

function walk(document: JsonValue, steps: readonly SingularStep[]): JsonValue | undefined {
  let current: JsonValue | undefined = document;
  for (const step of steps) {
    if (step.kind === "name") {
      if (!isPlainObject(current) || !Object.hasOwn(current, step.name)) return undefined;
      current = current[step.name];
    } else {
      if (!Array.isArray(current)) return undefined;
      const index = step.index < 0 ? current.length + step.index : step.index;
      if (index < 0 || index >= current.length) return undefined;
      current = current[index];
    }
  }
  return current;
}

/**
 * Evaluates a compiled path. A singular query yields its value; any other query yields the
 * array of matches. A path that matches nothing yields null (SPEC §5).
 */
export function evaluateJsonPath(path: CompiledJsonPath, document: JsonValue): JsonValue {
  if (path.namesPrototypeKey) return null;
  if (path.steps) return walk(document, path.steps) ?? null;
  const matches = query(document, path.expression) as JsonValue[];
  return matches.length === 0 ? null : matches;
}

/** Compiles and evaluates in one go; throws on a malformed path. */
export function extractJsonPath(expression: string, document: JsonValue): JsonValue {
  const compiled = compileJsonPath(expression);
  if (!compiled.ok) throw new Error(compiled.message);
  return evaluateJsonPath(compiled.path, document);
}
