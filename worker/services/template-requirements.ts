// What a template needs from a workspace, computed from its definition: the hosts its steps call,
// the credentials it uses (with their auth type and hosts), and whether a workspace's credentials,
// bound to those names, cover those hosts. Pure: the routes pass rows in and map problems to 422.
import {
  type ConnectorDefinition,
  credentialsUsedByStep,
  type Step,
} from "../../engine/definition.ts";
import type { DefinitionProblem } from "../../engine/errors.ts";
import { hostMatches, labelHostCovered } from "../../engine/hosts.ts";
import { effectivePort } from "../../engine/outbound.ts";
import {
  type CredentialUse,
  credentialUses,
  DEFAULT_PLACEMENTS,
  isPlacement,
  type Placement,
  type PlacementRules,
  QUERY_PARAM_PATTERN,
  requiredRules,
  useAllowed,
} from "../../engine/placements.ts";
import { tryParseInterpolation } from "../../engine/interpolate.ts";
import { type OAuthPreset, OAuthPresetSchema } from "../../engine/oauth-preset.ts";
import { analyzeUrlShape } from "../../engine/interpolate-url.ts";

export interface RequiredCredential {
  name: string;
  /** `bearer`, `api_key` or `basic` as a step's auth uses it; `other` when only templated in. */
  authType: string;
  /** The hosts the steps that use it call, as `allowedHosts` entries. */
  allowedHosts: string[];
  /** Where to get one; optional. */
  helpText: string | null;
  /** The placements the credential must allow; present only when beyond the default (header). */
  placements?: Placement[];
  /** The query parameter the credential must pin; present only when the template needs one. */
  queryParam?: string;
  /** An `oauth2` credential's provider preset, when the template carries one (template-oauth.ts). */
  oauth?: OAuthPreset;
}

/** What a credential must allow for `uses`, in a RequiredCredential's optional fields. */
export function placementRequirement(
  uses: readonly CredentialUse[],
): Pick<RequiredCredential, "placements" | "queryParam"> {
  const needed = requiredRules(uses);
  const beyondDefault = needed.placements.some((p) => !DEFAULT_PLACEMENTS.includes(p));
  return {
    ...(beyondDefault ? { placements: needed.placements } : {}),
    ...(needed.queryParam !== null ? { queryParam: needed.queryParam } : {}),
  };
}

/**
 * Where a step's requests go. A templated leading label is shown as `*.suffix` (engine/README.md).
 */
export interface StepHost {
  /**
   * `api.example.com`, `127.0.0.1:8788`, or `*.myshopify.com` for `{{input.shop}}.myshopify.com`.
   */
  display: string;
  /** True for a templated leading label: only a `*.domain` entry covers every value. */
  label: boolean;
  /** The literal host (without the label) and port, for coverage checks. */
  sample: URL;
  suffix: string;
  port: number;
}

/** The host a step calls, or null when its URL is not a valid template (the validator says why). */
export function stepHost(step: Step): StepHost | null {
  const parsed = tryParseInterpolation(step.request.url);
  if (!parsed.ok) return null;
  const shape = analyzeUrlShape(parsed.segments);
  if (!shape.ok) return null;
  const { scheme, label, authority } = shape.shape;
  let sample: URL;
  try {
    sample = new URL(`${scheme}://${label ? "a" : ""}${authority}/`);
  } catch {
    return null;
  }
  const port = effectivePort(sample);
  if (!label) {
    return { display: sample.host, label: false, sample, suffix: sample.hostname, port };
  }
  const suffix = sample.hostname.slice(sample.hostname.indexOf(".") + 1);
  const hostPort = sample.host.slice(sample.host.indexOf(".") + 1);
  return { display: `*.${hostPort}`, label: true, sample, suffix, port };
}

/**
 * Every host a stored definition's steps call, sorted and without duplicates. Lenient: a step
 * whose URL is not a valid template shows no host (the validator refuses such definitions).
 */
export function templateHosts(definition: unknown): string[] {
  const steps = (definition as { steps?: unknown } | null)?.steps;
  if (!Array.isArray(steps)) return [];
  const hosts = new Set<string>();
  for (const step of steps) {
    const url = (step as { request?: { url?: unknown } } | null)?.request?.url;
    if (typeof url !== "string") continue;
    const host = stepHost({ id: "x", request: { method: "GET", url } });
    if (host) hosts.add(host.display);
  }
  return [...hosts].sort();
}

/**
 * The credentials a template needs, derived from how its steps use them: never a value, only
 * the name, the auth type and the hosts it would be sent to. `help` adds optional help texts.
 */
export function deriveRequiredCredentials(
  definition: ConnectorDefinition,
  help: Readonly<Record<string, string | null>> = {},
  presets: Readonly<Record<string, OAuthPreset>> = {},
): RequiredCredential[] {
  const byName = new Map<string, { authType: string | null; hosts: Set<string> }>();
  for (const step of definition.steps) {
    const host = stepHost(step);
    const auth = step.request.auth;
    for (const name of credentialsUsedByStep(step)) {
      const entry = byName.get(name) ?? { authType: null, hosts: new Set<string>() };
      if (auth && auth.type !== "none" && auth.credential === name) {
        entry.authType ??= auth.type;
      }
      if (host) entry.hosts.add(host.display);
      byName.set(name, entry);
    }
  }
  const uses = credentialUses(definition);
  return [...byName.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, entry]) => ({
      name,
      authType: entry.authType ?? "other",
      allowedHosts: [...entry.hosts].sort(),
      helpText: Object.hasOwn(help, name) ? (help[name] ?? null) : null,
      ...placementRequirement(uses.filter((use) => use.credential === name)),
      ...(Object.hasOwn(presets, name) && presets[name] ? { oauth: presets[name] } : {}),
    }));
}

/** Reads `required_credentials` as stored, tolerating rows written by hand or by older code. */
export function normalizeRequiredCredentials(raw: unknown): RequiredCredential[] {
  if (!Array.isArray(raw)) return [];
  const out: RequiredCredential[] = [];
  for (const item of raw) {
    if (typeof item !== "object" || item === null) continue;
    const entry = item as Record<string, unknown>;
    if (typeof entry.name !== "string") continue;
    const placements = Array.isArray(entry.placements) ? entry.placements.filter(isPlacement) : [];
    const preset = OAuthPresetSchema.safeParse(entry.oauth);
    out.push({
      name: entry.name,
      authType: typeof entry.authType === "string" ? entry.authType : "other",
      allowedHosts: Array.isArray(entry.allowedHosts)
        ? entry.allowedHosts.filter((h): h is string => typeof h === "string")
        : [],
      helpText: typeof entry.helpText === "string" ? entry.helpText : null,
      ...(placements.length > 0 ? { placements } : {}),
      ...(typeof entry.queryParam === "string" && QUERY_PARAM_PATTERN.test(entry.queryParam)
        ? { queryParam: entry.queryParam }
        : {}),
      ...(preset.success ? { oauth: preset.data } : {}),
    });
  }
  return out;
}

/** Whether a credential with `allowedHosts` may be sent to every value of `host`. */
export function covers(allowedHosts: readonly string[], host: StepHost): boolean {
  return host.label
    ? labelHostCovered(allowedHosts, host.suffix, host.port)
    : hostMatches(allowedHosts, host.sample);
}

/**
 * The install/upgrade binding check: every credential the template uses must be bound to a
 * workspace credential that exists, and that credential's `allowedHosts` must already cover
 * every host the steps using it call — binding never widens a credential. One problem per
 * missing credential and per uncovered credential, each at `credentials.<template name>`.
 */
export function bindingProblems(
  definition: ConnectorDefinition,
  mapping: Readonly<Record<string, string>>,
  workspaceCredentials: ReadonlyMap<string, readonly string[]>,
): DefinitionProblem[] {
  const needed = new Map<string, StepHost[]>();
  for (const step of definition.steps) {
    const host = stepHost(step);
    for (const name of credentialsUsedByStep(step)) {
      const hosts = needed.get(name) ?? [];
      if (host && !hosts.some((h) => h.display === host.display)) hosts.push(host);
      needed.set(name, hosts);
    }
  }
  const problems: DefinitionProblem[] = [];
  for (const [name, hosts] of [...needed.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const bound = mapping[name] ?? name;
    const path = `credentials.${name}`;
    const allowed = workspaceCredentials.get(bound);
    if (!allowed) {
      problems.push({
        path,
        message:
          bound === name
            ? `the template needs a credential "${name}" and the workspace has none: store it, or bind another one in credentials`
            : `template credential "${name}" is bound to "${bound}", which the workspace does not have`,
      });
      continue;
    }
    const uncovered = hosts.filter((host) => !covers(allowed, host)).map((host) => host.display);
    if (uncovered.length > 0) {
      problems.push({
        path,
        message:
          `credential "${bound}" may not be sent to ${uncovered.join(", ")}, which the template ` +
          `calls (its allowedHosts: ${allowed.join(", ")}); an admin must add ` +
          `${uncovered.length === 1 ? "that host" : "those hosts"} to the credential first`,
      });
    }
  }
  return problems;
}

function describeUse(use: CredentialUse): string {
  if (use.position === "query") {
    return use.pinnable === null
      ? `a query parameter (${use.path})`
      : `query parameter "${use.pinnable}" (${use.path})`;
  }
  if (use.position === "path") return `the URL path (${use.path})`;
  if (use.position === "body") return `the request body (${use.path})`;
  return `a header (${use.path})`;
}

/**
 * The install/upgrade placement check: every place the template puts a credential must be one
 * the bound workspace credential's owner allows (docs/SECURITY.md). One problem per template
 * credential, at `credentials.<template name>`, saying what an owner or admin must set on the
 * credential. Credentials the workspace lacks are left to `bindingProblems`.
 */
export function placementBindingProblems(
  definition: ConnectorDefinition,
  mapping: Readonly<Record<string, string>>,
  workspaceRules: ReadonlyMap<string, PlacementRules>,
): DefinitionProblem[] {
  const byName = new Map<string, CredentialUse[]>();
  for (const use of credentialUses(definition)) {
    byName.set(use.credential, [...(byName.get(use.credential) ?? []), use]);
  }
  const problems: DefinitionProblem[] = [];
  for (const [name, uses] of [...byName.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const bound = Object.hasOwn(mapping, name) ? (mapping[name] ?? name) : name;
    const rules = workspaceRules.get(bound);
    if (!rules) continue;
    const refused = uses.filter((use) => !useAllowed(use, rules));
    if (refused.length === 0) continue;
    const needed = requiredRules(refused);
    const placements = [...new Set([...rules.placements, ...needed.placements])].sort();
    const settings = [
      ...(needed.placements.length > 0 ? [`placements ${JSON.stringify(placements)}`] : []),
      ...(needed.queryParam !== null ? [`queryParam "${needed.queryParam}"`] : []),
    ];
    problems.push({
      path: `credentials.${name}`,
      message:
        `the template puts credential "${bound}" in ${refused.map(describeUse).join(", ")}, ` +
        `which its owner does not allow (its placements: ${rules.placements.join(", ")}; its ` +
        `queryParam: ${rules.queryParam === null ? "none" : `"${rules.queryParam}"`}): an owner ` +
        `or admin must store the credential again with its value and ${settings.join(" and ")}`,
    });
  }
  return problems;
}

/**
 * The binding an upgrade keeps: for each step id the template and the connector share, a
 * template credential maps to the credential the connector's step uses now (when each side
 * uses exactly one there). Everything else binds by name, as on install.
 */
export function bindingFromConnector(
  template: ConnectorDefinition,
  connector: ConnectorDefinition,
): Record<string, string> {
  const mapping: Record<string, string> = {};
  const current = new Map(connector.steps.map((step) => [step.id, step]));
  for (const step of template.steps) {
    const existing = current.get(step.id);
    if (!existing) continue;
    const wanted = [...credentialsUsedByStep(step)];
    const used = [...credentialsUsedByStep(existing)];
    const [from] = wanted;
    const [to] = used;
    if (wanted.length === 1 && used.length === 1 && from && to && !Object.hasOwn(mapping, from)) {
      mapping[from] = to;
    }
  }
  return mapping;
}
