// Work bounds for input JSON Schemas (docs/SECURITY.md): a schema whose applicators (`anyOf`,
// `oneOf`, `allOf`, `$ref`, …) fan out beyond a fixed budget is refused at save, and before an
// input is validated the evaluations the validator would make are counted, so a large input against
// an accepted schema is a 400 instead of seconds of CPU. `uniqueItems` is compared pairwise by the
// validator, so it applies only to arrays of at most MAX_UNIQUE_ITEMS.
import { isPlainObject } from "./json.ts";
import type { PathSegment } from "./path.ts";
import { checkRegexSafety } from "./regex-safety.ts";

/** Schema evaluations one input may cost in the validator (each is a few microseconds). */
export const MAX_VALIDATION_WORK = 20_000;
/** Evaluation paths through a schema's applicators, counted once per applicator. */
export const MAX_SCHEMA_EXPANSION = 1_000;
export const MAX_UNIQUE_ITEMS = 1_000;
// Characters per unit of work (one evaluation, a few microseconds): a safe `pattern` reads
// characters in nanoseconds, the validator's `format` checks (uri, regex, date) in about one.
const CHARS_PER_WORK = 64;
const FORMAT_CHARS_PER_WORK = 2;

const IN_PLACE_ARRAYS = ["allOf", "anyOf", "oneOf"] as const;
const IN_PLACE_SINGLE = ["not", "if", "then", "else"] as const;
const CHILD_SINGLE = [
  "additionalProperties",
  "unevaluatedProperties",
  "propertyNames",
  "items",
  "additionalItems",
  "unevaluatedItems",
  "contains",
] as const;
const CHILD_MAPS = ["properties", "patternProperties"] as const;
const ITEM_KEYWORDS: ReadonlySet<string> = new Set([
  "items",
  "additionalItems",
  "unevaluatedItems",
  "contains",
]);

function decodePointerToken(raw: string): string {
  return decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
}

/** A local `$ref` (`#`, `#/json/pointer` or `#anchor`) resolved to its schema, or undefined. */
export function resolveRef(root: Record<string, unknown>, ref: string): unknown {
  if (ref === "#") return root;
  if (!ref.startsWith("#/")) {
    const anchor = ref.slice(1);
    const stack: unknown[] = [root];
    while (stack.length > 0) {
      const node = stack.pop();
      if (Array.isArray(node)) stack.push(...node);
      else if (isPlainObject(node)) {
        if (node.$anchor === anchor) return node;
        stack.push(...Object.values(node));
      }
    }
    return undefined;
  }
  let current: unknown = root;
  for (const raw of ref.slice(2).split("/")) {
    let key: string;
    try {
      key = decodePointerToken(raw);
    } catch {
      return undefined;
    }
    if (Array.isArray(current) && /^\d+$/.test(key)) current = current[Number(key)];
    else if (isPlainObject(current) && Object.hasOwn(current, key)) current = current[key];
    else return undefined;
  }
  return current;
}

function refTarget(root: Record<string, unknown>, schema: Record<string, unknown>): unknown {
  for (const key of ["$ref", "$dynamicRef", "$recursiveRef"]) {
    const ref = schema[key];
    if (typeof ref === "string" && ref.startsWith("#")) {
      return key === "$ref" ? resolveRef(root, ref) : root;
    }
  }
  return undefined;
}

type Edge = { schema: unknown; at: PathSegment[]; inPlace: boolean };

function edges(root: Record<string, unknown>, schema: Record<string, unknown>): Edge[] {
  const out: Edge[] = [];
  const target = refTarget(root, schema);
  if (target !== undefined) out.push({ schema: target, at: ["$ref"], inPlace: true });
  for (const key of IN_PLACE_ARRAYS) {
    const list = schema[key];
    if (Array.isArray(list)) {
      for (const [i, sub] of list.entries()) out.push({ schema: sub, at: [key, i], inPlace: true });
    }
  }
  for (const key of IN_PLACE_SINGLE) {
    if (schema[key] !== undefined) out.push({ schema: schema[key], at: [key], inPlace: true });
  }
  const dependent = schema.dependentSchemas;
  if (isPlainObject(dependent)) {
    for (const [name, sub] of Object.entries(dependent)) {
      out.push({ schema: sub, at: ["dependentSchemas", name], inPlace: true });
    }
  }
  for (const key of CHILD_SINGLE) {
    const sub = schema[key];
    if (Array.isArray(sub)) {
      for (const [i, item] of sub.entries())
        out.push({ schema: item, at: [key, i], inPlace: false });
    } else if (sub !== undefined) out.push({ schema: sub, at: [key], inPlace: false });
  }
  const prefix = schema.prefixItems;
  if (Array.isArray(prefix)) {
    for (const [i, sub] of prefix.entries()) {
      out.push({ schema: sub, at: ["prefixItems", i], inPlace: false });
    }
  }
  for (const key of CHILD_MAPS) {
    const map = schema[key];
    if (isPlainObject(map)) {
      for (const [name, sub] of Object.entries(map)) {
        out.push({ schema: sub, at: [key, name], inPlace: false });
      }
    }
  }
  return out;
}

export type ExpansionCheck =
  | { ok: true; expansion: number }
  | { ok: false; path: PathSegment[]; message: string };

/**
 * Counts the evaluation paths through the schema's applicators ($ref followed), memoised per
 * schema object: the work validating one input that exercises every branch once. A `$ref` that
 * returns to a schema still being evaluated at the same input location would never end and is
 * refused; one reached through a child (a property, an item) recurses with the input and counts
 * once.
 */
export function schemaExpansion(
  root: Record<string, unknown>,
  basePath: PathSegment[],
  budget = MAX_SCHEMA_EXPANSION,
): ExpansionCheck {
  const memo = new Map<object, number>();
  // Schemas on the current evaluation path, with the number of child steps taken on entry.
  const active = new Map<object, number>();
  let childSteps = 0;
  let refusal: { path: PathSegment[]; message: string } | null = null;
  const cap = budget + 1;

  const count = (schema: unknown, path: PathSegment[]): number => {
    if (refusal) return cap;
    if (!isPlainObject(schema)) return 1;
    const known = memo.get(schema);
    if (known !== undefined) return known;
    const entered = active.get(schema);
    if (entered !== undefined) {
      // Back on the evaluation path: through a child it recurses with the input; in place it
      // would never end.
      if (entered === childSteps) {
        refusal = { path, message: "refers back to itself without descending into the input" };
        return cap;
      }
      return 1;
    }
    active.set(schema, childSteps);
    let total = 1;
    for (const edge of edges(root, schema)) {
      if (!edge.inPlace) childSteps++;
      total += count(edge.schema, [...path, ...edge.at]);
      if (!edge.inPlace) childSteps--;
      if (total > budget) break;
    }
    active.delete(schema);
    if (total > budget) {
      refusal ??= {
        path,
        message: `fans out (anyOf/oneOf/allOf/$ref) beyond the budget of ${budget} evaluation paths`,
      };
      return cap;
    }
    memo.set(schema, total);
    return total;
  };

  const expansion = count(root, basePath);
  if (refusal) return { ok: false, ...(refusal as { path: PathSegment[]; message: string }) };
  return { ok: true, expansion };
}

export type WorkCheck =
  | { ok: true; work: number }
  | { ok: false; path: PathSegment[]; message: string };

const verdicts = new Map<string, boolean>();

function regexIsSafe(source: string): boolean {
  let safe = verdicts.get(source);
  if (safe === undefined) {
    safe = checkRegexSafety(source).safe;
    if (verdicts.size >= 1000) verdicts.clear();
    verdicts.set(source, safe);
  }
  return safe;
}

type Location = { parent: Location | null; segment: PathSegment };
type Pending = { schema: unknown; instance: unknown; at: Location };

function pathOf(at: Location): PathSegment[] {
  const path: PathSegment[] = [];
  for (let node: Location | null = at; node; node = node.parent) path.push(node.segment);
  return path.reverse();
}

/**
 * Counts, without validating, the schema evaluations the validator would make for this input
 * (an upper bound: every branch of every applicator), stopping at `budget`. Iterative, so
 * neither the schema nor the input can exhaust the stack.
 */
export function validationWork(
  root: Record<string, unknown>,
  input: unknown,
  budget = MAX_VALIDATION_WORK,
): WorkCheck {
  let work = 0;
  const stack: Pending[] = [];
  const over = (at: Location): WorkCheck => ({
    ok: false,
    path: pathOf(at),
    message: `the input needs more than ${budget} schema evaluations; send less data per execution`,
  });
  const patterns = new Map<string, RegExp | null>();
  const compiled = (source: string): RegExp | null => {
    if (!patterns.has(source)) {
      try {
        patterns.set(source, new RegExp(source, "u"));
      } catch {
        patterns.set(source, null);
      }
    }
    return patterns.get(source) ?? null;
  };
  /** Charges one evaluation; false once the budget is spent. */
  const push = (schema: unknown, instance: unknown, at: Location): boolean => {
    work++;
    if (typeof instance === "string" && isPlainObject(schema)) {
      if (schema.pattern !== undefined) work += Math.floor(instance.length / CHARS_PER_WORK);
      if (schema.format !== undefined) work += Math.floor(instance.length / FORMAT_CHARS_PER_WORK);
    }
    if (work > budget) return false;
    stack.push({ schema, instance, at });
    return true;
  };
  const start: Location = { parent: null, segment: "input" };
  if (!push(root, input, start)) return over(start);
  const unsafe = (at: Location): WorkCheck => ({
    ok: false,
    path: pathOf(at),
    message:
      "the connector's input schema has a regular expression that can backtrack catastrophically; fix the connector to run it",
  });
  while (stack.length > 0) {
    const { schema, instance, at } = stack.pop() as Pending;
    if (!isPlainObject(schema)) continue;
    // Schemas saved before the ReDoS check are judged before any of their patterns runs.
    if (typeof instance === "string" && typeof schema.pattern === "string") {
      if (!regexIsSafe(schema.pattern)) return unsafe(at);
    }
    if (isPlainObject(instance) && isPlainObject(schema.patternProperties)) {
      if (!Object.keys(schema.patternProperties).every(regexIsSafe)) return unsafe(at);
    }
    if (schema.uniqueItems === true && Array.isArray(instance)) {
      if (instance.length > MAX_UNIQUE_ITEMS) {
        return {
          ok: false,
          path: pathOf(at),
          message: `uniqueItems applies to arrays of at most ${MAX_UNIQUE_ITEMS} items`,
        };
      }
    }
    for (const edge of edges(root, schema)) {
      const [keyword, name] = edge.at;
      // Pushes the evaluation of a child; the child's location when the budget is spent.
      const child = (segment: PathSegment, value: unknown): Location | null => {
        const location = { parent: at, segment };
        return push(edge.schema, value, location) ? null : location;
      };
      let spent: Location | null = null;
      if (edge.inPlace) {
        if (!push(edge.schema, instance, at)) spent = at;
      } else if (Array.isArray(instance)) {
        if (typeof name === "number") {
          // prefixItems[i], or the tuple form items[i]: one item.
          if (name < instance.length) spent = child(name, instance[name]);
        } else if (ITEM_KEYWORDS.has(String(keyword))) {
          // Counted over every item: an upper bound for items after a prefix.
          for (let i = 0; i < instance.length && !spent; i++) spent = child(i, instance[i]);
        }
      } else if (isPlainObject(instance)) {
        const keys = keyword === "properties" ? [String(name)] : Object.keys(instance);
        const regex = keyword === "patternProperties" ? compiled(String(name)) : null;
        for (const key of keys) {
          if (spent) break;
          if (keyword === "properties") {
            if (Object.hasOwn(instance, key)) spent = child(key, instance[key]);
          } else if (keyword === "patternProperties") {
            work += 1 + Math.floor(key.length / CHARS_PER_WORK);
            if (work > budget) spent = at;
            else if (regex?.test(key)) spent = child(key, instance[key]);
          } else if (keyword === "propertyNames") spent = child(key, key);
          else if (keyword === "additionalProperties" || keyword === "unevaluatedProperties") {
            spent = child(key, instance[key]);
          }
        }
      }
      if (spent) return over(spent);
    }
  }
  return { ok: true, work };
}
