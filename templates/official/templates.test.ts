import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import {
  credentialNamesUsed,
  credentialsUsedByStep,
  validateDefinition,
} from "../../engine/definition.ts";
import { hostMatches, labelHostCovered, validateAllowedHosts } from "../../engine/hosts.ts";
import { validateInput } from "../../engine/input-schema.ts";
import type { JsonValue } from "../../engine/json.ts";
import { presetUrlProblems } from "../../engine/oauth-preset.ts";
import { EMPTY_POLICY, effectivePort } from "../../engine/outbound.ts";
import {
  checkCredentialPlacements,
  credentialUses,
  requiredRules,
} from "../../engine/placements.ts";
import {
  OFFICIAL_TEMPLATE_FILES,
  OFFICIAL_TEMPLATES,
  OfficialTemplateSchema,
  TEMPLATE_SLUG_PATTERN,
} from "./index.ts";

const HERE = dirname(fileURLToPath(import.meta.url));

/** The host a step URL reaches, with a templated leading label replaced by a sample label. */
function stepHost(url: string): { url: URL; templatedLabel: boolean } {
  const templatedLabel = /^https?:\/\/\{\{[^}]+\}\}\./.test(url);
  const sample = url.replace(/^(https?:\/\/)\{\{[^}]+\}\}\./, "$1sample.");
  const origin = /^https?:\/\/[^/?#]+/.exec(sample)?.[0] ?? sample;
  return { url: new URL(`${origin}/`), templatedLabel };
}

describe("the official template files", () => {
  test("there are at least 12, and index.ts lists every JSON file in the folder", () => {
    const files = readdirSync(HERE)
      .filter((f) => f.endsWith(".json"))
      .sort();
    expect(files).toEqual([...OFFICIAL_TEMPLATE_FILES]);
    expect(OFFICIAL_TEMPLATES.length).toBeGreaterThanOrEqual(12);
  });

  test("slugs are kebab-case, unique and name their file", () => {
    const slugs = OFFICIAL_TEMPLATES.map((t) => t.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const template of OFFICIAL_TEMPLATES) {
      expect(template.slug).toMatch(TEMPLATE_SLUG_PATTERN);
      expect(OFFICIAL_TEMPLATE_FILES).toContain(`${template.slug}.json`);
    }
  });

  test("3 or 4 templates are featured", () => {
    const featured = OFFICIAL_TEMPLATES.filter((t) => t.isFeatured).length;
    expect(featured).toBeGreaterThanOrEqual(3);
    expect(featured).toBeLessThanOrEqual(4);
  });

  for (const file of OFFICIAL_TEMPLATE_FILES) {
    const raw: unknown = JSON.parse(readFileSync(join(HERE, file), "utf8"));
    const slug = file.replace(/\.json$/, "");

    describe(slug, () => {
      const template = OfficialTemplateSchema.parse(raw);
      const hosts = new Map(template.requiredCredentials.map((c) => [c.name, c.allowedHosts]));

      test("passes the API's definition validator against the real outbound guard", () => {
        const result = validateDefinition(template.definition, {
          credentialNames: null,
          credentialHosts: hosts,
          outbound: EMPTY_POLICY,
        });
        expect(result.ok ? [] : result.problems).toEqual([]);
      });

      test("is official, version 1 or later, with a name, description and category", () => {
        expect(template.isOfficial).toBe(true);
        expect(Number.isInteger(template.version) && template.version >= 1).toBe(true);
        expect(template.name.trim()).not.toBe("");
        expect(template.description.trim()).not.toBe("");
        expect(template.category).toMatch(/^[a-z][a-z-]*$/);
      });

      test("declares exactly the credentials its definition uses, each once", () => {
        const declared = template.requiredCredentials.map((c) => c.name);
        expect(new Set(declared).size).toBe(declared.length);
        expect([...credentialNamesUsed(template.definition)].sort()).toEqual([...declared].sort());
      });

      test("each credential has valid allowedHosts and help text", () => {
        for (const credential of template.requiredCredentials) {
          expect(validateAllowedHosts(credential.allowedHosts)).toEqual([]);
          expect(credential.helpText.length).toBeGreaterThan(40);
        }
      });

      test("each credential's allowedHosts cover every step host that uses it", () => {
        for (const step of template.definition.steps) {
          const { url, templatedLabel } = stepHost(step.request.url);
          expect(url.protocol, `${step.id} uses https`).toBe("https:");
          for (const name of credentialsUsedByStep(step)) {
            const allowed = hosts.get(name) ?? [];
            const suffix = url.hostname.slice(url.hostname.indexOf(".") + 1);
            const covered = templatedLabel
              ? labelHostCovered(allowed, suffix, effectivePort(url))
              : hostMatches(allowed, url);
            expect(covered, `${step.id} → ${url.host} with ${name}`).toBe(true);
          }
        }
      });

      test("declares the placements and pinned query parameter each credential needs", () => {
        const uses = credentialUses(template.definition);
        for (const credential of template.requiredCredentials) {
          const needed = requiredRules(uses.filter((use) => use.credential === credential.name));
          const beyondHeader = needed.placements.some((p) => p !== "header");
          expect(credential.placements, credential.name).toEqual(
            beyondHeader ? needed.placements : undefined,
          );
          expect(credential.queryParam, credential.name).toEqual(needed.queryParam ?? undefined);
          // A credential stored exactly as declared (default header otherwise) can be installed.
          const rules = {
            placements: credential.placements ?? ["header" as const],
            queryParam: credential.queryParam ?? null,
          };
          expect(
            checkCredentialPlacements(template.definition, { [credential.name]: rules }),
          ).toEqual([]);
        }
      });

      test("its auth types agree with the credentials' declared authType", () => {
        const declared = new Map(template.requiredCredentials.map((c) => [c.name, c.authType]));
        for (const step of template.definition.steps) {
          const auth = step.request.auth;
          if (auth && auth.type !== "none") expect(declared.get(auth.credential)).toBe(auth.type);
        }
      });

      test("each oauth2 credential's preset is https, has no client id or secret, and is used", () => {
        for (const credential of template.requiredCredentials) {
          const preset = credential.oauth;
          expect(preset !== undefined, credential.name).toBe(credential.authType === "oauth2");
          if (!preset) continue;
          expect(presetUrlProblems(preset, EMPTY_POLICY, credential.name)).toEqual([]);
          expect(Object.keys(preset)).not.toContain("clientId");
          expect(Object.keys(preset)).not.toContain("clientSecret");
          expect(preset.scopes.length, credential.name).toBeGreaterThan(0);
          // Only steps that authenticate with OAuth 2.0 take an OAuth credential.
          for (const step of template.definition.steps) {
            if (credentialsUsedByStep(step).has(credential.name)) {
              expect(step.request.auth?.type, `${step.id} uses ${credential.name}`).toBe("oauth2");
            }
          }
        }
      });

      test("declares an input schema with required fields", () => {
        const input = template.definition.input as { type?: string; required?: string[] };
        expect(input?.type).toBe("object");
        expect(input?.required?.length ?? 0).toBeGreaterThan(0);
      });

      test("the examples in its input schema satisfy their own property schemas", () => {
        const input = template.definition.input as {
          properties?: Record<string, { examples?: JsonValue[] } & Record<string, JsonValue>>;
        };
        for (const [name, property] of Object.entries(input.properties ?? {})) {
          for (const example of property.examples ?? []) {
            const schema = { type: "object", properties: { [name]: property } };
            expect(
              validateInput(schema, { [name]: example }),
              `${name}: ${JSON.stringify(example)}`,
            ).toEqual({
              ok: true,
            });
          }
        }
      });

      test("maps only onto contact fields or custom_fields", () => {
        const contactFields = ["email", "first_name", "last_name", "phone", "company"];
        for (const field of Object.keys(template.definition.fieldMapping ?? {})) {
          const ok =
            contactFields.includes(field) || /^custom_fields\.[a-z][a-z0-9_]*$/.test(field);
          expect(ok, field).toBe(true);
        }
      });

      test("has a contract test", () => {
        expect(existsSync(join(HERE, "contracts", `${slug}.test.ts`))).toBe(true);
      });
    });
  }
});
