// OAuth 2.0 access tokens at run time (SPEC §10, docs/SECURITY.md "OAuth 2.0"). The engine knows
// no database: a runner gives `RunDeps.tokens`, a `TokenSource` that reads, refreshes (under a
// lease) and stores tokens. Before a request that carries an oauth2 credential (its auth block or
// `{{credentials.x}}`) the engine asks the source for a token valid for at least 60 s; a vendor's
// 401 on such a request makes it ask once more, naming the refused token, and retry that request
// once. Every token is put into the run's scope and registered with the redactor before it is
// used; the client secret and refresh token are registered under a tag bound to the token URL's
// host only, so a request elsewhere that carries them is `blocked`.
import { credentialsUsedByStep, type Step } from "./definition.ts";
import { StepError } from "./errors.ts";
import type { RunState } from "./run-state.ts";

/** A token to send, and the secrets that may only go to the token endpoint. */
export type AccessToken = {
  value: string;
  /** The client secret and the current refresh token (redacted; bound to the token host). */
  tokenEndpointSecrets: readonly string[];
};

export type TokenRequest = {
  /** The token a vendor just answered 401 to: refresh unless the stored one already differs. */
  refused?: string;
  /** `now()` value past which the source stops waiting for another run's refresh. */
  deadline: number;
  signal?: AbortSignal;
};

/** Implemented by runners (execution/oauth-tokens.ts); throws StepError on failure. */
export interface TokenSource {
  accessToken(name: string, request: TokenRequest): Promise<AccessToken>;
}

/** What an oauth2 credential adds to a run's context besides its (current) access token. */
export type OAuthCredentialInput = {
  /** The token URL's host (`host:port` when not the default port): where its secrets may go. */
  tokenHosts: readonly string[];
  /** The client secret and refresh token, redacted from the start of the run. */
  secrets: readonly string[];
};

/** The redactor tag (and host-binding key) of a credential's token-endpoint secrets. */
export function tokenEndpointTag(name: string): string {
  return `${name} (OAuth client secret or refresh token)`;
}

// A token request waits at most this long; the step's own deadline may end it sooner.
const TOKEN_WAIT_MS = 30_000;

/** The oauth2 credentials `step` sends (auth block or interpolation), in a stable order. */
export function oauthCredentialsOf(step: Step, state: RunState): string[] {
  if (state.oauth.size === 0) return [];
  return [...credentialsUsedByStep(step)].filter((name) => state.oauth.has(name)).sort();
}

/**
 * Makes sure every credential in `names` holds a usable token in the run's scope; with
 * `refused`, asks for a forced refresh of those values. Returns whether any value changed.
 */
export async function refreshTokens(
  state: RunState,
  names: readonly string[],
  refused: boolean,
): Promise<boolean> {
  const source = state.deps.tokens;
  if (!source || names.length === 0) return false;
  let changed = false;
  for (const name of names) {
    const current = state.credentialValues[name];
    const request: TokenRequest = {
      deadline: Math.min(state.deadline, state.now() + TOKEN_WAIT_MS),
      ...(refused && current ? { refused: current } : {}),
      ...(state.deps.signal ? { signal: state.deps.signal } : {}),
    };
    let token: AccessToken;
    try {
      token = await source.accessToken(name, request);
    } catch (error) {
      if (error instanceof StepError) throw error;
      // Not the credential's fault (e.g. the database dropped the connection): retryable.
      throw new StepError(
        "network_error",
        `credential "${name}": its token state could not be read; try again`,
      );
    }
    // Registered before use: from here on every spelling is redacted and host-bound.
    state.redactor.addSecret(token.value, name);
    for (const secret of token.tokenEndpointSecrets) {
      if (secret !== "") state.redactor.addSecret(secret, tokenEndpointTag(name));
    }
    if (token.value !== current) {
      state.credentialValues[name] = token.value;
      changed = true;
    }
  }
  return changed;
}
