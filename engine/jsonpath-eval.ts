// A bounded evaluator for the RFC 9535 queries the engine accepts (everything but the regular
// expression functions). It follows jsonpath-rfc9535's semantics and node order (one FIFO queue
// per query, filters evaluated per candidate), but every node it visits, every value it
// compares and every character it measures is charged to a budget, so a hostile response plus
// `$..*..*..*` ends with `limit_exceeded` instead of millions of results.
import type { JsonPathQuery } from "jsonpath-rfc9535/parser";
import { StepError } from "./errors.ts";
import { isPlainObject, type JsonValue, utf8Length } from "./json.ts";

type Segment = JsonPathQuery["segments"][number];
type SegmentNode = Segment["node"];
type BracketedSelection = Extract<SegmentNode, { type: "BracketedSelection" }>;
type Selector = BracketedSelection["selectors"][number];
type SliceSelector = Extract<Selector, { type: "SliceSelector" }>;
type FilterSelector = Extract<Selector, { type: "FilterSelector" }>;
type LogicalExpr = FilterSelector["value"];
type ComparisonExpr = Extract<LogicalExpr, { type: "ComparisonExpr" }>;
type TestExpr = Extract<LogicalExpr, { type: "TestExpr" }>;
type FilterQuery = Extract<TestExpr["expression"], { type: "FilterQuery" }>;
type FunctionExpr = Extract<TestExpr["expression"], { type: "FunctionExpr" }>;
type FunctionArgument = FunctionExpr["arguments"][number];
type Comparable = ComparisonExpr["left"];
type SingularQuery = Extract<Comparable, { type: "RelSingularQuery" | "AbsSingularQuery" }>;
type AnySegment = Segment | SingularQuery["segments"][number];

export type JsonPathBudget = {
  /** Nodes the evaluation may visit, filters and comparisons included. */
  maxNodes: number;
  /** Values the query may return. */
  maxValues: number;
  /** Serialised UTF-8 bytes the returned values may add up to. */
  maxBytes: number;
  /**
   * At `maxValues`, return the first `maxValues` values instead of failing: a paginated list's
   * items, which `maxItems` cuts anyway (engine/paginate.ts).
   */
  stopAtMaxValues?: boolean;
};

/** The result list of a (sub)query, as opposed to a JSON array value. */
class NodeList {
  readonly items: JsonValue[];

  constructor(items: JsonValue[]) {
    this.items = items;
  }
}
const NOTHING: unique symbol = Symbol("Nothing");
type Evaluated = JsonValue | NodeList | typeof NOTHING;

// Characters compared or measured per charged node: cheap work, but not free.
const CHARS_PER_NODE = 64;

class Evaluation {
  private remaining: number;
  readonly root: JsonValue;

  constructor(root: JsonValue, budget: number) {
    this.root = root;
    this.remaining = budget;
  }

  charge(nodes = 1): void {
    this.remaining -= nodes;
    if (this.remaining < 0) {
      throw new StepError(
        "limit_exceeded",
        "the JSONPath visited more nodes than the engine allows for one evaluation",
      );
    }
  }

  chargeChars(length: number): void {
    if (length >= CHARS_PER_NODE) this.charge(Math.floor(length / CHARS_PER_NODE));
  }
}

/** Runs the segments from `start`, breadth first like the library, calling `emit` per result. */
function runQuery(
  ev: Evaluation,
  start: JsonValue,
  segments: readonly AnySegment[],
  emit: (value: JsonValue) => void,
): void {
  let values: JsonValue[] = [start];
  let indices: number[] = [0];
  let head = 0;
  ev.charge();
  const push = (value: JsonValue, index: number) => {
    ev.charge();
    values.push(value);
    indices.push(index);
  };
  while (head < values.length) {
    const value = values[head] as JsonValue;
    const index = indices[head] as number;
    head++;
    if (head > 4096 && head * 2 > values.length) {
      values = values.slice(head);
      indices = indices.slice(head);
      head = 0;
    }
    const segment = segments[index];
    if (segment === undefined) {
      emit(value);
      continue;
    }
    visitNode(ev, value, index, segment.node, push);
    if (segment.type === "DescendantSegment") {
      if (Array.isArray(value)) {
        for (const child of value) push(child, index);
      } else if (isPlainObject(value)) {
        for (const key of Object.keys(value)) push(value[key] as JsonValue, index);
      }
    }
  }
}

type Push = (value: JsonValue, index: number) => void;

function visitNode(
  ev: Evaluation,
  value: JsonValue,
  index: number,
  node: AnySegment["node"],
  push: Push,
): void {
  if (node.type === "BracketedSelection") {
    for (const selector of node.selectors) visitSelector(ev, value, index, selector, push);
  } else if (node.type === "MemberNameShorthand") {
    visitName(value, index, node.value, push);
  } else visitSelector(ev, value, index, node, push);
}

function visitWildcard(value: JsonValue, index: number, push: Push): void {
  if (Array.isArray(value)) {
    for (const child of value) push(child, index + 1);
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) push(value[key] as JsonValue, index + 1);
  }
}

function visitName(value: JsonValue, index: number, name: string, push: Push): void {
  if (isPlainObject(value) && Object.hasOwn(value, name)) push(value[name] as JsonValue, index + 1);
}

function visitIndex(value: JsonValue, index: number, at: number, push: Push): void {
  if (!Array.isArray(value)) return;
  const position = at < 0 ? value.length + at : at;
  if (position >= 0 && position < value.length) push(value[position] as JsonValue, index + 1);
}

function visitSelector(
  ev: Evaluation,
  value: JsonValue,
  index: number,
  selector: Selector,
  push: Push,
): void {
  switch (selector.type) {
    case "NameSelector":
      visitName(value, index, selector.value, push);
      return;
    case "IndexSelector":
      visitIndex(value, index, selector.value, push);
      return;
    case "WildcardSelector":
      visitWildcard(value, index, push);
      return;
    case "SliceSelector":
      if (Array.isArray(value)) visitSlice(value, index, selector, push);
      return;
    case "FilterSelector": {
      const candidates = Array.isArray(value)
        ? value
        : isPlainObject(value)
          ? Object.keys(value).map((key) => value[key] as JsonValue)
          : [];
      for (const candidate of candidates) {
        ev.charge();
        if (evalLogical(ev, candidate, selector.value)) push(candidate, index + 1);
      }
      return;
    }
  }
}

// RFC 9535 §2.3.4.2.2, as the library computes it.
function visitSlice(value: JsonValue[], index: number, node: SliceSelector, push: Push): void {
  const length = value.length;
  const normalize = (i: number) => (i >= 0 ? i : length + i);
  const step = node.step ?? 1;
  const start = node.start === null ? (step >= 0 ? 0 : length - 1) : normalize(node.start);
  const end = node.end === null ? (step >= 0 ? length : -length - 1) : normalize(node.end);
  if (step > 0) {
    const lower = Math.min(Math.max(start, 0), length);
    const upper = Math.min(Math.max(end, 0), length);
    for (let i = lower; i < upper; i += step) push(value[i] as JsonValue, index + 1);
  } else if (step < 0) {
    const upper = Math.min(Math.max(start, -1), length - 1);
    const lower = Math.min(Math.max(end, -1), length - 1);
    for (let i = upper; lower < i; i += step) push(value[i] as JsonValue, index + 1);
  }
}

function evalLogical(ev: Evaluation, current: JsonValue, node: LogicalExpr): boolean {
  switch (node.type) {
    case "LogicalNotExpr":
      return !evalLogical(ev, current, node.expression);
    case "LogicalAndExpr":
      return evalLogical(ev, current, node.left) && evalLogical(ev, current, node.right);
    case "LogicalOrExpr":
      return evalLogical(ev, current, node.left) || evalLogical(ev, current, node.right);
    case "TestExpr":
      if (node.expression.type === "FilterQuery") {
        return evalFilterQuery(ev, current, node.expression).items.length > 0;
      }
      return evalFunction(ev, current, node.expression) === true;
    case "ComparisonExpr":
      return compare(
        ev,
        evalComparable(ev, current, node.left),
        evalComparable(ev, current, node.right),
        node.op,
      );
  }
}

function evalFilterQuery(ev: Evaluation, current: JsonValue, node: FilterQuery): NodeList {
  const list: JsonValue[] = [];
  const start = node.value.type === "RelQuery" ? current : ev.root;
  runQuery(ev, start, node.value.segments, (value) => list.push(value));
  return new NodeList(list);
}

function evalComparable(ev: Evaluation, current: JsonValue, node: Comparable): Evaluated {
  switch (node.type) {
    case "Literal":
      return node.value;
    case "RelSingularQuery":
    case "AbsSingularQuery": {
      const start = node.type === "RelSingularQuery" ? current : ev.root;
      if (node.segments.length === 0) return start;
      const list: JsonValue[] = [];
      runQuery(ev, start, node.segments, (value) => list.push(value));
      return new NodeList(list);
    }
    case "FunctionExpr":
      return evalFunction(ev, current, node);
  }
}

type Parameter = "ValueType" | "NodesType";
const FUNCTION_PARAMETERS: Readonly<Record<string, readonly Parameter[]>> = {
  length: ["ValueType"],
  count: ["NodesType"],
  value: ["NodesType"],
};

function isValue(value: Evaluated | boolean): value is JsonValue {
  return value !== NOTHING && !(value instanceof NodeList);
}

function evalArgument(ev: Evaluation, current: JsonValue, node: FunctionArgument): Evaluated {
  switch (node.type) {
    case "FunctionExpr":
      return evalFunction(ev, current, node);
    case "FilterQuery":
      return evalFilterQuery(ev, current, node);
    case "Literal":
      return node.value;
    default:
      return evalLogical(ev, current, node);
  }
}

function evalFunction(ev: Evaluation, current: JsonValue, node: FunctionExpr): Evaluated {
  const parameters = Object.hasOwn(FUNCTION_PARAMETERS, node.name)
    ? FUNCTION_PARAMETERS[node.name]
    : undefined;
  if (!parameters || parameters.length !== node.arguments.length) return false;
  const args: Evaluated[] = [];
  for (const [i, parameter] of parameters.entries()) {
    const value = evalArgument(ev, current, node.arguments[i] as FunctionArgument);
    if (parameter === "NodesType") {
      if (!(value instanceof NodeList)) return false;
      args.push(value);
    } else if (value instanceof NodeList) {
      args.push(value.items.length === 1 ? (value.items[0] as JsonValue) : NOTHING);
    } else if (isValue(value)) args.push(value);
    else return false;
  }
  const [arg] = args;
  switch (node.name) {
    case "length":
      if (typeof arg === "string") {
        ev.chargeChars(arg.length);
        let count = 0;
        for (let i = 0; i < arg.length; i++) {
          const code = arg.charCodeAt(i);
          if (code < 0xd800 || code > 0xdfff) count++;
        }
        return count;
      }
      if (Array.isArray(arg)) return arg.length;
      if (isPlainObject(arg)) {
        const keys = Object.keys(arg).length;
        ev.chargeChars(keys);
        return keys;
      }
      return NOTHING;
    case "count":
      return (arg as NodeList).items.length;
    default: {
      const items = (arg as NodeList).items;
      return items.length === 1 ? (items[0] as JsonValue) : NOTHING;
    }
  }
}

type Kind = "string" | "number" | "boolean" | "null" | "object" | "array" | "nodes" | "nothing";

function kindOf(value: Evaluated): Kind {
  if (value === NOTHING) return "nothing";
  if (value instanceof NodeList) return "nodes";
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "object") return "object";
  return typeof value as "string" | "number" | "boolean";
}

function isEqual(ev: Evaluation, left: Evaluated, right: Evaluated): boolean {
  ev.charge();
  const kind = kindOf(left);
  if (kind !== kindOf(right)) return false;
  switch (kind) {
    case "string":
      ev.chargeChars((left as string).length);
      return left === right;
    case "number":
    case "boolean":
    case "null":
      return left === right;
    case "object": {
      const a = left as Record<string, JsonValue>;
      const b = right as Record<string, JsonValue>;
      const keys = Object.keys(a);
      if (keys.length !== Object.keys(b).length) return false;
      return keys.every(
        (key) => Object.hasOwn(b, key) && isEqual(ev, a[key] as JsonValue, b[key] as JsonValue),
      );
    }
    case "array":
    case "nodes": {
      const a = left instanceof NodeList ? left.items : (left as JsonValue[]);
      const b = right instanceof NodeList ? right.items : (right as JsonValue[]);
      if (a.length !== b.length) return false;
      return a.every((item, i) => isEqual(ev, item, b[i] as JsonValue));
    }
    default:
      return false;
  }
}

function lessThan(ev: Evaluation, a: Evaluated, b: Evaluated): boolean {
  if (typeof a === "number" && typeof b === "number") return a < b;
  if (typeof a !== "string" || typeof b !== "string") return false;
  ev.chargeChars(Math.min(a.length, b.length));
  // Code unit order, as the library compares.
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) {
    const diff = a.charCodeAt(i) - b.charCodeAt(i);
    if (diff !== 0) return diff < 0;
  }
  return a.length < b.length;
}

type Op = ComparisonExpr["op"];

/** The library's comparison rules (RFC 9535 §2.3.5.2.2, with its treatment of node lists). */
function compare(ev: Evaluation, a: Evaluated, b: Evaluated, op: Op): boolean {
  const left = a instanceof NodeList && a.items.length === 1 ? (a.items[0] as JsonValue) : a;
  const right = b instanceof NodeList && b.items.length === 1 ? (b.items[0] as JsonValue) : b;
  const kind = kindOf(left);
  const equal = (): boolean => {
    switch (kind) {
      case "string":
      case "number":
        return kindOf(right) === kind && isEqual(ev, left, right);
      case "boolean":
      case "null":
        return left === right;
      case "object":
        return isEqual(ev, left, right);
      case "array":
        return !(right instanceof NodeList) && isEqual(ev, left, right);
      case "nothing":
        return right === NOTHING || (right instanceof NodeList && right.items.length === 0);
      case "nodes":
        return (right instanceof NodeList && isEqual(ev, left, right)) || right === NOTHING;
    }
  };
  const ordered = kind === "string" || kind === "number";
  switch (op) {
    case "==":
      return equal();
    case "!=":
      return !equal();
    case "<":
      return ordered && lessThan(ev, left, right);
    case ">":
      return ordered && lessThan(ev, right, left);
    case "<=":
      return (ordered && lessThan(ev, left, right)) || equal();
    case ">=":
      return (ordered && lessThan(ev, right, left)) || equal();
  }
}

/** Bytes a value adds to an extraction, as JSON. */
export function serialisedBytes(value: JsonValue): number {
  return utf8Length(JSON.stringify(value));
}

/**
 * At least the longest a double serialises to: 17 significant digits, a sign and either an
 * exponent (`-1.7976931348623157e+308`, 24 bytes) or up to six leading zeros
 * (`-0.0000012345678901234567`, 25 bytes).
 */
const MAX_NUMBER_BYTES = 26;

/**
 * An upper bound of `serialisedBytes(value)` that costs nothing for a scalar: a string's UTF-16
 * unit serialises to at most 6 bytes (`\uXXXX`; a character outside the BMP is 4 UTF-8 bytes for
 * two units), plus its quotes. Containers are measured exactly.
 */
export function serialisedBytesBound(value: JsonValue): number {
  if (typeof value === "string") return value.length * 6 + 2;
  if (typeof value === "number") return MAX_NUMBER_BYTES;
  if (typeof value === "boolean" || value === null) return 5;
  return serialisedBytes(value);
}

/**
 * Whether values (each followed by a separator byte) serialise to more than `maxBytes`. The
 * bounds are summed first; only when they pass the limit is every value measured exactly.
 */
export function exceedsBytes(values: readonly JsonValue[], maxBytes: number): boolean {
  let bound = 0;
  for (let i = 0; i < values.length; i++) {
    bound += serialisedBytesBound(values[i] as JsonValue) + 1;
    if (bound > maxBytes) break;
  }
  if (bound <= maxBytes) return false;
  let bytes = 0;
  for (let i = 0; i < values.length; i++) {
    bytes += serialisedBytes(values[i] as JsonValue) + 1;
    if (bytes > maxBytes) return true;
  }
  return false;
}

/** Told apart from the other limits so that `stopAtMaxValues` can end the evaluation early. */
export class ValuesLimitError extends StepError {}

export function valuesLimitError(maxValues: number): StepError {
  return new ValuesLimitError(
    "limit_exceeded",
    `the JSONPath matched more than ${maxValues} values`,
  );
}

export function bytesLimitError(maxBytes: number): StepError {
  return new StepError(
    "limit_exceeded",
    `the JSONPath's values exceed ${Math.floor(maxBytes / 1024)} KiB serialised`,
  );
}

/** Evaluates a parsed query within the budget; throws StepError(limit_exceeded) past it. */
export function evaluateQuery(
  ast: JsonPathQuery,
  document: JsonValue,
  budget: JsonPathBudget,
): JsonValue[] {
  const ev = new Evaluation(document, budget.maxNodes);
  const out: JsonValue[] = [];
  // An upper bound is summed until it passes the limit; from then on, the exact size (which is
  // never above the bound, so the limit is hit at the same value as when measuring every one).
  let bound = 0;
  let bytes = -1;
  try {
    runQuery(ev, document, ast.segments, (value) => {
      if (out.length >= budget.maxValues) throw valuesLimitError(budget.maxValues);
      if (bytes < 0) {
        bound += serialisedBytesBound(value) + 1;
        if (bound > budget.maxBytes) {
          bytes = 0;
          for (const earlier of out) bytes += serialisedBytes(earlier) + 1;
        }
      }
      if (bytes >= 0) {
        bytes += serialisedBytes(value) + 1;
        if (bytes > budget.maxBytes) throw bytesLimitError(budget.maxBytes);
      }
      out.push(value);
    });
  } catch (error) {
    if (!(budget.stopAtMaxValues && error instanceof ValuesLimitError)) throw error;
  }
  return out;
}
