// Redaction by value (SPEC §6.5): every spelling of a credential value that a request or an
// echoing target can produce is replaced by [REDACTED], in strings and deep in JSON values.
// Any non-empty secret is redacted, however short: a short secret makes traces noisier, but a
// length threshold would let it leak.
import { isPlainObject, type JsonValue, utf8Length } from "./json.ts";
import { escapeXml } from "./template.ts";

export const REDACTED = "[REDACTED]";

const encoder = new TextEncoder();

export function base64Encode(text: string): string {
  let binary = "";
  for (const byte of encoder.encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** application/x-www-form-urlencoded, as URLSearchParams writes it, from encodeURIComponent's output. */
function formEncode(uriEncoded: string): string {
  return uriEncoded
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

/** The spellings of one secret that a trace may contain. */
export function secretVariants(secret: string): string[] {
  if (secret === "") return [];
  const base64 = base64Encode(secret);
  const uri = encodeURIComponent(secret);
  const variants = [
    secret,
    uri,
    uri.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    encodeURI(secret),
    formEncode(uri),
    base64,
    base64.replace(/=+$/, ""),
    base64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""),
    JSON.stringify(secret).slice(1, -1),
    escapeXml(secret),
  ];
  return [...new Set(variants.filter((v) => v !== ""))];
}

/** Basic auth's combined form, `base64(username:secret)`, and its plain form. */
export function basicAuthVariants(username: string, secret: string): string[] {
  if (secret === "") return [];
  const pair = `${username}:${secret}`;
  return [...new Set([base64Encode(pair), base64Encode(pair).replace(/=+$/, ""), pair])];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export class Redactor {
  private readonly values = new Set<string>();
  private pattern: RegExp | null = null;

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.addSecret(secret);
  }

  /** Adds a secret and all its spellings. */
  addSecret(secret: string): void {
    this.addExact(secretVariants(secret));
  }

  /** Adds exact strings to redact (e.g. `basicAuthVariants`). */
  addExact(values: Iterable<string>): void {
    for (const value of values) {
      if (value !== "" && !this.values.has(value)) {
        this.values.add(value);
        this.pattern = null;
      }
    }
  }

  get size(): number {
    return this.values.size;
  }

  /** Built lazily: `new RegExp` is cheap, but V8 compiles it on its first use. */
  private regex(): RegExp | null {
    if (this.values.size === 0) return null;
    if (!this.pattern) {
      // Longest first, so a secret's encoded form is replaced whole before its raw substring.
      const sorted = [...this.values].sort((a, b) => b.length - a.length);
      this.pattern = new RegExp(sorted.map(escapeRegExp).join("|"), "g");
    }
    return this.pattern;
  }

  redactString(text: string): string {
    const pattern = this.regex();
    if (!pattern) return text;
    // Most strings hold no secret: a few substring searches are far cheaper than running the
    // alternation (and compiling it, once per run) over every trace.
    if (this.values.size <= 32) {
      let found = false;
      for (const value of this.values) {
        if (text.includes(value)) {
          found = true;
          break;
        }
      }
      if (!found) return text;
    }
    return text.replace(pattern, REDACTED);
  }

  /** Redacts every string (keys too) deep in a JSON value; returns a new value. */
  redactJson<T extends JsonValue | undefined>(value: T): T {
    if (this.values.size === 0 || value === undefined) return value;
    return this.redactInner(value) as T;
  }

  /** Copy-on-write: a value with nothing to redact comes back as the same object. */
  private redactInner(value: JsonValue): JsonValue {
    if (typeof value === "string") return this.redactString(value);
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
