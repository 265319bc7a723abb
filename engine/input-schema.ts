// A connector's `input` is JSON Schema (2020-12 by default), validated with @cfworker/json-schema,
// which needs no eval/new Function and so runs on Workers. That library does not check a schema
// itself, so `checkInputSchema` does the structural meta-check a definition needs at save time.
import { type Schema, Validator } from "@cfworker/json-schema";
import type { DefinitionProblem } from "./errors.ts";
import { isPlainObject, type JsonValue, jsonValueTooDeep } from "./json.ts";
import { MAX_INPUT_DEPTH } from "./limits.ts";
import { formatPath, type PathSegment } from "./path.ts";
import { resolveRef, schemaExpansion, validationWork } from "./schema-budget.ts";

const TYPES = new Set(["array", "boolean", "integer", "null", "number", "object", "string"]);
const SCHEMA_MAPS = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
const SCHEMA_ARRAYS = ["allOf", "anyOf", "oneOf", "prefixItems"];
const SINGLE_SCHEMAS = [
  "not",
  "if",
  "then",
  "else",
  "additionalProperties",
  "additionalItems",
  "unevaluatedProperties",
  "unevaluatedItems",
  "contains",
  "propertyNames",
];
const COUNTS = [
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "minProperties",
  "maxProperties",
  "minContains",
  "maxContains",
];
const NUMBERS = ["minimum", "maximum", "multipleOf"];
const MAX_DEPTH = 32;

function regexProblem(source: string): string | null {
  try {
    new RegExp(source, "u");
    return null;
  } catch {
    return "is not a valid regular expression";
  }
}

function checkSchema(
  schema: unknown,
  path: PathSegment[],
  problems: DefinitionProblem[],
  depth: number,
): void {
  const add = (at: PathSegment[], message: string) =>
    problems.push({ path: formatPath(at), message });
  if (typeof schema === "boolean") return;
  if (!isPlainObject(schema)) {
    add(path, "must be a JSON Schema (an object or a boolean)");
    return;
  }
  if (depth > MAX_DEPTH) {
    add(path, `schema nesting is deeper than ${MAX_DEPTH}`);
    return;
  }
  const type = schema.type;
  if (type !== undefined) {
    const list = Array.isArray(type) ? type : [type];
    const valid =
      list.length > 0 &&
      list.every((t) => typeof t === "string" && TYPES.has(t)) &&
      new Set(list).size === list.length;
    if (!valid) add([...path, "type"], `must be one or more of ${[...TYPES].join(", ")}`);
  }
  for (const key of SCHEMA_MAPS) {
    const value = schema[key];
    if (value === undefined) continue;
    if (!isPlainObject(value)) {
      add([...path, key], "must be an object of schemas");
      continue;
    }
    for (const [name, sub] of Object.entries(value)) {
      if (key === "patternProperties") {
        const problem = regexProblem(name);
        if (problem) add([...path, key, name], `key ${problem}`);
      }
      checkSchema(sub, [...path, key, name], problems, depth + 1);
    }
  }
  for (const key of SCHEMA_ARRAYS) {
    const value = schema[key];
    if (value === undefined) continue;
    if (!Array.isArray(value) || value.length === 0) {
      add([...path, key], "must be a non-empty array of schemas");
      continue;
    }
    value.forEach((sub, index) => {
      checkSchema(sub, [...path, key, index], problems, depth + 1);
    });
  }
  for (const key of SINGLE_SCHEMAS) {
    if (schema[key] !== undefined) checkSchema(schema[key], [...path, key], problems, depth + 1);
  }
  const items = schema.items;
  if (Array.isArray(items)) {
    items.forEach((sub, index) => {
      checkSchema(sub, [...path, "items", index], problems, depth + 1);
    });
  } else if (items !== undefined) {
    checkSchema(items, [...path, "items"], problems, depth + 1);
  }
  const required = schema.required;
  if (required !== undefined) {
    const valid =
      Array.isArray(required) &&
      required.every((r) => typeof r === "string") &&
      new Set(required).size === required.length;
    if (!valid) add([...path, "required"], "must be an array of unique property names");
  }
  if (schema.enum !== undefined && !Array.isArray(schema.enum)) {
    add([...path, "enum"], "must be an array");
  }
  for (const key of COUNTS) {
    const value = schema[key];
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0)) {
      add([...path, key], "must be a non-negative integer");
    }
  }
  for (const key of NUMBERS) {
    const value = schema[key];
    if (value !== undefined && typeof value !== "number") add([...path, key], "must be a number");
  }
  if (typeof schema.multipleOf === "number" && schema.multipleOf <= 0) {
    add([...path, "multipleOf"], "must be greater than 0");
  }
  for (const key of ["exclusiveMinimum", "exclusiveMaximum"]) {
    const value = schema[key];
    if (value !== undefined && typeof value !== "number" && typeof value !== "boolean") {
      add([...path, key], "must be a number");
    }
  }
  if (schema.pattern !== undefined) {
    const problem =
      typeof schema.pattern === "string" ? regexProblem(schema.pattern) : "must be a string";
    if (problem) add([...path, "pattern"], problem);
  }
  for (const key of ["format", "$schema", "$id", "$anchor", "title", "description"]) {
    if (schema[key] !== undefined && typeof schema[key] !== "string") {
      add([...path, key], "must be a string");
    }
  }
  if (schema.$ref !== undefined) {
    if (typeof schema.$ref !== "string" || !schema.$ref.startsWith("#")) {
      add([...path, "$ref"], "only local references (#/...) are supported");
    }
  }
}

function collectRefs(
  node: unknown,
  path: PathSegment[],
  out: { path: PathSegment[]; ref: string }[],
) {
  if (Array.isArray(node)) {
    node.forEach((item, index) => {
      collectRefs(item, [...path, index], out);
    });
  } else if (isPlainObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string")
        out.push({ path: [...path, key], ref: value });
      else if (key !== "enum" && key !== "const" && key !== "default" && key !== "examples") {
        collectRefs(value, [...path, key], out);
      }
    }
  }
}

/** Problems with a definition's `input` schema, with paths starting at `input`. */
export function checkInputSchema(schema: unknown): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  if (!isPlainObject(schema)) {
    return [{ path: "input", message: "must be a JSON Schema object" }];
  }
  checkSchema(schema, ["input"], problems, 0);
  const type = schema.type;
  if (
    type !== undefined &&
    type !== "object" &&
    !(Array.isArray(type) && type.includes("object"))
  ) {
    problems.push({
      path: "input.type",
      message: 'an input schema must accept an object ("object")',
    });
  }
  if (problems.length > 0) return problems;
  const refs: { path: PathSegment[]; ref: string }[] = [];
  collectRefs(schema, ["input"], refs);
  for (const { path, ref } of refs) {
    if (resolveRef(schema, ref) === undefined) {
      problems.push({ path: formatPath(path), message: `reference ${ref} does not resolve` });
    }
  }
  if (problems.length > 0) return problems;
  // Before the validator sees it: validating even `{}` walks every in-place branch.
  const expansion = schemaExpansion(schema, ["input"]);
  if (!expansion.ok) return [{ path: formatPath(expansion.path), message: expansion.message }];
  try {
    new Validator(schema as Schema, "2020-12", false).validate({});
  } catch (error) {
    const detail = error instanceof Error ? (error.message.split("\n")[0] ?? "") : "";
    problems.push({ path: "input", message: `is not a usable JSON Schema: ${detail}` });
  }
  return problems;
}

export type InputValidation =
  | { ok: true }
  | { ok: false; errors: { path: string; message: string }[] };

/**
 * What any input must be before a schema or a database sees it: a JSON object nested at most
 * MAX_INPUT_DEPTH levels (the object itself is level 1).
 */
export function checkInputShape(input: unknown): InputValidation {
  if (!isPlainObject(input)) {
    return { ok: false, errors: [{ path: "input", message: "input must be a JSON object" }] };
  }
  if (jsonValueTooDeep(input, MAX_INPUT_DEPTH)) {
    return {
      ok: false,
      errors: [{ path: "input", message: `input may nest at most ${MAX_INPUT_DEPTH} levels` }],
    };
  }
  return { ok: true };
}

/** Validates an execution's input against the connector's schema (none: any object). */
export function validateInput(schema: JsonValue | undefined, input: unknown): InputValidation {
  const shape = checkInputShape(input);
  if (!shape.ok) return shape;
  if (schema === undefined || schema === null) return { ok: true };
  if (isPlainObject(schema)) {
    const work = validationWork(schema, input);
    if (!work.ok)
      return { ok: false, errors: [{ path: formatPath(work.path), message: work.message }] };
  }
  let result: ReturnType<Validator["validate"]>;
  try {
    result = new Validator(schema as Schema, "2020-12", false).validate(input);
  } catch {
    return {
      ok: false,
      errors: [{ path: "input", message: "the connector's input schema is unusable" }],
    };
  }
  if (result.valid) return { ok: true };
  return {
    ok: false,
    errors: result.errors.map((e) => ({
      path: `input${e.instanceLocation.replace(/^#/, "").replace(/\//g, ".")}`,
      message: e.error,
    })),
  };
}
