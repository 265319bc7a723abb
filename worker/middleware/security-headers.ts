import { NONCE, secureHeaders } from "hono/secure-headers";

const NONE = ["'none'"];

/** Both policies: no sniffing, no framing, and the other headers secureHeaders adds left off. */
const BOTH = {
  xFrameOptions: "DENY",
  xContentTypeOptions: true,
  crossOriginEmbedderPolicy: false,
  crossOriginResourcePolicy: false,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  strictTransportSecurity: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
} as const;

/**
 * Every answer: never sniffed into another type, never framed, and — unless a route sent a
 * policy of its own (the docs page) — a Content-Security-Policy that lets a page load nothing.
 * The API answers JSON; this keeps any of it rendered as a document inert.
 */
export const securityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: NONE,
    baseUri: NONE,
    formAction: NONE,
    frameAncestors: NONE,
  },
  ...BOTH,
  referrerPolicy: false,
  overwrite: false,
});

/**
 * The interactive docs page (Scalar): its script comes from the worker's own assets and its
 * inline bootstrap carries a per-request nonce; it talks only to this origin (the OpenAPI
 * document and "Try it" requests). No CDN, no fonts or calls elsewhere. Styles must be allowed
 * inline: Scalar creates <style> elements and style attributes at run time that no nonce can
 * cover; CSS runs no code, and with images, fonts and connections limited to this origin it
 * cannot send anything elsewhere.
 */
export const docsSecurityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: NONE,
    scriptSrc: ["'self'", NONCE],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", "data:"],
    fontSrc: ["'self'", "data:"],
    connectSrc: ["'self'"],
    baseUri: NONE,
    formAction: NONE,
    frameAncestors: NONE,
    objectSrc: NONE,
  },
  ...BOTH,
  referrerPolicy: "no-referrer",
});

/**
 * The console (a single-page app from the worker's assets): scripts and styles from this origin
 * only (React sets style attributes, hence inline styles), and connections to this origin (the
 * API) and to Supabase Auth, where supabase-js signs in. Nothing else, no framing.
 */
export const consoleSecurityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: NONE,
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", "data:"],
    fontSrc: ["'self'"],
    connectSrc: ["'self'", (c) => new URL(c.var.config.supabaseUrl).origin],
    manifestSrc: ["'self'"],
    baseUri: NONE,
    formAction: NONE,
    frameAncestors: NONE,
    objectSrc: NONE,
  },
  ...BOTH,
  referrerPolicy: "no-referrer",
});
