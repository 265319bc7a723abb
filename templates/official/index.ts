// The official connector templates: one JSON file each in this folder (so any script can read
// them), imported statically here (so bundlers and Workers need no file system) and checked
// against the template shape when this module loads. templates.test.ts proves every JSON file in
// the folder is listed below and that each definition passes the API's own validator.
import { z } from "zod";
import { ConnectorDefinitionSchema } from "../../engine/definition.ts";
import { OAuthPresetSchema } from "../../engine/oauth-preset.ts";
import { PLACEMENTS, QUERY_PARAM_PATTERN } from "../../engine/placements.ts";
import { CREDENTIAL_NAME_PATTERN } from "../../engine/interpolate.ts";
import airtableCreateRecord from "./airtable-create-record.json" with { type: "json" };
import googleSheetsAppendRow from "./google-sheets-append-row.json" with { type: "json" };
import hubspotFindContact from "./hubspot-find-contact.json" with { type: "json" };
import hubspotListContacts from "./hubspot-list-contacts.json" with { type: "json" };
import hubspotUpsertContact from "./hubspot-upsert-contact.json" with { type: "json" };
import microsoftGraphListUsers from "./microsoft-graph-list-users.json" with { type: "json" };
import mailchimpAddSubscriber from "./mailchimp-add-subscriber.json" with { type: "json" };
import notionCreatePage from "./notion-create-page.json" with { type: "json" };
import pipedriveCreatePerson from "./pipedrive-create-person.json" with { type: "json" };
import salesforceCreateLead from "./salesforce-create-lead.json" with { type: "json" };
import salesforceSoqlQuery from "./salesforce-soql-query.json" with { type: "json" };
import sendgridSendEmail from "./sendgrid-send-email.json" with { type: "json" };
import shopifyFindCustomer from "./shopify-find-customer.json" with { type: "json" };
import slackPostMessage from "./slack-post-message.json" with { type: "json" };
import slackPostToGeneral from "./slack-post-to-general.json" with { type: "json" };
import stripeCreateCustomer from "./stripe-create-customer.json" with { type: "json" };
import stripeFindCustomer from "./stripe-find-customer.json" with { type: "json" };
import twilioSendSms from "./twilio-send-sms.json" with { type: "json" };

/** The auth types a workspace credential can declare (the credentials API's vocabulary). */
export const CREDENTIAL_AUTH_TYPES = ["bearer", "api_key", "basic", "oauth2", "other"] as const;

/** Same rule as the connector_templates.slug check constraint. */
export const TEMPLATE_SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * One entry of connector_templates.required_credentials. An `oauth2` credential carries its
 * provider preset (`oauth`: endpoints, scopes, extra parameters — never a client id or secret);
 * no other kind does.
 */
export const RequiredCredentialSchema = z
  .strictObject({
    name: z.string().regex(CREDENTIAL_NAME_PATTERN),
    authType: z.enum(CREDENTIAL_AUTH_TYPES),
    allowedHosts: z.array(z.string().min(1)).min(1),
    /** Where a user gets one; says so when the vendor normally uses OAuth 2.0. */
    helpText: z.string().min(1).max(2000),
    /**
     * The placements the credential must allow (docs/SECURITY.md), only when beyond the default
     * header.
     */
    placements: z.array(z.enum(PLACEMENTS)).min(1).optional(),
    /** The query parameter the credential must pin, for a key sent in the query. */
    queryParam: z.string().regex(QUERY_PARAM_PATTERN).optional(),
    oauth: OAuthPresetSchema.optional(),
  })
  .refine((c) => (c.authType === "oauth2") === (c.oauth !== undefined), {
    path: ["oauth"],
    message: "an oauth2 credential carries an OAuth preset, and only an oauth2 credential does",
  });

export const OfficialTemplateSchema = z.strictObject({
  slug: z.string().max(100).regex(TEMPLATE_SLUG_PATTERN),
  name: z.string().min(1).max(200),
  description: z.string().min(1).max(10_000),
  category: z.string().min(1).max(100),
  /**
   * Bump it with every change: the loader only rewrites a row when the file's version is higher.
   */
  version: z.number().int().positive(),
  isOfficial: z.literal(true),
  /** Applied when the template is first inserted; later curation in the admin API is kept. */
  isFeatured: z.boolean(),
  requiredCredentials: z.array(RequiredCredentialSchema),
  /** The vendor documentation the request and response shapes were checked against. */
  references: z.array(z.url()).min(1),
  definition: ConnectorDefinitionSchema,
});

export type RequiredCredential = z.infer<typeof RequiredCredentialSchema>;
export type OfficialTemplate = z.infer<typeof OfficialTemplateSchema>;

const FILES: Record<string, unknown> = {
  "airtable-create-record.json": airtableCreateRecord,
  "google-sheets-append-row.json": googleSheetsAppendRow,
  "hubspot-find-contact.json": hubspotFindContact,
  "hubspot-list-contacts.json": hubspotListContacts,
  "hubspot-upsert-contact.json": hubspotUpsertContact,
  "mailchimp-add-subscriber.json": mailchimpAddSubscriber,
  "microsoft-graph-list-users.json": microsoftGraphListUsers,
  "notion-create-page.json": notionCreatePage,
  "pipedrive-create-person.json": pipedriveCreatePerson,
  "salesforce-create-lead.json": salesforceCreateLead,
  "salesforce-soql-query.json": salesforceSoqlQuery,
  "sendgrid-send-email.json": sendgridSendEmail,
  "shopify-find-customer.json": shopifyFindCustomer,
  "slack-post-message.json": slackPostMessage,
  "slack-post-to-general.json": slackPostToGeneral,
  "stripe-create-customer.json": stripeCreateCustomer,
  "stripe-find-customer.json": stripeFindCustomer,
  "twilio-send-sms.json": twilioSendSms,
};

function parseTemplate(file: string, raw: unknown): OfficialTemplate {
  const parsed = OfficialTemplateSchema.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((issue) => `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`)
      .join("; ");
    throw new Error(`templates/official/${file} is not a valid official template: ${detail}`);
  }
  if (`${parsed.data.slug}.json` !== file) {
    throw new Error(
      `templates/official/${file} must be named after its slug "${parsed.data.slug}"`,
    );
  }
  return parsed.data;
}

/** The file names listed above (the test compares them with the folder). */
export const OFFICIAL_TEMPLATE_FILES: readonly string[] = Object.keys(FILES).sort();

/** Every official template, ordered by slug. */
export const OFFICIAL_TEMPLATES: readonly OfficialTemplate[] = OFFICIAL_TEMPLATE_FILES.map((file) =>
  parseTemplate(file, FILES[file]),
);

export function findOfficialTemplate(slug: string): OfficialTemplate | undefined {
  return OFFICIAL_TEMPLATES.find((template) => template.slug === slug);
}
