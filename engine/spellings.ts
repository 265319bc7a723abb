// Every spelling of a secret (docs/SECURITY.md): raw, percent- and form-encoded (as
// encodeURIComponent and as the WHATWG URL serialiser write it), JSON-escaped (any `\uXXXX`, `\/`),
// HTML entities and base64. Enumerated spellings are looked for in the text as is; escapes a vendor
// applies to only some characters are handled by decoding the text into a canonical form (with a
// map back to the original positions, for redaction). Secrets of 8 characters or more match
// case-insensitively.
import { escapeXml } from "./xml.ts";

export const CASE_INSENSITIVE_MIN_LENGTH = 8;
export const REDACTED = "[REDACTED]";

const encoder = new TextEncoder();

export function base64Encode(text: string): string {
  let binary = "";
  for (const byte of encoder.encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function base64Spellings(text: string): string[] {
  const base64 = base64Encode(text);
  const bare = base64.replace(/=+$/, "");
  return [base64, bare, bare.replace(/\+/g, "-").replace(/\//g, "_")];
}

/** Lower-cases per code point, keeping the length (and so positions); final sigma folds too. */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower.includes("ς") ? lower.replace(/ς/g, "σ") : lower;
  let out = "";
  for (const char of text) {
    const l = char.toLowerCase();
    out += l.length === char.length ? l : char;
  }
  return out.replace(/ς/g, "σ");
}

function serialised(set: (url: URL) => void, read: (url: URL) => string): string | null {
  try {
    const url = new URL("https://spelling.invalid/");
    set(url);
    return read(url);
  } catch {
    return null;
  }
}

/** How the WHATWG URL serialiser writes `secret` in a path, a query, userinfo and a fragment. */
function urlSpellings(secret: string): string[] {
  const out = [
    serialised(
      (u) => {
        u.pathname = `/${secret}`;
      },
      (u) => u.pathname.slice(1),
    ),
    serialised(
      (u) => {
        u.search = `?${secret}`;
      },
      (u) => u.search.slice(1),
    ),
    serialised(
      (u) => {
        u.username = secret;
      },
      (u) => u.username,
    ),
    serialised(
      (u) => {
        u.hash = `#${secret}`;
      },
      (u) => u.hash.slice(1),
    ),
    new URLSearchParams([["k", secret]]).toString().slice(2),
  ];
  return out.filter((s): s is string => s !== null);
}

/** The spellings of a secret looked for verbatim; `caseSensitive` ones (base64) never fold. */
export function enumeratedSpellings(secret: string): { text: string[]; caseSensitive: string[] } {
  if (secret === "") return { text: [], caseSensitive: [] };
  const uri = encodeURIComponent(secret);
  const text = [
    secret,
    uri,
    uri.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    encodeURI(secret),
    ...urlSpellings(secret),
    JSON.stringify(secret).slice(1, -1),
    JSON.stringify(secret).slice(1, -1).replace(/\//g, "\\/"),
    escapeXml(secret),
  ];
  return {
    text: [...new Set(text.filter((v) => v !== ""))],
    caseSensitive: [...new Set(base64Spellings(secret))],
  };
}

/** Basic auth's combined forms: `base64(username:secret)` and the plain pair. */
export function basicAuthSpellings(username: string, secret: string): string[] {
  if (secret === "") return [];
  const pair = `${username}:${secret}`;
  return [...new Set([...base64Spellings(pair), pair])];
}

const ESCAPE_HINT = /[\\%&+]/;
const NON_ASCII = /[^\t\n\r\x20-\x7e]/;
const HEX = /^[0-9a-fA-F]+$/;
const JSON_SIMPLE: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  "'": "'",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
};

type Decoded = { text: string; start: number[] | null; end: number[] | null };

function hexByte(text: string, at: number): number {
  if (text.charCodeAt(at) !== 37 /* % */) return -1;
  const pair = text.slice(at + 1, at + 3);
  return pair.length === 2 && HEX.test(pair) ? Number.parseInt(pair, 16) : -1;
}

/** A percent-encoded UTF-8 sequence at `at`: the character and how much text it used. */
function percentSequence(text: string, at: number): { char: string; length: number } | null {
  const first = hexByte(text, at);
  if (first < 0) return null;
  if (first < 0x80) return { char: String.fromCharCode(first), length: 3 };
  const extra = first >= 0xf0 && first <= 0xf4 ? 3 : first >= 0xe0 ? 2 : first >= 0xc2 ? 1 : 0;
  if (extra === 0 || first > 0xf4) return null;
  let code = first & (0x3f >> extra);
  for (let k = 1; k <= extra; k++) {
    const next = hexByte(text, at + 3 * k);
    if (next < 0x80 || next > 0xbf) return null;
    code = (code << 6) | (next & 0x3f);
  }
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return null;
  return { char: String.fromCodePoint(code), length: 3 * (extra + 1) };
}

function entity(text: string, at: number): { char: string; length: number } | null {
  const match = /^&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[a-zA-Z]{2,6});?/.exec(
    text.slice(at, at + 12),
  );
  if (!match?.[1]) return null;
  const body = match[1];
  let char: string | undefined;
  if (body.startsWith("#")) {
    const code =
      body[1] === "x" || body[1] === "X"
        ? Number.parseInt(body.slice(2), 16)
        : Number.parseInt(body.slice(1), 10);
    if (!(code >= 0 && code <= 0x10ffff)) return null;
    char = String.fromCodePoint(code);
  } else {
    if (!match[0].endsWith(";")) return null;
    char = Object.hasOwn(NAMED_ENTITIES, body) ? NAMED_ENTITIES[body] : undefined;
  }
  return char === undefined ? null : { char, length: match[0].length };
}

/**
 * How a pass reads ambiguous text: `\\` as an escaped backslash or not (a vendor escaping some
 * characters may leave the secret's own backslashes bare), `+` as a space or not.
 */
type Mode = { pair: boolean; plus: boolean };
const FULL: Mode = { pair: true, plus: true };
const BARE_BACKSLASH: Mode = { pair: false, plus: true };
const PLAIN_PLUS: Mode = { pair: true, plus: false };
const MODES: readonly Mode[] = [FULL, BARE_BACKSLASH, PLAIN_PLUS];

/** The modes whose reading of `text` can differ from the full one. */
function modesFor(text: string): Mode[] {
  const modes = [FULL];
  if (text.includes("\\\\")) modes.push(BARE_BACKSLASH);
  if (text.includes("+")) modes.push(PLAIN_PLUS);
  return modes;
}

/** One decoding pass; null when the text has nothing to decode. */
function decodeOnce(text: string, withMap: boolean, mode: Mode = FULL): Decoded | null {
  if (!ESCAPE_HINT.test(text)) return null;
  const parts: string[] = [];
  const start: number[] | null = withMap ? [] : null;
  const end: number[] | null = withMap ? [] : null;
  let changed = false;
  let literalFrom = 0;
  const flush = (to: number) => {
    if (to <= literalFrom) return;
    parts.push(text.slice(literalFrom, to));
    if (start && end) {
      for (let k = literalFrom; k < to; k++) {
        start.push(k);
        end.push(k + 1);
      }
    }
  };
  const emit = (at: number, char: string, length: number) => {
    flush(at);
    parts.push(char);
    if (start && end) {
      for (let k = 0; k < char.length; k++) {
        start.push(at);
        end.push(at + length);
      }
    }
    literalFrom = at + length;
    changed = true;
  };
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) {
      const next = text[i + 1] ?? "";
      if (next === "u" && HEX.test(text.slice(i + 2, i + 6)) && i + 6 <= text.length) {
        emit(i, String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16)), 6);
        i += 6;
        continue;
      }
      const simple = Object.hasOwn(JSON_SIMPLE, next) ? JSON_SIMPLE[next] : undefined;
      if (simple !== undefined && (mode.pair || next !== "\\")) {
        emit(i, simple, 2);
        i += 2;
        continue;
      }
    } else if (c === 37 /* % */) {
      const seq = percentSequence(text, i);
      if (seq) {
        emit(i, seq.char, seq.length);
        i += seq.length;
        continue;
      }
    } else if (c === 38 /* & */) {
      const found = entity(text, i);
      if (found) {
        emit(i, found.char, found.length);
        i += found.length;
        continue;
      }
    } else if (c === 43 /* + */ && mode.plus) {
      emit(i, " ", 1);
      i += 1;
      continue;
    }
    i += 1;
  }
  if (!changed) return null;
  flush(text.length);
  return { text: parts.join(""), start, end };
}

const MAX_DECODE_PASSES = 4;
const MAX_MAPPED_TEXT = 64 * 1024;

/** The text with escapes of every kind decoded (repeatedly, for layered encodings). */
export function canonical(text: string): string {
  let current = text;
  for (let pass = 0; pass < MAX_DECODE_PASSES; pass++) {
    const next = decodeOnce(current, false);
    if (!next) break;
    current = next.text;
  }
  return current;
}

/** Each decoding pass's text (a boundary may decode differently a pass later, so all count). */
function layers(text: string, mode: Mode = FULL): string[] {
  const out: string[] = [];
  let current = text;
  for (let pass = 0; pass < MAX_DECODE_PASSES; pass++) {
    const next = decodeOnce(current, false, mode);
    if (!next) break;
    current = next.text;
    out.push(current);
  }
  return out;
}

type Layer = { text: string; start: number[]; end: number[] };

/** layers(), each with every code unit's source range in the original text. */
function layersWithMap(text: string, mode: Mode): Layer[] {
  const out: Layer[] = [];
  let previous: Layer | null = null;
  for (let pass = 0; pass < MAX_DECODE_PASSES; pass++) {
    const next = decodeOnce(previous ? previous.text : text, true, mode);
    if (!next?.start || !next.end) break;
    let { start, end } = next;
    if (previous) {
      const prevStart = previous.start;
      const prevEnd = previous.end;
      start = start.map((x) => prevStart[x] ?? 0);
      end = end.map((x) => prevEnd[x - 1] ?? text.length);
    }
    previous = { text: next.text, start, end };
    out.push(previous);
  }
  return out;
}

type Needles = {
  exact: readonly string[];
  folded: readonly string[];
  canonExact: readonly string[];
  canonFolded: readonly string[];
};

function computeNeedles(secret: string): Needles {
  const spellings = enumeratedSpellings(secret);
  const long = secret.length >= CASE_INSENSITIVE_MIN_LENGTH;
  const canon = new Set([secret]);
  for (const mode of MODES) for (const layer of layers(secret, mode)) canon.add(layer);
  return {
    exact: long ? spellings.caseSensitive : [...spellings.caseSensitive, ...spellings.text],
    folded: long ? spellings.text.map(fold) : [],
    canonExact: long ? [] : [...canon],
    canonFolded: long ? [...canon].map(fold) : [],
  };
}

// Runs of one workspace use the same credentials again and again; working out their spellings
// (URL serialisation, decoding layers) is the costly part of setting up a run's matcher.
const NEEDLE_CACHE_LIMIT = 256;
const needleCache = new Map<string, Needles>();

function needlesOf(secret: string): Needles {
  let needles = needleCache.get(secret);
  if (!needles) {
    needles = computeNeedles(secret);
    if (needleCache.size >= NEEDLE_CACHE_LIMIT) needleCache.clear();
    if (secret.length <= 4096) needleCache.set(secret, needles);
  }
  return needles;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function addAll(into: Set<string> | null, tags: Set<string> | undefined): void {
  if (into && tags) for (const tag of tags) into.add(tag);
}

/** Whether `text` holds a needle; adds the tags of each found to `into` unless `stopAtFirst`. */
function findNeedles(
  text: string,
  needles: ReadonlyMap<string, Set<string>>,
  into: Set<string> | null,
  stopAtFirst: boolean,
): boolean {
  let found = false;
  for (const [needle, tags] of needles) {
    if (!text.includes(needle)) continue;
    if (stopAtFirst) return true;
    found = true;
    addAll(into, tags);
  }
  return found;
}

function addTagged(map: Map<string, Set<string>>, key: string, tag: string): boolean {
  if (key === "") return false;
  const tags = map.get(key);
  if (tags) {
    const before = tags.size;
    tags.add(tag);
    return tags.size !== before;
  }
  map.set(key, new Set([tag]));
  return true;
}

/**
 * Recognises and redacts every spelling of a set of secrets. Each secret carries a tag (the
 * credential it belongs to), so a guard can ask which credentials a text holds.
 */
export class SecretMatcher {
  /** Verbatim needles, compared as they are. */
  private readonly exact = new Map<string, Set<string>>();
  /** Verbatim needles of long secrets, compared folded. */
  private readonly folded = new Map<string, Set<string>>();
  /** Canonical forms compared with the decoded text (folded when the secret is long). */
  private readonly canonExact = new Map<string, Set<string>>();
  private readonly canonFolded = new Map<string, Set<string>>();
  private patterns: { exact: RegExp | null; folded: RegExp | null } | null = null;
  private probe: RegExp | null = null;

  get size(): number {
    return this.exact.size + this.folded.size;
  }

  /** Adds a secret with all its spellings under `tag`. */
  add(secret: string, tag: string): void {
    if (secret === "") return;
    const n = needlesOf(secret);
    let changed = false;
    for (const s of n.exact) changed = addTagged(this.exact, s, tag) || changed;
    for (const s of n.folded) changed = addTagged(this.folded, s, tag) || changed;
    for (const s of n.canonExact) changed = addTagged(this.canonExact, s, tag) || changed;
    for (const s of n.canonFolded) changed = addTagged(this.canonFolded, s, tag) || changed;
    if (changed) {
      this.patterns = null;
      this.probe = null;
    }
  }

  private foldedProbe(): RegExp {
    this.probe ??= new RegExp([...this.folded.keys()].map(escapeRegExp).join("|"), "i");
    return this.probe;
  }

  /** Adds strings matched verbatim and case-sensitively only (e.g. Basic auth's combined form). */
  addExact(values: Iterable<string>, tag: string): void {
    for (const value of values) if (addTagged(this.exact, value, tag)) this.patterns = null;
  }

  /** The tags of every secret some spelling of which `text` holds (empty when none). */
  tagsIn(text: string, into: Set<string> = new Set()): Set<string> {
    this.scan(text, into, false);
    return into;
  }

  contains(text: string): boolean {
    return this.scan(text, null, true);
  }

  private scan(text: string, into: Set<string> | null, stopAtFirst: boolean): boolean {
    if (text === "" || (this.exact.size === 0 && this.folded.size === 0)) return false;
    let found = findNeedles(text, this.exact, into, stopAtFirst);
    if (found && stopAtFirst) return true;
    // An ASCII text needs no folded copy unless a case-insensitive test says a needle is there.
    if (this.folded.size > 0 && (NON_ASCII.test(text) || this.foldedProbe().test(text))) {
      found = findNeedles(fold(text), this.folded, into, stopAtFirst) || found;
      if (found && stopAtFirst) return true;
    }
    if (!ESCAPE_HINT.test(text)) return found;
    for (const decoded of modesFor(text).flatMap((mode) => layers(text, mode))) {
      found = findNeedles(decoded, this.canonExact, into, stopAtFirst) || found;
      if (found && stopAtFirst) return true;
      if (this.canonFolded.size > 0) {
        found = findNeedles(fold(decoded), this.canonFolded, into, stopAtFirst) || found;
        if (found && stopAtFirst) return true;
      }
    }
    return found;
  }

  private regexes(): { exact: RegExp | null; folded: RegExp | null } {
    if (!this.patterns) {
      const build = (needles: Iterable<string>, flags: string) => {
        const sorted = [...needles].sort((a, b) => b.length - a.length);
        return sorted.length === 0 ? null : new RegExp(sorted.map(escapeRegExp).join("|"), flags);
      };
      this.patterns = {
        exact: build(this.exact.keys(), "g"),
        folded: build(this.folded.keys(), "gi"),
      };
    }
    return this.patterns;
  }

  /** Replaces every spelling with [REDACTED]; text it cannot cut cleanly is redacted whole. */
  redact(text: string): string {
    if (!this.contains(text)) return text;
    const { exact, folded } = this.regexes();
    let out = text;
    if (exact) out = out.replace(exact, REDACTED);
    if (folded) out = out.replace(folded, REDACTED);
    if (!this.contains(out)) return out;
    // Mapping positions costs memory per character: a large text is withheld whole instead.
    if (out.length > MAX_MAPPED_TEXT) return REDACTED;
    out = this.redactDecoded(out);
    return this.contains(out) ? REDACTED : out;
  }

  /** Finds the secrets in each decoded layer and cuts the source ranges they came from. */
  private redactDecoded(text: string): string {
    const ranges: [number, number][] = [];
    const anyFolded = this.canonFolded.size > 0 || this.folded.size > 0;
    const views: Layer[] = [
      { text, start: [], end: [] },
      ...modesFor(text).flatMap((mode) => layersWithMap(text, mode)),
    ];
    for (const [index, layer] of views.entries()) {
      const direct = index === 0;
      const collect = (haystack: string, needles: Iterable<string>) => {
        for (const needle of needles) {
          for (
            let at = haystack.indexOf(needle);
            at !== -1;
            at = haystack.indexOf(needle, at + 1)
          ) {
            const last = at + needle.length - 1;
            ranges.push(
              direct ? [at, last + 1] : [layer.start[at] ?? 0, layer.end[last] ?? text.length],
            );
          }
        }
      };
      const lower = anyFolded ? fold(layer.text) : layer.text;
      collect(layer.text, this.canonExact.keys());
      collect(layer.text, this.exact.keys());
      collect(lower, this.canonFolded.keys());
      collect(lower, this.folded.keys());
    }
    if (ranges.length === 0) return text;
    ranges.sort((a, b) => a[0] - b[0]);
    let out = "";
    let position = 0;
    for (const [s, e] of ranges) {
      if (e <= position) continue;
      if (s >= position) out += text.slice(position, s) + REDACTED;
      position = e;
    }
    return out + text.slice(position);
  }
}
