import {
  type JWTPayload,
  type JWTVerifyGetKey,
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  jwtVerify,
} from "jose";
import type { Claims } from "../db/client.ts";
import { UUID } from "./ids.ts";

export interface VerifierConfig {
  issuer: string;
  secret?: string;
  jwksUrl?: string;
}

export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TokenError";
  }
}

/** Supabase signs user tokens with HS256 (legacy secret) or asymmetric keys from its JWKS. */
const ASYMMETRIC_ALGORITHMS = ["RS256", "ES256", "EdDSA"];
const MAX_TOKEN_BYTES = 8 * 1024;
const CLOCK_TOLERANCE_SECONDS = 30;
const CACHE_LIMIT = 1000;

export interface Verified {
  userId: string;
  claims: Claims;
}

/**
 * Verifies Supabase access tokens with pinned algorithms. Keys are imported once; verified
 * tokens are remembered until they expire, so a busy user costs one signature check.
 */
export class TokenVerifier {
  private readonly config: VerifierConfig;
  private hmacKey: Promise<CryptoKey> | undefined;
  private readonly jwks: JWTVerifyGetKey | undefined;
  private readonly cache = new Map<string, { verified: Verified; expiresAt: number }>();

  constructor(config: VerifierConfig) {
    this.config = config;
    this.jwks = config.jwksUrl
      ? createRemoteJWKSet(new URL(config.jwksUrl), {
          cooldownDuration: 30_000,
          cacheMaxAge: 10 * 60_000,
          timeoutDuration: 5_000,
        })
      : undefined;
  }

  private key(): Promise<CryptoKey> {
    if (!this.config.secret) throw new TokenError("HS256 tokens are not accepted");
    this.hmacKey ??= crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(this.config.secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["verify"],
    );
    return this.hmacKey;
  }

  async verify(token: string, now = Date.now()): Promise<Verified> {
    const cached = this.cache.get(token);
    if (cached) {
      if (cached.expiresAt > now) return cached.verified;
      this.cache.delete(token);
    }
    if (token.length > MAX_TOKEN_BYTES) throw new TokenError("token too large");
    if (token.split(".").length !== 3) throw new TokenError("malformed token");

    let alg: string | undefined;
    try {
      const header = decodeProtectedHeader(token);
      // Keys come from our configuration only, never from the token itself.
      for (const forbidden of ["jku", "jwk", "x5u", "x5c"]) {
        if (forbidden in header) throw new TokenError(`token header ${forbidden} is not accepted`);
      }
      alg = header.alg;
    } catch (error) {
      if (error instanceof TokenError) throw error;
      throw new TokenError("malformed token");
    }

    let payload: JWTPayload;
    try {
      const options = {
        issuer: this.config.issuer,
        audience: "authenticated",
        requiredClaims: ["exp", "sub"],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: new Date(now),
      };
      if (alg === "HS256") {
        ({ payload } = await jwtVerify(token, await this.key(), {
          ...options,
          algorithms: ["HS256"],
        }));
      } else if (this.jwks && alg && ASYMMETRIC_ALGORITHMS.includes(alg)) {
        ({ payload } = await jwtVerify(token, this.jwks, {
          ...options,
          algorithms: ASYMMETRIC_ALGORITHMS,
        }));
      } else {
        throw new TokenError("token algorithm is not accepted");
      }
    } catch (error) {
      if (error instanceof TokenError) throw error;
      if (error instanceof errors.JWTExpired) throw new TokenError("token expired");
      if (error instanceof errors.JOSEError) throw new TokenError("invalid token");
      throw new TokenError("invalid token");
    }

    if (typeof payload.sub !== "string" || !UUID.test(payload.sub)) {
      throw new TokenError("token subject is not a user id");
    }
    if (typeof payload.exp !== "number") throw new TokenError("token has no expiry");
    const verified: Verified = {
      userId: payload.sub.toLowerCase(),
      claims: { ...payload, sub: payload.sub.toLowerCase() } as Claims,
    };
    if (this.cache.size >= CACHE_LIMIT) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(token, {
      verified,
      expiresAt: Math.min(payload.exp * 1000 + CLOCK_TOLERANCE_SECONDS * 1000, now + 10 * 60_000),
    });
    return verified;
  }
}

const verifiers = new Map<string, TokenVerifier>();

/** One verifier per configuration for the life of the isolate. */
export function getVerifier(config: VerifierConfig): TokenVerifier {
  const key = `${config.issuer}|${config.jwksUrl ?? ""}|${config.secret ?? ""}`;
  let verifier = verifiers.get(key);
  if (!verifier) {
    if (verifiers.size > 8) verifiers.clear();
    verifier = new TokenVerifier(config);
    verifiers.set(key, verifier);
  }
  return verifier;
}
