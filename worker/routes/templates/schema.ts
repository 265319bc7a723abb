import { z } from "@hono/zod-openapi";
import { OAuthPresetSchema } from "../../../engine/oauth-preset.ts";
import { PLACEMENTS } from "../../../engine/placements.ts";
import { CREDENTIAL_NAME } from "../credentials/schema.ts";
import { ConnectorDefinitionSchema } from "../../../engine/definition.ts";
import { DEMO_DEFINITION } from "../connectors/schema.ts";
import { WorkspaceIdParam } from "../schemas.ts";
import { searchQuery } from "../../lib/pagination.ts";

export const TEMPLATE_ID_EXAMPLE = "e0000000-0000-4000-8000-000000000001";
export const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const templateId = z.string().openapi({
  param: { name: "id", in: "path" },
  description: "Template id (UUID).",
  example: TEMPLATE_ID_EXAMPLE,
});

export const TemplateIdParams = z.object({ id: templateId });
export const WorkspaceTemplateParams = z.object({ ws: WorkspaceIdParam, id: templateId });
export const WorkspaceParams = z.object({ ws: WorkspaceIdParam });

export const RequiredCredentialSchema = z
  .object({
    name: z.string().openapi({
      description: "The credential name the template uses (`{{credentials.<name>}}`).",
      example: "example_token",
    }),
    authType: z.string().openapi({
      description: "How the steps send it: `bearer`, `api_key`, `basic`, `oauth2`, or `other`.",
      example: "bearer",
    }),
    allowedHosts: z.array(z.string()).openapi({
      description:
        "The hosts the steps using it call. The workspace credential bound to it must already " +
        "cover every one (its own `allowedHosts`), or install answers 422.",
      example: ["127.0.0.1:8788"],
    }),
    helpText: z.string().nullable().openapi({
      description: "Where to get one.",
      example: "Any token works against the local demo target; `npm run dev` seeds one.",
    }),
    placements: z
      .array(z.enum(PLACEMENTS))
      .optional()
      .openapi({
        description:
          "Present when the steps template the credential beyond headers: the placements the " +
          "bound workspace credential must allow (its owner sets them with the value), or " +
          "install answers 422 saying what to set.",
        example: ["body", "header"],
      }),
    queryParam: z
      .string()
      .optional()
      .openapi({
        description:
          "Present when the steps send the credential as one query parameter: the bound " +
          "workspace credential must pin this `queryParam` (or allow the `query` placement).",
        example: "api_key",
      }),
    oauth: OAuthPresetSchema.optional().openapi({
      description:
        "Present for an `oauth2` credential whose template carries the provider's preset: store " +
        "an OAuth 2.0 credential with your own client id and secret and these settings; install " +
        "binds only an OAuth 2.0 credential with the same grant that asks for every preset scope.",
    }),
  })
  .openapi("RequiredCredential");

export const TemplateSchema = z
  .object({
    id: z.uuid().openapi({ description: "Template id.", example: TEMPLATE_ID_EXAMPLE }),
    slug: z
      .string()
      .openapi({ description: "Unique, URL-safe name.", example: "demo-people-enrich" }),
    name: z.string().openapi({ description: "Display name.", example: "Demo: enrich a person" }),
    description: z.string().nullable().openapi({
      description: "What it does.",
      example: "Looks a contact up by email and tags them.",
    }),
    category: z.string().nullable().openapi({ description: "Browse category.", example: "demo" }),
    definition: ConnectorDefinitionSchema,
    inputSchema: z.record(z.string(), z.unknown()).nullable().openapi({
      description: "The definition's input JSON Schema (what a run needs), or null for any object.",
      example: DEMO_DEFINITION.input,
    }),
    requiredCredentials: z.array(RequiredCredentialSchema).openapi({
      description: "What a workspace must bind at install time. Never a credential value.",
    }),
    hosts: z.array(z.string()).openapi({
      description:
        "Every host the steps call, from the definition: `host` or `host:port`; a templated " +
        "leading label (`https://{{input.shop}}.myshopify.com`) is shown as `*.myshopify.com`.",
      example: ["127.0.0.1:8788"],
    }),
    isOfficial: z.boolean().openapi({ description: "Curated by the platform.", example: false }),
    isFeatured: z.boolean().openapi({ description: "Highlighted in browse.", example: true }),
    visibility: z.enum(["public", "workspace"]).openapi({
      description: "`public`: everyone (once approved); `workspace`: the owner workspace only.",
      example: "public",
    }),
    review: z.enum(["pending", "approved", "rejected"]).openapi({
      description: "A public community template is listed for others only once approved.",
      example: "approved",
    }),
    ownerWorkspaceId: z
      .uuid()
      .nullable()
      .openapi({
        description:
          "The publishing workspace. Shown only to its members and to saas admins; null for " +
          "everyone else and for platform templates.",
        example: null,
      }),
    version: z.number().int().openapi({
      description: "Bumped whenever the definition changes; connectors record the one installed.",
      example: 1,
    }),
    installCount: z.number().int().openapi({ description: "Installs ever made.", example: 12 }),
    ratingAvg: z.number().openapi({ description: "Average rating, 0 when unrated.", example: 4.5 }),
    ratingCount: z.number().int().openapi({ description: "Number of ratings.", example: 4 }),
    createdBy: z
      .uuid()
      .nullable()
      .openapi({
        description:
          "The author. Shown only to members of the publishing workspace and to saas admins; " +
          "null for everyone else.",
        example: null,
      }),
    createdAt: z.string().openapi({ format: "date-time", example: "2026-11-22T10:15:30.123Z" }),
    updatedAt: z.string().openapi({ format: "date-time", example: "2026-11-22T10:15:30.123Z" }),
  })
  .openapi("Template");

const flag = (name: string, description: string) =>
  z
    .enum(["true", "false"])
    .optional()
    .openapi({ param: { name, in: "query" }, description, example: "true" });

export const BrowseFilters = z.object({
  q: searchQuery("Case-insensitive match on name, description or category.", "enrich"),
  category: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .openapi({
      param: { name: "category", in: "query" },
      description: "Exactly this category (case-insensitive).",
      example: "demo",
    }),
  featured: flag("featured", "Only featured (`true`) or only not featured (`false`)."),
  official: flag("official", "Only official (`true`) or only community (`false`) templates."),
  review: z
    .enum(["pending", "approved", "rejected"])
    .optional()
    .openapi({
      param: { name: "review", in: "query" },
      description:
        "Only this review state. Others' pending or rejected templates are visible to saas " +
        "admins only, so for everyone else this narrows their own workspace's templates.",
      example: "pending",
    }),
  sort: z
    .enum(["popular", "rating", "newest"])
    .default("popular")
    .openapi({
      param: { name: "sort", in: "query" },
      description:
        "`popular` (installs), `rating` (average, then count) or `newest`; a cursor only " +
        "works with the sort it came from.",
      example: "popular",
    }),
});

const bindingName = z
  .string()
  .regex(CREDENTIAL_NAME, "lowercase letters, digits and _, starting with a letter, ≤ 63");

export const CredentialBinding = z.record(bindingName, bindingName).openapi({
  description:
    "Template credential name → workspace credential name. A template credential not listed " +
    "binds to the workspace credential of the same name.",
  example: { example_token: "example_token" },
});

export const InstallBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional().openapi({
      description: "The connector's name; defaults to the template's.",
      example: "Enrich from the demo API",
    }),
    credentials: CredentialBinding.optional(),
  })
  .openapi("InstallTemplate");

export const CredentialOAuth = z.record(bindingName, OAuthPresetSchema).openapi({
  description:
    "The OAuth 2.0 provider preset per credential name that the steps send through an `oauth2` " +
    "auth block (never a client id or secret). Install then binds only an OAuth 2.0 credential " +
    "with the preset's grant that asks for every preset scope. Optional; 422 for a name no step " +
    "sends as `oauth2`, a URL that is not https or fails the outbound guard, or any preset on a " +
    "public template a workspace publishes (a saas admin adds presets at review).",
  example: {
    google_sheets_token: {
      grantType: "authorization_code",
      authorizeUrl: "https://accounts.google.com/o/oauth2/v2/auth",
      tokenUrl: "https://oauth2.googleapis.com/token",
      scopes: ["https://www.googleapis.com/auth/spreadsheets"],
      scopeSeparator: " ",
      extraAuthorizeParams: { access_type: "offline", prompt: "consent" },
      tokenAuthMethod: "client_secret_post",
    },
  },
});

export const CredentialHelp = z.record(bindingName, z.string().trim().min(1).max(2000)).openapi({
  description: "Optional help text (where to get one) per credential name the steps use.",
  example: { example_token: "Create a token under Settings → API in the vendor's dashboard." },
});

export const PublishBody = z
  .strictObject({
    connectorId: z.uuid().openapi({
      description: "The workspace's connector whose definition becomes the template.",
      example: "5b0f8a4e-6c1d-4f6e-9a57-0e9d6f1b2c3d",
    }),
    slug: z
      .string()
      .max(100)
      .regex(SLUG, "lowercase words joined by -")
      .openapi({
        description:
          "Public templates: unique across the marketplace. Workspace templates: unique within " +
          "the workspace (another tenant's private slug never clashes).",
        example: "acme-people-enrich",
      }),
    name: z.string().trim().min(1).max(200).optional().openapi({
      description: "Defaults to the connector's name.",
      example: "Acme: enrich a person",
    }),
    description: z.string().max(10_000).nullable().optional().openapi({
      description: "Defaults to the connector's description.",
      example: "Looks a contact up in Acme and tags them.",
    }),
    category: z.string().trim().min(1).max(100).nullable().optional().openapi({
      description: "Browse category.",
      example: "enrichment",
    }),
    visibility: z.enum(["workspace", "public"]).openapi({
      description: "`workspace`: visible to this workspace at once; `public`: after review.",
      example: "public",
    }),
    credentialHelp: CredentialHelp.optional(),
    credentialOAuth: CredentialOAuth.optional(),
  })
  .openapi("PublishTemplate");
