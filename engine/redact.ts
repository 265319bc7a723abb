// Redaction by value (README "Executions", docs/SECURITY.md): every spelling of a credential value
// (engine/spellings.ts) is replaced by [REDACTED], in strings and deep in JSON values, where
// numbers and booleans whose text holds a secret become the string "[REDACTED]". Any non-empty
// secret is redacted, however short: a short secret makes traces noisier, but a length threshold
// would let it leak.
import { isPlainObject, type JsonValue, utf8Length } from "./json.ts";
import {
  base64Encode,
  basicAuthSpellings,
  enumeratedSpellings,
  REDACTED,
  SecretMatcher,
} from "./spellings.ts";

export { base64Encode, REDACTED };

const encoder = new TextEncoder();

/** The spellings of one secret that are looked for verbatim (decoded forms are found too). */
export function secretVariants(secret: string): string[] {
  const { text, caseSensitive } = enumeratedSpellings(secret);
  return [...text, ...caseSensitive];
}

/** Basic auth's combined form, `base64(username:secret)`, and its plain form. */
export function basicAuthVariants(username: string, secret: string): string[] {
  return basicAuthSpellings(username, secret);
}

const UNTAGGED = "";

export class Redactor {
  private readonly matcher = new SecretMatcher();

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.addSecret(secret);
  }

  /** Adds a secret and all its spellings; `tag` names what it belongs to (a credential). */
  addSecret(secret: string, tag: string = UNTAGGED): void {
    this.matcher.add(secret, tag);
  }

  /** Adds exact strings to redact (e.g. `basicAuthVariants`). */
  addExact(values: Iterable<string>, tag: string = UNTAGGED): void {
    this.matcher.addExact(values, tag);
  }

  get size(): number {
    return this.matcher.size;
  }

  /** Whether `text` holds any spelling of any secret. */
  contains(text: string): boolean {
    return this.matcher.contains(text);
  }

  /** Tags of the secrets `text` holds a spelling of, added to `into`. */
  tagsIn(text: string, into: Set<string>): Set<string> {
    return this.matcher.tagsIn(text, into);
  }

  redactString(text: string): string {
    return this.matcher.redact(text);
  }

  /** Redacts every string (keys too), number and boolean deep in a JSON value; a new value. */
  redactJson<T extends JsonValue | undefined>(value: T): T {
    if (this.matcher.size === 0 || value === undefined) return value;
    return this.redactInner(value) as T;
  }

  /** Copy-on-write: a value with nothing to redact comes back as the same object. */
  private redactInner(value: JsonValue): JsonValue {
    if (typeof value === "string") return this.redactString(value);
    if (typeof value === "number" || typeof value === "boolean") {
      return this.matcher.contains(String(value)) ? REDACTED : value;
    }
    if (Array.isArray(value)) {
      let out: JsonValue[] | null = null;
      for (let i = 0; i < value.length; i++) {
        const item = value[i] as JsonValue;
        const redacted = this.redactInner(item);
        if (redacted !== item && out === null) out = value.slice(0, i);
        if (out !== null) out.push(redacted);
      }
      return out ?? value;
    }
    if (isPlainObject(value)) {
      let out: [string, JsonValue][] | null = null;
      const keys = Object.keys(value);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        const item = value[key] as JsonValue;
        const k = this.redactString(key);
        const v = this.redactInner(item);
        if ((k !== key || v !== item) && out === null) {
          out = keys.slice(0, i).map((earlier) => [earlier, value[earlier] as JsonValue]);
        }
        if (out !== null) out.push([k, v]);
      }
      return out === null ? value : Object.fromEntries(out);
    }
    return value;
  }

  /**
   * Parses JSON text with every number whose source digits hold a secret already replaced, so
   * a long digits-only key echoed as a number cannot survive as a rounded double.
   */
  parseJson(text: string): JsonValue {
    if (this.matcher.size === 0 || !this.matcher.contains(text)) return JSON.parse(text);
    return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) => {
      if (typeof value === "number" && context?.source && this.matcher.contains(context.source)) {
        return REDACTED;
      }
      return value;
    }) as JsonValue;
  }
}

/** Cuts text to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): { text: string; truncated: boolean } {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: short texts need no encoding to be measured.
  if (text.length * 3 <= maxBytes || utf8Length(text) <= maxBytes)
    return { text, truncated: false };
  const bytes = encoder.encode(text);
  if (bytes.length <= maxBytes) return { text, truncated: false };
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) so the cut lands on a character boundary.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return { text: new TextDecoder().decode(bytes.subarray(0, end)), truncated: true };
}
