// The runners' `TokenSource` (engine/tokens.ts, docs/SECURITY.md "OAuth 2.0 refresh"): OAuth
// access tokens read from and stored in `connectors.workspace_api_credentials`, refreshed under a
// lease row so that one refresh per credential happens at a time across runs and isolates.
// Short service_role transactions only — none is open during the token request:
//   read → (usable? use it) → take the lease (`token_version` unchanged, lease free or expired)
//   → call the token endpoint → store with the token-write protocol (`where token_version = read`)
// A run that cannot take the lease waits (short back-off, bounded by its deadline) until the
// stored token changes, then decrypts the new one; a lease left by a crashed holder is taken over
// once `refresh_until` passes. `invalid_grant` marks the credential `needs_reauth` (only if the
// row is still the version whose refresh token was refused) and fails the step.
import { type Keyring, openCredential, encryptCredential } from "../engine/crypto.ts";
import { StepError } from "../engine/errors.ts";
import {
  type OAuthConfig,
  type OAuthSecrets,
  parseOAuthConfig,
  parseOAuthSecrets,
  serializeOAuthSecrets,
} from "../engine/oauth-config.ts";
import { type IssuedToken, requestToken, TokenRequestError } from "../engine/oauth-token.ts";
import type { OutboundPolicy } from "../engine/outbound.ts";
import { defaultSleep, type FetchLike, type Sleep } from "../engine/send.ts";
import type { AccessToken, TokenRequest, TokenSource } from "../engine/tokens.ts";
import { credentialBinding } from "./credential-binding.ts";
import type { InTransaction } from "./sql.ts";

export type TokenStoreDeps = {
  /** Runs a short transaction as service_role. */
  asService: InTransaction;
  /** Runs the token state's read (a select, safe to repeat): retried through a dropped connection. */
  read?: InTransaction;
  keyring: Keyring;
  workspaceId: string;
  /** The runner's fetch (Node: the DNS-pinning guard) and outbound policy. */
  fetch: FetchLike;
  policy: OutboundPolicy;
  /** How long a refresh lease lasts (seconds); a crashed holder's lease is taken over after it. */
  leaseSeconds?: number;
  /**
   * Each credential's binding as the run was prepared with it (`credentialBinding`): a row
   * replaced or re-bound since then is refused, so a new token never goes to the old hosts.
   */
  bindings: Readonly<Record<string, string>>;
  now?: () => number;
  sleep?: Sleep;
};

/** A refresh within this many seconds of expiry (SPEC §10). */
export const REFRESH_MARGIN_SECONDS = 60;
export const DEFAULT_LEASE_SECONDS = 30;
/** A stored lifetime is whole seconds within [0, 10 years]: the SQL `int` cast never fails. */
export const MAX_EXPIRES_IN_SECONDS = 10 * 365 * 24 * 3600;
// Storing a rotated refresh token is retried: losing it means the next run replays the old one.
const STORE_ATTEMPTS = 3;
const STORE_RETRY_MS = 100;
const LEASE_MARGIN_MS = 5_000;
const WAIT_FIRST_MS = 20;
const WAIT_MAX_MS = 250;

type TokenRow = {
  id: string;
  name: string;
  ciphertext: string;
  keyVersion: number;
  allowedHosts: string[];
  placements: string[];
  queryParam: string | null;
  oauthConfig: unknown;
  status: "pending" | "connected" | "needs_reauth" | null;
  /** Seconds the access token has left by the database's clock; null: no expiry known. */
  secondsLeft: number | null;
  tokenVersion: string;
  leaseFree: boolean;
};

type Opened = { row: TokenRow; config: OAuthConfig; secrets: OAuthSecrets };

const fail = (name: string, message: string) =>
  new StepError("credential_error", `credential "${name}" ${message}`);

/** A token source over the database for one run (a holder id of its own). */
export function createTokenSource(deps: TokenStoreDeps): TokenSource {
  const holder = crypto.randomUUID();
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? defaultSleep;
  const leaseSeconds = deps.leaseSeconds ?? DEFAULT_LEASE_SECONDS;

  async function read(name: string): Promise<Opened> {
    const row = await (deps.read ?? deps.asService)(async (tx) => {
      const [found] = await tx<TokenRow[]>`
        select id, name, ciphertext, key_version as "keyVersion", allowed_hosts as "allowedHosts",
               placements, query_param as "queryParam", oauth_config as "oauthConfig",
               oauth_status as status, token_version::text as "tokenVersion",
               extract(epoch from (expires_at - now()))::float8 as "secondsLeft",
               (refresh_until is null or refresh_until < now()) as "leaseFree"
        from connectors.workspace_api_credentials
        where workspace_id = ${deps.workspaceId} and name = ${name}`;
      return found;
    });
    if (!row) throw fail(name, "is not configured in this workspace");
    if (deps.bindings[name] !== credentialBinding(row)) {
      throw fail(name, "was replaced or re-bound during the run: run it again");
    }
    let config: OAuthConfig | null;
    try {
      config = parseOAuthConfig(row.oauthConfig);
    } catch {
      throw fail(name, "has a malformed OAuth configuration");
    }
    if (!config) throw fail(name, "is not an OAuth 2.0 credential");
    try {
      const opened = await openCredential(deps.keyring, deps.workspaceId, {
        ...row,
        oauth: config,
      });
      return { row, config, secrets: parseOAuthSecrets(opened.value) };
    } catch (error) {
      if (error instanceof Error && error.name === "CredentialDecryptError") {
        throw new StepError("credential_error", error.message);
      }
      throw fail(name, "could not be opened");
    }
  }

  /** The lease: only if nobody changed the tokens since `read` and no live lease is held. */
  async function takeLease(row: TokenRow): Promise<boolean> {
    const taken = await deps.asService(
      (tx) => tx`
        update connectors.workspace_api_credentials
        set refresh_holder = ${holder},
            refresh_until = now() + make_interval(secs => ${leaseSeconds})
        where id = ${row.id} and token_version = ${row.tokenVersion}
          and (refresh_until is null or refresh_until < now())
        returning id`,
    );
    return taken.length > 0;
  }

  async function release(row: TokenRow): Promise<void> {
    await deps.asService(
      (tx) => tx`
        update connectors.workspace_api_credentials
        set refresh_holder = null, refresh_until = null
        where id = ${row.id} and refresh_holder = ${holder}`,
    );
  }

  /** Whole seconds in range, or null (vendors send 3599.5, or lifetimes past 2^31). */
  function lifetime(expiresIn: number | null): number | null {
    if (expiresIn === null || !Number.isFinite(expiresIn)) return null;
    return Math.min(MAX_EXPIRES_IN_SECONDS, Math.max(0, Math.floor(expiresIn)));
  }

  /** `store`, retried on a failing write (a lost connection, a serialization failure). */
  async function storeRetrying(opened: Opened, issued: IssuedToken): Promise<OAuthSecrets | null> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await store(opened, issued);
      } catch {
        if (attempt >= STORE_ATTEMPTS) {
          throw new StepError(
            "network_error",
            `credential "${opened.row.name}": the refreshed token could not be stored`,
          );
        }
        await sleep(STORE_RETRY_MS * attempt);
      }
    }
  }

  /** The token-write protocol; null when another writer changed the row since `read`. */
  async function store(opened: Opened, issued: IssuedToken): Promise<OAuthSecrets | null> {
    const { row, config, secrets } = opened;
    const next: OAuthSecrets = {
      clientSecret: secrets.clientSecret,
      accessToken: issued.accessToken,
      // A vendor that does not rotate sends none: the old refresh token stays valid.
      refreshToken: issued.refreshToken ?? secrets.refreshToken,
    };
    const sealed = await encryptCredential(
      deps.keyring,
      {
        workspaceId: deps.workspaceId,
        name: row.name,
        allowedHosts: row.allowedHosts,
        placements: row.placements,
        queryParam: row.queryParam,
        oauth: config,
      },
      serializeOAuthSecrets(next),
    );
    const expiresIn = lifetime(issued.expiresIn);
    const stored = await deps.asService(
      (tx) => tx`
        update connectors.workspace_api_credentials
        set ciphertext = ${sealed.ciphertext}, key_version = ${sealed.keyVersion},
            token_version = token_version + 1, oauth_status = 'connected',
            expires_at = case when ${expiresIn}::int is null then null
                              else now() + make_interval(secs => ${expiresIn}::int) end,
            scopes = coalesce(${issued.scopes}::text[], scopes),
            refresh_holder = null, refresh_until = null
        where id = ${row.id} and token_version = ${row.tokenVersion}
        returning id`,
    );
    // Not written: another writer changed the row. Keyed on the version only, not on still
    // holding the lease: a vendor's rotated refresh token in hand is kept whenever it can be,
    // even if a slow store let the lease run out (a taker-over then finds the version moved).
    return stored.length > 0 ? next : null;
  }

  /** Marks the row read as needing a person; false when it changed since (e.g. reconnected). */
  async function markNeedsReauth(row: TokenRow): Promise<boolean> {
    const marked = await deps.asService(
      (tx) => tx`
        update connectors.workspace_api_credentials
        set oauth_status = 'needs_reauth', token_version = token_version + 1,
            refresh_holder = null, refresh_until = null
        where id = ${row.id} and token_version = ${row.tokenVersion}
        returning id`,
    );
    return marked.length > 0;
  }

  /** Holding the lease: asks the token endpoint and stores the answer. */
  async function refreshHeld(opened: Opened): Promise<OAuthSecrets | null> {
    const { row, config, secrets } = opened;
    if (config.grantType === "authorization_code" && !secrets.refreshToken) {
      if (!(await markNeedsReauth(row))) return null;
      throw fail(row.name, "has no refresh token: authorize it again");
    }
    const controller = new AbortController();
    // Ends well before the lease does by the database's clock (the clocks differ, and the store
    // still has to run), so no other run takes the lease over while this request is in flight.
    // Neither the run's deadline nor its cancel cuts it short: a vendor that rotates refresh
    // tokens may already have spent the old one, and its answer must be stored, whoever waits.
    const margin = Math.min(LEASE_MARGIN_MS, leaseSeconds * 200);
    const budget = Math.max(0, leaseSeconds * 1000 - margin);
    const timer = setTimeout(() => controller.abort(), budget);
    let issued: IssuedToken;
    try {
      issued = await requestToken(
        config,
        secrets.clientSecret,
        config.grantType === "client_credentials"
          ? { grantType: "client_credentials" }
          : { grantType: "refresh_token", refreshToken: secrets.refreshToken ?? "" },
        { fetch: deps.fetch, policy: deps.policy, signal: controller.signal },
      );
    } catch (error) {
      const known = error instanceof TokenRequestError ? error : null;
      if (known?.kind === "reauth") {
        // Not marked: the row moved meanwhile (reconnected, or stored by another): read again.
        if (!(await markNeedsReauth(row))) return null;
        throw fail(row.name, `${reconnectAdvice(config)}: ${known.message}`);
      }
      // Refused or never sent: the refresh token is untouched, free the lease now. Timed out: the
      // vendor may have rotated it, so the lease runs out instead of inviting another run to
      // replay it at once.
      if (!known?.unanswered) await release(row).catch(() => {});
      const message = known?.message ?? "the token endpoint could not be reached";
      throw new StepError(
        known?.kind === "blocked" ? "blocked" : "network_error",
        `credential "${row.name}": the access token could not be refreshed: ${message}`,
      );
    } finally {
      clearTimeout(timer);
    }
    try {
      return await storeRetrying(opened, issued);
    } finally {
      // Stored: the write cleared it. Not stored: free it now rather than after the lease time.
      await release(row).catch(() => {});
    }
  }

  return {
    async accessToken(name: string, request: TokenRequest): Promise<AccessToken> {
      let wait = WAIT_FIRST_MS;
      for (;;) {
        const opened = await read(name);
        const { row, config, secrets } = opened;
        if (row.status === "needs_reauth") {
          throw fail(name, `${reconnectAdvice(config)} (its last token request was refused)`);
        }
        if (row.status === "pending" && config.grantType === "authorization_code") {
          throw fail(name, "is not connected yet: authorize it first");
        }
        const endpointSecrets = [secrets.clientSecret, secrets.refreshToken ?? ""];
        const token = secrets.accessToken;
        const fresh = row.secondsLeft === null || row.secondsLeft > REFRESH_MARGIN_SECONDS;
        const refused = request.refused !== undefined && token === request.refused;
        if (row.status === "connected" && token && fresh && !refused) {
          return { value: token, tokenEndpointSecrets: endpointSecrets };
        }
        if (row.leaseFree && (await takeLease(row))) {
          const stored = await refreshHeld(opened);
          if (stored?.accessToken) {
            return {
              value: stored.accessToken,
              tokenEndpointSecrets: [stored.clientSecret, stored.refreshToken ?? ""],
            };
          }
          // Someone else wrote the row meanwhile: read it again.
          continue;
        }
        if (now() + wait >= request.deadline) {
          throw new StepError(
            "timeout",
            `credential "${name}": another run's token refresh did not finish in time`,
          );
        }
        await sleep(wait, request.signal);
        wait = Math.min(wait * 2, WAIT_MAX_MS);
      }
    },
  };
}

/** What a person must do for a credential the vendor refused: connect again, or store it again. */
function reconnectAdvice(config: OAuthConfig): string {
  return config.grantType === "client_credentials"
    ? "was refused by the token endpoint: store it again with a valid client secret"
    : "needs to be authorized again (connect it)";
}
