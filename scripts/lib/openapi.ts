// The API's OpenAPI document exactly as `/v1/openapi.json` serves it, without a running stack:
// the app answers the request in-process (the document route touches no database).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";
import { createApp } from "../../worker/app.ts";
import type { Bindings } from "../../worker/env.ts";
import { DATA_DIR, ROOT } from "./paths.ts";
import { DEV_CREDENTIALS_KEYS, JWT_SECRET, SUPABASE_URL } from "./local-defaults.ts";

export const OPENAPI_FILE = join(DATA_DIR, "openapi.json");
/** Client types generated from the document, committed so `tsc` checks the client without it. */
export const CLIENT_TYPES_FILE = join(ROOT, "tests/openapi/schema.d.ts");

export async function openApiDocument(): Promise<Record<string, unknown>> {
  const env: Bindings = {
    // Never connected to: a client is opened per request but the document needs no query.
    HYPERDRIVE: { connectionString: "postgres://unused@127.0.0.1:9/unused" } as Hyperdrive,
    ENVIRONMENT: "test",
    SUPABASE_URL,
    SUPABASE_JWT_SECRET: JWT_SECRET,
    CREDENTIALS_KEYS: DEV_CREDENTIALS_KEYS,
    RUNNER: "inline",
  };
  const res = await createApp().request("/v1/openapi.json", {}, env);
  if (res.status !== 200) throw new Error(`/v1/openapi.json answered ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}

/** Writes the document (pretty-printed) where the lint and the client generator read it. */
export async function writeOpenApiDocument(file = OPENAPI_FILE): Promise<string> {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(await openApiDocument(), null, 2)}\n`);
  return file;
}

/** `paths`/`components` types for `openapi-fetch`, as `openapi-typescript` generates them. */
export async function clientTypes(document: Record<string, unknown>): Promise<string> {
  const ast = await openapiTS(document as unknown as OpenAPI3);
  return `// Generated from /v1/openapi.json by \`npm run openapi\`; do not edit.\n${astToString(ast)}`;
}
