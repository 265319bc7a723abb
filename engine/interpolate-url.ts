// Interpolating a step URL: scheme, host and port stay literal (but for one leading host label),
// and values in the path and query are percent-encoded so none can change where the request goes.
import { StepError } from "./errors.ts";
import {
  checkSize,
  HOST_LABEL_PATTERN,
  type InterpolationContext,
  type InterpolationSegment,
  type InterpolationSource,
  type Placeholder,
  type RenderOptions,
  resolvePlaceholder,
  segmentsOf,
  stringifyValue,
} from "./interpolate.ts";

export type UrlShape = {
  scheme: "http" | "https";
  /** The single leading host label placeholder, as in `https://{{input.shop}}.myshopify.com`. */
  label: Placeholder | null;
  /** Literal authority; with a label it starts with "." (the rest of the host, and the port). */
  authority: string;
  /** Path, query and fragment. */
  rest: InterpolationSegment[];
};

export type UrlShapeResult =
  | { ok: true; shape: UrlShape }
  | { ok: false; kind: "blocked" | "template_error"; message: string };

/** Splits a URL into its literal scheme/host/port and its interpolated remainder. */
export function analyzeUrlShape(segments: readonly InterpolationSegment[]): UrlShapeResult {
  const first = segments[0];
  const fail = (message: string, kind: "blocked" | "template_error" = "template_error") =>
    ({ ok: false, kind, message }) as const;
  if (first?.kind !== "literal") return fail("a URL must start with a literal http:// or https://");
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(first.text);
  if (!scheme) return fail("a URL must be absolute (http:// or https://)");
  const name = (scheme[1] ?? "").toLowerCase();
  if (name !== "http" && name !== "https") {
    return fail(`scheme "${name}:" is not allowed (only http and https)`, "blocked");
  }
  const afterScheme = first.text.slice(scheme[0].length);
  if (!afterScheme.startsWith("//")) return fail(`a URL must start with ${name}://`);
  const hostStart = afterScheme.slice(2);
  let label: Placeholder | null = null;
  let authoritySource = hostStart;
  let restIndex = 1;
  const second = segments[1];
  const third = segments[2];
  if (
    hostStart === "" &&
    second?.kind === "placeholder" &&
    third?.kind === "literal" &&
    third.text.startsWith(".")
  ) {
    label = second;
    authoritySource = third.text;
    restIndex = 3;
  }
  const end = authoritySource.search(/[/\\?#]/);
  let authority: string;
  let rest: InterpolationSegment[];
  if (end === -1) {
    if (restIndex < segments.length) {
      return fail(
        "a URL's scheme, host and port must be literal; only a single leading subdomain label may be a placeholder",
      );
    }
    authority = authoritySource;
    rest = [];
  } else {
    authority = authoritySource.slice(0, end);
    rest = [{ kind: "literal", text: authoritySource.slice(end) }, ...segments.slice(restIndex)];
  }
  if (label && !/^\.[^.]/.test(authority)) {
    return fail("a host label placeholder must be followed by the literal rest of the host");
  }
  if (!label && authority === "") return fail("a URL must name a host");
  return { ok: true, shape: { scheme: name, label, authority, rest } };
}

/** Throws template_error when a placeholder value would form a "." or ".." path segment. */
function checkDotSegments(pieces: { text: string; interpolated: boolean }[]): void {
  let segment = "";
  let interpolated = false;
  const finish = () => {
    const normalized = segment.toLowerCase().replace(/%2e/g, ".");
    if (interpolated && (normalized === "." || normalized === "..")) {
      throw new StepError("template_error", "a URL path value may not be '.' or '..'");
    }
    segment = "";
    interpolated = false;
  };
  for (const piece of pieces) {
    if (piece.interpolated) {
      segment += piece.text;
      interpolated = true;
      continue;
    }
    for (const char of piece.text) {
      if (char === "?" || char === "#") {
        finish();
        return;
      }
      if (char === "/" || char === "\\") finish();
      else segment += char;
    }
  }
  finish();
}

// Parsed strings are frozen and shared, so their URL shape can be remembered with them.
const urlShapes = new WeakMap<readonly InterpolationSegment[], UrlShapeResult>();

function urlShapeOf(segments: readonly InterpolationSegment[]): UrlShapeResult {
  if (!Object.isFrozen(segments)) return analyzeUrlShape(segments);
  let shape = urlShapes.get(segments);
  if (!shape) {
    shape = analyzeUrlShape(segments);
    urlShapes.set(segments, shape);
  }
  return shape;
}

type OriginParts = { host: string; protocol: string };
const ORIGIN_CACHE_LIMIT = 1000;
const origins = new Map<string, OriginParts | null>();

/** Host and protocol of `origin` as the URL parser normalises them; throws when invalid. */
function originParts(origin: string): OriginParts {
  let parts = origins.get(origin);
  if (parts === undefined) {
    try {
      const url = new URL(`${origin}/`);
      parts = { host: url.host, protocol: url.protocol };
    } catch {
      parts = null;
    }
    if (origins.size >= ORIGIN_CACHE_LIMIT) origins.clear();
    origins.set(origin, parts);
  }
  if (!parts) throw new TypeError("invalid origin");
  return parts;
}

/**
 * Renders a step URL: scheme, host and port stay literal; path and query values are
 * percent-encoded so `/`, `..`, `?`, `#` and `@` in a value cannot change where it goes.
 */
export function renderUrl(
  source: InterpolationSource,
  ctx: InterpolationContext,
  options?: RenderOptions,
): URL {
  const analyzed = urlShapeOf(segmentsOf(source));
  if (!analyzed.ok) throw new StepError(analyzed.kind, analyzed.message);
  const { scheme, label, authority, rest } = analyzed.shape;
  let labelValue = "";
  if (label) {
    if (label.root === "credentials") {
      throw new StepError("template_error", "a credential cannot be used in a URL's host");
    }
    labelValue = stringifyValue(resolvePlaceholder(label, ctx));
    if (!HOST_LABEL_PATTERN.test(labelValue)) {
      throw new StepError(
        "template_error",
        "the URL's host label must render to 1-63 characters of a-z, 0-9 and -",
      );
    }
  }
  const origin = `${scheme}://${labelValue}${authority}`;
  const pieces = rest.map((segment) =>
    segment.kind === "literal"
      ? { text: segment.text, interpolated: false }
      : {
          text: encodeURIComponent(stringifyValue(resolvePlaceholder(segment, ctx))),
          interpolated: true,
        },
  );
  checkDotSegments(pieces);
  const text = checkSize(origin + pieces.map((p) => p.text).join(""), options, "URL");
  let url: URL;
  let expected: OriginParts;
  try {
    url = new URL(text);
    expected = originParts(origin);
  } catch {
    throw new StepError("template_error", "the rendered URL is not a valid URL");
  }
  if (url.host !== expected.host || url.protocol !== expected.protocol) {
    throw new StepError("template_error", "a value changed the URL's host");
  }
  return url;
}
