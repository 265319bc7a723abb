import { describe, expect, it } from "vitest";
import type { ConnectorDefinition } from "../../engine/definition.ts";
import {
  bindingFromConnector,
  bindingProblems,
  deriveRequiredCredentials,
  normalizeRequiredCredentials,
  placementBindingProblems,
  templateHosts,
} from "./template-requirements.ts";

const definition: ConnectorDefinition = {
  steps: [
    {
      id: "find",
      request: {
        method: "GET",
        url: "https://{{input.shop}}.myshopify.com/admin/customers.json",
        auth: { type: "api_key", credential: "shop_token", in: "header", name: "X-Token" },
      },
      extract: { id: "$.id" },
    },
    {
      id: "notify",
      request: {
        method: "POST",
        url: "https://hooks.example.com:8443/notify/{{steps.find.id}}",
        headers: { "X-Key": "{{credentials.hook_key}}" },
      },
    },
    {
      id: "tag",
      request: {
        method: "POST",
        url: "http://127.0.0.1:8788/v1/tags",
        auth: { type: "bearer", credential: "hook_key" },
      },
    },
  ],
};

describe("templateHosts", () => {
  it("lists every host once, a templated label as *.domain and non-default ports", () => {
    expect(templateHosts(definition)).toEqual([
      "*.myshopify.com",
      "127.0.0.1:8788",
      "hooks.example.com:8443",
    ]);
  });

  it("tolerates stored definitions that do not parse", () => {
    expect(templateHosts({})).toEqual([]);
    expect(templateHosts({ steps: [{ request: { url: "not a url" } }, null] })).toEqual([]);
  });
});

describe("deriveRequiredCredentials", () => {
  it("derives name, auth type and hosts per credential, never a value", () => {
    expect(
      deriveRequiredCredentials(definition, { shop_token: "From the Shopify admin." }),
    ).toEqual([
      {
        name: "hook_key",
        authType: "bearer",
        allowedHosts: ["127.0.0.1:8788", "hooks.example.com:8443"],
        helpText: null,
      },
      {
        name: "shop_token",
        authType: "api_key",
        allowedHosts: ["*.myshopify.com"],
        helpText: "From the Shopify admin.",
      },
    ]);
  });

  it("a credential only templated into a header is `other`", () => {
    const [step] = definition.steps.slice(1, 2);
    expect(deriveRequiredCredentials({ steps: [step!] })).toEqual([
      {
        name: "hook_key",
        authType: "other",
        allowedHosts: ["hooks.example.com:8443"],
        helpText: null,
      },
    ]);
  });
});

describe("bindingProblems", () => {
  it("is empty when every bound credential exists and covers its hosts", () => {
    const creds = new Map([
      ["shop", ["*.myshopify.com"]],
      ["hook_key", ["hooks.example.com", "127.0.0.1:8788"]],
    ]);
    expect(bindingProblems(definition, { shop_token: "shop" }, creds)).toEqual([]);
  });

  it("names each missing credential and each uncovered host", () => {
    const creds = new Map([["shop_token", ["acme.myshopify.com"]]]);
    const problems = bindingProblems(definition, {}, creds);
    expect(problems.map((p) => p.path)).toEqual(["credentials.hook_key", "credentials.shop_token"]);
    expect(problems[0]?.message).toContain('"hook_key"');
    expect(problems[1]?.message).toContain("*.myshopify.com");
  });
});

const keyed: ConnectorDefinition = {
  steps: [
    {
      id: "search",
      request: {
        method: "GET",
        url: "https://api.vendor.example/v1/search?api_key={{credentials.vendor_key}}",
      },
    },
    {
      id: "post",
      request: {
        method: "POST",
        url: "https://api.vendor.example/v1/items",
        auth: { type: "bearer", credential: "hook_key" },
        body: { type: "json", value: { signature: "{{credentials.hook_key}}" } },
      },
    },
  ],
};

describe("placement requirements of templates", () => {
  it("derive queryParam and placements only where a template needs more than headers", () => {
    expect(deriveRequiredCredentials(keyed)).toEqual([
      {
        name: "hook_key",
        authType: "bearer",
        allowedHosts: ["api.vendor.example"],
        helpText: null,
        placements: ["body"],
      },
      {
        name: "vendor_key",
        authType: "other",
        allowedHosts: ["api.vendor.example"],
        helpText: null,
        queryParam: "api_key",
      },
    ]);
  });

  it("binding to a credential that does not allow them names the template credential and what to set", () => {
    const header = { placements: ["header" as const], queryParam: null };
    const problems = placementBindingProblems(
      keyed,
      { vendor_key: "our_key" },
      new Map([
        ["our_key", header],
        ["hook_key", header],
      ]),
    );
    expect(problems).toEqual([
      {
        path: "credentials.hook_key",
        message: expect.stringMatching(/the request body.*placements \["body","header"\]/),
      },
      {
        path: "credentials.vendor_key",
        message: expect.stringMatching(
          /credential "our_key" in query parameter "api_key".*queryParam "api_key"/,
        ),
      },
    ]);
    expect(
      placementBindingProblems(
        keyed,
        { vendor_key: "our_key" },
        new Map([
          ["our_key", { placements: ["header" as const], queryParam: "api_key" }],
          ["hook_key", { placements: ["header" as const, "body" as const], queryParam: null }],
        ]),
      ),
    ).toEqual([]);
  });

  it("reads placements and queryParam back from stored rows, dropping what is not valid", () => {
    expect(
      normalizeRequiredCredentials([
        { name: "a", placements: ["body", "cookie"], queryParam: "api_key" },
        { name: "b", placements: "body", queryParam: "a b" },
        { name: "c", placements: ["cookie"] },
      ]),
    ).toEqual([
      {
        name: "a",
        authType: "other",
        allowedHosts: [],
        helpText: null,
        placements: ["body"],
        queryParam: "api_key",
      },
      { name: "b", authType: "other", allowedHosts: [], helpText: null },
      { name: "c", authType: "other", allowedHosts: [], helpText: null },
    ]);
  });
});

describe("bindingFromConnector", () => {
  it("keeps the credential a same-id step uses now", () => {
    const installed: ConnectorDefinition = {
      steps: [
        {
          id: "find",
          request: {
            method: "GET",
            url: "https://{{input.shop}}.myshopify.com/admin/customers.json",
            auth: { type: "api_key", credential: "our_shop", in: "header", name: "X-Token" },
          },
        },
      ],
    };
    expect(bindingFromConnector(definition, installed)).toEqual({ shop_token: "our_shop" });
  });
});

describe("normalizeRequiredCredentials", () => {
  it("keeps well-formed entries and fills what is missing", () => {
    expect(
      normalizeRequiredCredentials([
        { name: "a", authType: "basic", allowedHosts: ["x.com", 3], helpText: "h" },
        { name: "b" },
        { nope: true },
        "c",
      ]),
    ).toEqual([
      { name: "a", authType: "basic", allowedHosts: ["x.com"], helpText: "h" },
      { name: "b", authType: "other", allowedHosts: [], helpText: null },
    ]);
    expect(normalizeRequiredCredentials(null)).toEqual([]);
  });
});
