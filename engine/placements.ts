// Where a credential may be placed (docs/SECURITY.md): its owner decides, on the credential, which
// parts of a request may carry it. This module finds every place a definition puts a credential and
// judges each against the credential's rules; save and install refuse what they do not allow.
import type { ConnectorDefinition, Step } from "./definition.ts";
import { stepInterpolations } from "./definition.ts";
import type { DefinitionProblem } from "./errors.ts";
import {
  type InterpolationSegment,
  type Placeholder,
  tryParseInterpolation,
  wholePlaceholder,
} from "./interpolate.ts";
import { analyzeUrlShape } from "./interpolate-url.ts";
import { formatPath, type PathSegment } from "./path.ts";

import { DEFAULT_PLACEMENTS, PLACEMENTS, type Placement } from "./placements-types.ts";

export { DEFAULT_PLACEMENTS, PLACEMENTS, type Placement };
/** A pinned query parameter name: unreserved URL characters only, so it has one spelling. */
export const QUERY_PARAM_PATTERN = /^[A-Za-z0-9_.~-]{1,64}$/;

/** What an owner allows for one credential. */
export type PlacementRules = { placements: readonly Placement[]; queryParam: string | null };

/**
 * One place a definition puts a credential. `auth` uses (bearer, basic, api_key in a header)
 * are always allowed; a `query` use with `pinnable` set is allowed by a matching `queryParam`.
 */
export type CredentialUse = {
  credential: string;
  path: string;
  position: "auth" | Placement;
  /** The query parameter name when the whole value is the credential (pinnable). */
  pinnable: string | null;
  /** How the definition names it, for messages: `{{credentials.x}}` or `api_key auth`. */
  source: string;
};

export function isPlacement(value: unknown): value is Placement {
  return typeof value === "string" && (PLACEMENTS as readonly string[]).includes(value);
}

/** Sorted, without duplicates: the form stored and bound into the ciphertext's AAD. */
export function canonicalPlacements(placements: readonly Placement[]): Placement[] {
  return [...new Set(placements)].sort();
}

function placeholderUse(
  p: Placeholder,
  path: readonly PathSegment[],
  position: CredentialUse["position"],
  pinnable: string | null = null,
): CredentialUse {
  return {
    credential: p.path[0] ?? "",
    path: formatPath(path),
    position,
    pinnable,
    source: `{{${p.source}}}`,
  };
}

/** Placeholders in a URL's path, query and fragment, each with where it lands. */
function urlUses(segments: readonly InterpolationSegment[], path: readonly PathSegment[]) {
  const uses: CredentialUse[] = [];
  const shape = analyzeUrlShape(segments);
  // An invalid URL, or a credential in the host, is refused by the definition check itself.
  if (!shape.ok) return uses;
  const rest = shape.shape.rest;
  let part: "path" | "query" | "fragment" = "path";
  let name = "";
  let nameInterpolated = false;
  let inValue = false;
  let valueStarted = false;
  const startParameter = () => {
    name = "";
    nameInterpolated = false;
    inValue = false;
    valueStarted = false;
  };
  rest.forEach((segment, index) => {
    if (segment.kind === "literal") {
      for (const char of segment.text) {
        if (part === "fragment") break;
        if (char === "#") part = "fragment";
        else if (part === "path") {
          if (char === "?") {
            part = "query";
            startParameter();
          }
        } else if (char === "&") startParameter();
        else if (!inValue && char === "=") inValue = true;
        else if (inValue) valueStarted = true;
        else name += char;
      }
      return;
    }
    if (part === "query") {
      const next = rest[index + 1];
      const endsValue = next === undefined || (next.kind === "literal" && /^[&#]/.test(next.text));
      const whole = inValue && !valueStarted && endsValue && !nameInterpolated;
      if (inValue) valueStarted = true;
      else nameInterpolated = true;
      if (segment.root === "credentials") {
        uses.push(placeholderUse(segment, path, "query", whole ? name : null));
      }
    } else if (segment.root === "credentials") {
      // A fragment is never sent, but it is stored in traces: it counts as the path.
      uses.push(placeholderUse(segment, path, "path"));
    }
  });
  return uses;
}

/** Every place a step puts a credential, in definition order. */
export function stepCredentialUses(step: Step, index: number): CredentialUse[] {
  const uses: CredentialUse[] = [];
  const auth = step.request.auth;
  if (auth && auth.type !== "none") {
    const path = formatPath(["steps", index, "request", "auth"]);
    const source = `${auth.type} auth`;
    if (auth.type === "api_key" && auth.in === "query") {
      uses.push({
        credential: auth.credential,
        path,
        position: "query",
        pinnable: auth.name,
        source,
      });
    } else {
      uses.push({ credential: auth.credential, path, position: "auth", pinnable: null, source });
    }
  }
  for (const { path, text } of stepInterpolations(step, index)) {
    const parsed = tryParseInterpolation(text);
    if (!parsed.ok) continue;
    const field = path[3];
    if (field === "url") {
      uses.push(...urlUses(parsed.segments, path));
      continue;
    }
    const whole = wholePlaceholder(parsed.segments);
    for (const segment of parsed.segments) {
      if (segment.kind !== "placeholder" || segment.root !== "credentials") continue;
      if (field === "headers" || field === "auth") {
        // Header values and a Basic auth username both travel in headers.
        uses.push(placeholderUse(segment, path, "header"));
      } else if (field === "query") {
        const pinnable = whole === segment ? String(path[4]) : null;
        uses.push(placeholderUse(segment, path, "query", pinnable));
      } else {
        uses.push(placeholderUse(segment, path, "body"));
      }
    }
  }
  return uses;
}

export function credentialUses(definition: ConnectorDefinition): CredentialUse[] {
  return definition.steps.flatMap((step, index) => stepCredentialUses(step, index));
}

/** Whether a credential with these rules may go where `use` puts it. */
export function useAllowed(use: CredentialUse, rules: PlacementRules): boolean {
  if (use.position === "auth") return true;
  if (use.position === "query" && use.pinnable !== null && use.pinnable === rules.queryParam) {
    return true;
  }
  return rules.placements.includes(use.position);
}

function describeRules(rules: PlacementRules): string {
  const pinned = rules.queryParam === null ? "none" : `"${rules.queryParam}"`;
  return `its placements: ${rules.placements.join(", ") || "none"}; its queryParam: ${pinned}`;
}

function whereAndWhat(use: CredentialUse): { where: string; needs: string } {
  const placement = `allow the "${use.position}" placement`;
  switch (use.position) {
    case "query":
      return use.pinnable === null
        ? { where: "in a query parameter", needs: placement }
        : {
            where: `in query parameter "${use.pinnable}"`,
            needs: `pin queryParam "${use.pinnable}" or ${placement}`,
          };
    case "header":
      return { where: "in a header", needs: placement };
    case "path":
      return { where: "in the URL path", needs: placement };
    default:
      return { where: "in the request body", needs: placement };
  }
}

/** The message for a use its credential's rules do not allow; says what the owner must set. */
export function placementMessage(use: CredentialUse, rules: PlacementRules): string {
  const { where, needs } = whereAndWhat(use);
  return (
    `${use.source} puts credential "${use.credential}" ${where}, which it does not allow ` +
    `(${describeRules(rules)}): an owner or admin must ${needs} by storing the credential ` +
    "again with its value"
  );
}

/**
 * The save-time placement check: one problem per use of a credential in a place its owner does
 * not allow, at the path of that use. Credentials not in `credentials` are left to the
 * existence check.
 */
export function checkCredentialPlacements(
  definition: ConnectorDefinition,
  credentials: Readonly<Record<string, PlacementRules>>,
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  for (const use of credentialUses(definition)) {
    if (!Object.hasOwn(credentials, use.credential)) continue;
    const rules = credentials[use.credential] as PlacementRules;
    if (!useAllowed(use, rules)) {
      problems.push({ path: use.path, message: placementMessage(use, rules) });
    }
  }
  return problems;
}

/**
 * The least a credential must allow for every use in `uses` (all of one credential): the
 * placements those uses need and, when every query use is one pinnable parameter, that
 * parameter as `queryParam` (else null, and "query" among the placements if any is in a query).
 */
export function requiredRules(uses: readonly CredentialUse[]): PlacementRules & {
  placements: Placement[];
} {
  const needed = new Set<Placement>();
  const pinned = new Set<string>();
  let unpinnable = false;
  for (const use of uses) {
    if (use.position === "auth") continue;
    if (use.position !== "query") needed.add(use.position);
    else if (use.pinnable !== null && QUERY_PARAM_PATTERN.test(use.pinnable)) {
      pinned.add(use.pinnable);
    } else unpinnable = true;
  }
  const [onlyPin] = pinned;
  const pin = !unpinnable && pinned.size === 1 && onlyPin !== undefined ? onlyPin : null;
  if (unpinnable || pinned.size > 1) needed.add("query");
  return { placements: canonicalPlacements([...needed]), queryParam: pin };
}
