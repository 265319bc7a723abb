// Renders docs/TEMPLATES.md, the catalogue of official templates, from the template files alone
// (scripts/templates-doc.ts writes it; catalogue.test.ts fails when the file is stale).
import { PAGINATION_DEFAULTS, type Step } from "../../engine/definition.ts";
import { isPlainObject } from "../../engine/json.ts";
import type { OfficialTemplate, RequiredCredential } from "./index.ts";

export const CATALOGUE_PATH = "docs/TEMPLATES.md";

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function table(headers: string[], rows: string[][]): string[] {
  return [
    `| ${headers.join(" | ")} |`,
    `| ${headers.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ];
}

function authText(step: Step): string {
  const auth = step.request.auth;
  if (!auth || auth.type === "none") return "no auth";
  if (auth.type === "bearer") return `${code("Authorization: Bearer")} ${code(auth.credential)}`;
  if (auth.type === "oauth2") {
    return `OAuth 2.0: ${code("Authorization: Bearer")} the access token of ${code(auth.credential)}`;
  }
  if (auth.type === "basic") {
    return `HTTP Basic, username ${code(auth.username)}, password ${code(auth.credential)}`;
  }
  return auth.in === "header"
    ? `${code(auth.credential)} in the ${code(auth.name)} header`
    : `${code(auth.credential)} in the ${code(auth.name)} query parameter`;
}

function bodyText(step: Step): string | null {
  const body = step.request.body;
  if (!body) return null;
  if (body.type === "json") {
    const fields = isPlainObject(body.value) ? Object.keys(body.value) : [];
    return fields.length > 0 ? `JSON body with ${fields.map(code).join(", ")}` : "JSON body";
  }
  if (body.type === "form") {
    return `form-encoded body with ${Object.keys(body.value).map(code).join(", ")}`;
  }
  if (body.type === "xml") return "XML body";
  return `${code(body.contentType)} body`;
}

function pagingText(step: Step): string | null {
  const p = step.paginate;
  if (!p) return null;
  const how =
    p.type === "cursor"
      ? `cursor paging: the next cursor at ${code(p.cursorPath)} is sent as ${code(p.param)} (${p.in ?? "query"})`
      : p.type === "nextUrl"
        ? `next-URL paging: follows ${code(p.nextUrlPath)} (same origin only)`
        : p.type === "linkHeader"
          ? `Link-header paging (${code('rel="next"')})`
          : p.type === "offset"
            ? `offset paging: ${code(p.offsetParam)} / ${code(p.limitParam)}, ${p.pageSize} per page`
            : `page-number paging: ${code(p.pageParam)} from ${p.start ?? 1}, ${p.pageSize} per page`;
  const maxPages = p.maxPages ?? PAGINATION_DEFAULTS.maxPages;
  const maxItems = p.maxItems ?? PAGINATION_DEFAULTS.maxItems;
  const onLimit = p.onLimit ?? PAGINATION_DEFAULTS.onLimit;
  return (
    `${how}; items at ${code(p.itemsPath)}; at most ${maxPages} pages and ${maxItems} items, ` +
    `then ${onLimit === "fail" ? "the step fails" : "the run succeeds with truncated: true"}`
  );
}

/** The overview's paging column: each paginated step's style. */
function pagingStyles(template: OfficialTemplate): string {
  const styles = template.definition.steps.flatMap((s) => (s.paginate ? [s.paginate.type] : []));
  return [...new Set(styles)].join(", ");
}

function requestLines(template: OfficialTemplate): string[] {
  return template.definition.steps.map((step, index) => {
    const { request } = step;
    const parts = [authText(step)];
    const headers = Object.entries(request.headers ?? {});
    if (headers.length > 0) {
      parts.push(`headers ${headers.map(([name, value]) => code(`${name}: ${value}`)).join(", ")}`);
    }
    const query = Object.entries(request.query ?? {});
    if (query.length > 0) {
      parts.push(`query ${query.map(([name, value]) => code(`${name}=${value}`)).join(", ")}`);
    }
    const body = bodyText(step);
    if (body) parts.push(body);
    const paging = pagingText(step);
    if (paging) parts.push(paging);
    return `${index + 1}. ${code(step.id)}: ${code(`${request.method} ${request.url}`)} — ${parts.join("; ")}`;
  });
}

function placementText(c: RequiredCredential): string {
  const parts: string[] = [];
  if (c.placements) parts.push(`Store it with placements ${c.placements.map(code).join(", ")}.`);
  if (c.queryParam) parts.push(`Store it with queryParam ${code(c.queryParam)}.`);
  return parts.length > 0 ? ` ${parts.join(" ")}` : "";
}

function presetLines(credentials: RequiredCredential[]): string[] {
  return credentials.flatMap((c) => {
    const preset = c.oauth;
    if (!preset) return [];
    const extra = Object.entries(preset.extraAuthorizeParams);
    const lines = [
      `- ${code(c.name)}: grant ${code(preset.grantType)}` +
        (preset.authorizeUrl ? `; authorize URL <${preset.authorizeUrl}>` : "") +
        `; token URL <${preset.tokenUrl}>`,
      `  - scopes ${preset.scopes.map(code).join(", ") || "none"} (joined with ${code(JSON.stringify(preset.scopeSeparator))}); client authentication ${code(preset.tokenAuthMethod)}` +
        (extra.length > 0
          ? `; extra authorize parameters ${extra.map(([k, v]) => code(`${k}=${v}`)).join(", ")}`
          : ""),
    ];
    return lines;
  });
}

function credentialRows(credentials: RequiredCredential[]): string[][] {
  return credentials.map((c) => [
    code(c.name),
    c.authType,
    c.allowedHosts.map(code).join(", "),
    `${c.helpText}${placementText(c)}`,
  ]);
}

type SchemaNode = {
  type?: string | string[];
  description?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  examples?: unknown[];
  items?: SchemaNode;
  minLength?: number;
  maxLength?: number;
};

function typeText(node: SchemaNode): string {
  const base = Array.isArray(node.type) ? node.type.join(" or ") : (node.type ?? "any");
  const items = node.items?.type
    ? ` of ${Array.isArray(node.items.type) ? node.items.type.join(" or ") : node.items.type}`
    : "";
  const extras: string[] = [];
  if (node.format) extras.push(node.format);
  if (node.enum) extras.push(`one of ${node.enum.map((v) => code(JSON.stringify(v))).join(", ")}`);
  if (node.pattern) extras.push(`pattern ${code(node.pattern)}`);
  if (node.maxLength !== undefined) extras.push(`at most ${node.maxLength} characters`);
  return `${base}${items}${extras.length > 0 ? ` (${extras.join("; ")})` : ""}`;
}

function inputRows(template: OfficialTemplate): string[][] {
  const schema = template.definition.input as
    | { properties?: Record<string, SchemaNode>; required?: string[] }
    | undefined;
  const required = new Set(schema?.required ?? []);
  return Object.entries(schema?.properties ?? {}).map(([name, node]) => {
    const example = node.examples?.[0];
    const description = node.description ?? "";
    const withExample =
      example === undefined
        ? description
        : `${description} Example: ${code(JSON.stringify(example))}`;
    return [code(name), typeText(node), required.has(name) ? "yes" : "no", withExample.trim()];
  });
}

function extractRows(template: OfficialTemplate): string[][] {
  return template.definition.steps.flatMap((step) =>
    Object.entries(step.extract ?? {}).map(([name, path]) => [
      code(`steps.${step.id}.${name}`),
      code(path),
    ]),
  );
}

function mappingRows(template: OfficialTemplate): string[][] {
  return Object.entries(template.definition.fieldMapping ?? {}).map(([field, value]) => [
    code(field),
    code(value),
  ]);
}

function section(template: OfficialTemplate): string[] {
  const flags = [
    code(template.slug),
    template.category,
    `version ${template.version}`,
    ...(template.isFeatured ? ["featured"] : []),
  ];
  const lines = [
    `<a id="${template.slug}"></a>`,
    "",
    `## ${template.name}`,
    "",
    flags.join(" · "),
    "",
    template.description,
    "",
    "**Requests**",
    "",
    ...requestLines(template),
    "",
    "**Credentials**",
    "",
    ...table(
      ["Name", "Auth type", "Allowed hosts", "Where to get one"],
      credentialRows(template.requiredCredentials),
    ),
    "",
  ];
  const presets = presetLines(template.requiredCredentials);
  if (presets.length > 0) {
    lines.push(
      "**OAuth 2.0 preset** (store the credential with your own client id and secret and these settings; a bound credential must use the same grant and ask for every scope listed)",
      "",
      ...presets,
      "",
    );
  }
  lines.push(
    "**Inputs**",
    "",
    ...table(["Input", "Type", "Required", "Description"], inputRows(template)),
    "",
  );
  const extracts = extractRows(template);
  lines.push("**Extracts**", "");
  if (extracts.length > 0) lines.push(...table(["Output", "JSONPath"], extracts), "");
  else lines.push("Nothing: the vendor answers without a body to read.", "");
  const mapping = mappingRows(template);
  lines.push(
    "**Field mapping** (written onto the contact when the run succeeds; null values are skipped)",
    "",
  );
  if (mapping.length > 0) lines.push(...table(["Contact field", "Value"], mapping), "");
  else lines.push("None: this template acts on the vendor's side only.", "");
  lines.push("**Vendor documentation**", "", ...template.references.map((url) => `- <${url}>`), "");
  return lines;
}

function byCategoryThenName(a: OfficialTemplate, b: OfficialTemplate): number {
  return a.category.localeCompare(b.category) || a.name.localeCompare(b.name);
}

/** The whole catalogue as Markdown; deterministic for a given set of templates. */
export function renderCatalogue(templates: readonly OfficialTemplate[]): string {
  const sorted = [...templates].sort(byCategoryThenName);
  const overview = sorted.map((t) => [
    `[${t.name}](#${t.slug})`,
    code(t.slug),
    t.category,
    t.requiredCredentials.map((c) => `${code(c.name)} (${c.authType})`).join(", "),
    pagingStyles(t),
    t.isFeatured ? "yes" : "",
  ]);
  const lines = [
    "# Official connector templates",
    "",
    "<!-- Generated from templates/official/*.json by `node scripts/templates-doc.ts`. Do not edit by hand: edit the template file (and bump its version), then regenerate. -->",
    "",
    `${sorted.length} official templates. Each is one JSON file in ${code("templates/official/")}, checked by the`,
    "API's own definition validator and by a contract test that runs it with the real engine against a",
    "local stand-in for the vendor, which accepts only the request the vendor documents.",
    "",
    "Installing a template creates a connector in the workspace. Each required credential is bound to a",
    "workspace credential whose `allowedHosts` cover the hosts listed here; a connector never sends a",
    "credential anywhere else. Templates with an `oauth2` credential carry the provider's OAuth 2.0",
    "preset (endpoints, scopes, extra authorize parameters — never a client id or secret): store an",
    "OAuth 2.0 credential with your own client and those settings, press Connect, and the platform",
    "refreshes its tokens; install refuses a credential that is not an OAuth 2.0 credential with the",
    "preset's grant and scopes. Other templates that reach an OAuth vendor take an access token as a",
    "bearer token (you obtain and refresh it), as their help text says. Paginated steps follow the",
    "vendor's paging (SPEC §10) and their extractions read all pages' `items`. Inputs are validated",
    "against the template's JSON Schema before a run; extracted values appear in the execution's",
    "output, and the field mapping is written onto the contact the run is for.",
    "",
    ...table(["Template", "Slug", "Category", "Credentials", "Paging", "Featured"], overview),
    "",
    ...sorted.flatMap(section),
  ];
  return `${lines.join("\n").replace(/\n+$/, "")}\n`;
}
