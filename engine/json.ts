// JSON value type and guards shared by the engine modules.

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export type JsonObject = { [key: string]: JsonValue };

/** Keys that must never resolve through a template or JSONPath, whatever the data holds. */
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
