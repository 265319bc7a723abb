// JSON value type and guards shared by the engine modules.

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export type JsonObject = { [key: string]: JsonValue };

/** Keys that must never resolve through an interpolation or JSONPath, whatever the data holds. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set([
  "__proto__",
  "constructor",
  "prototype",
]);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

const MAX_DEPTH = 64;

export function isJsonValue(value: unknown, depth = 0): value is JsonValue {
  if (depth > MAX_DEPTH) return false;
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isJsonValue(item, depth + 1));
  if (isPlainObject(value)) {
    return Object.keys(value).every((key) => isJsonValue(value[key], depth + 1));
  }
  return false;
}

/** Own-property lookup that never reaches a prototype. */
export function ownValue(container: JsonValue | undefined, key: string): JsonValue | undefined {
  if (PROTOTYPE_KEYS.has(key) || container === null || container === undefined) return undefined;
  if (Array.isArray(container)) {
    if (!/^(0|[1-9][0-9]{0,9})$/.test(key)) return undefined;
    const index = Number(key);
    return index < container.length ? container[index] : undefined;
  }
  if (isPlainObject(container) && Object.hasOwn(container, key)) return container[key];
  return undefined;
}

/** Defines `target[key]` as an own data property, also for names Object.prototype has. */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  // Plain assignment creates the same own data property, unless Object.prototype has the name
  // ("__proto__" is a setter there; a frozen prototype would make assignment throw).
  if (key in Object.prototype) {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else target[key] = value;
}

/** Freezes a value and everything reachable from it (shared, cached results). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/** UTF-8 byte length without allocating an encoded copy. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Whether JSON text nests containers (objects, arrays) deeper than `maxDepth`. One linear scan
 * that skips string contents; malformed text is left for JSON.parse to refuse.
 */
export function jsonTextTooDeep(text: string, maxDepth: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) {
      // Skip to the closing quote; a backslash escapes the next character.
      for (i++; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x5c) i++;
        else if (c === 0x22) break;
      }
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > maxDepth) return true;
    } else if (code === 0x5d || code === 0x7d) depth--;
  }
  return false;
}

export type JsonParse = { ok: true; value: JsonValue } | { ok: false; reason: "syntax" | "depth" };

/** JSON.parse behind a nesting cap: every later walk (redaction, JSONPath, serialisation) stays shallow. */
export function parseJsonBounded(text: string, maxDepth: number): JsonParse {
  if (jsonTextTooDeep(text, maxDepth)) return { ok: false, reason: "depth" };
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch {
    return { ok: false, reason: "syntax" };
  }
}

/**
 * Whether a value nests containers deeper than `maxDepth` (the value itself, if a container, is
 * level 1). Iterative, so a hostile value cannot exhaust the stack while being measured.
 */
export function jsonValueTooDeep(value: unknown, maxDepth: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== "object" || current === null) continue;
    if (depth > maxDepth) return true;
    const children = Array.isArray(current) ? current : Object.values(current);
    for (const child of children) {
      if (typeof child === "object" && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}
