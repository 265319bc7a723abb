// Generated from /v1/openapi.json by `npm run openapi`; do not edit.
export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness, runner and database reachability
         * @description No authentication. 503 when the database cannot be reached.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller, their workspaces with roles, and whether they are a saas admin */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{ws}/connectors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the workspace's connectors, newest first */
        get: operations["listConnectors"];
        put?: never;
        /**
         * Create a connector
         * @description Any member may create connectors. The definition is checked before it is saved; `id`, `workspaceId`, counters and timestamps in the body are refused (400).
         */
        post: operations["createConnector"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{ws}/connectors/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read one connector */
        get: operations["getConnector"];
        put?: never;
        post?: never;
        /**
         * Delete a connector
         * @description Its execution history stays readable (the executions lose the link); queued executions of it are cancelled when a runner picks them up. A member deletes only the connectors they created (403 `forbidden` for others'); admins and owners delete any.
         */
        delete: operations["deleteConnector"];
        options?: never;
        head?: never;
        /**
         * Update a connector (partial)
         * @description Only the fields given change. A new definition is checked like on create. Executions already started keep the definition they started with.
         */
        patch: operations["updateConnector"];
        trace?: never;
    };
    "/v1/workspaces/{ws}/connectors/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Dry run: run the connector now and show what would happen
         * @description Sends the requests (POSTs too) with the workspace's credentials and returns the redacted step results, the output and the mapping it would apply — but writes no execution, no counter and no contact. It is recorded in the audit log (`connector.test`, with the credential names it uses), and those credentials' `lastUsedAt` moves.
         */
        post: operations["dryRunConnector"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{ws}/connectors/{id}/upgrade": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Apply the newer version of the connector's template
         * @description Replaces the connector's definition with the template's current version (name, description and status stay). Credentials are re-bound the way the connector binds them now: a template step keeps the credential the connector's step of the same id uses; others bind by name; `credentials` overrides either. Checked like an install: 422 when a credential is missing or does not cover the template's hosts. 409 when the connector is not from a template or already at its latest version.
         */
        post: operations["upgradeConnector"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{ws}/connectors/{id}/schedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read the connector's schedule
         * @description 404 `not_found` when the connector has no schedule.
         */
        get: operations["getSchedule"];
        /**
         * Set or replace the connector's schedule
         * @description One schedule per connector; any member of the workspace may set it. The minute sweeper starts an execution (trigger `schedule`) at each slot, with the idempotency key `schedule:<connectorId>:<slot>` (the slot's minute in UTC, e.g. `2026-12-03T01:00Z`), so no slot ever starts twice. After downtime only the latest missed slot runs. A disabled connector's slots pass without running. An invalid cron or time zone is 400 naming `cron` or `timezone`; an input that does not match the connector's schema is 400 with details; an unknown contact is 404.
         */
        put: operations["putSchedule"];
        post?: never;
        /**
         * Remove the connector's schedule
         * @description Any member of the workspace may remove it. Executions it already started are kept. 404 `not_found` when there is none.
         */
        delete: operations["deleteSchedule"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{ws}/executions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the workspace's executions, newest first
         * @description Every connector's executions in the workspace (the console's Executions page), sorted by `createdAt` newest first with the same cursor as a connector's list. Any member may read it. Items leave out the definition snapshot; read one execution for it. An unknown `connectorId` simply matches nothing.
         */
        get: operations["listWorkspaceExecutions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{ws}/connectors/{id}/executions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a connector's executions, newest first
         * @description Sorted by `createdAt` (when the execution was started), newest first. Items leave out the definition snapshot; read one execution for it.
         */
        get: operations["listExecutions"];
        put?: never;
        /**
         * Start an execution (runs in the background)
         * @description Validates the input, commits a `queued` execution with a snapshot of the definition, then hands it to the runner. Answers 202 at once; poll GET /executions/{id}. The same `Idempotency-Key` from the same user within 24 h returns the first execution (also 202, with `Idempotent-Replayed: true`); the same key on another connector or with a different body (`input`, `contactId`) is 409 `conflict` and starts nothing.
         */
        post: operations["startExecution"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{ws}/executions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one execution
         * @description With its redacted step results as the runner stored them and the definition snapshot it ran. Poll this to follow a running execution.
         */
        get: operations["getExecution"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{ws}/connectors/{id}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A connector's execution statistics
         * @description All-time counts, success rate and duration percentiles, computed in the database from the connector's executions. With `?interval=hour|day` the answer adds `series`: the same numbers per bucket from `since` to now (default: the last 24 hours or 30 days), at most 200 buckets — a longer range is 400 `invalid_request`.
         */
        get: operations["getConnectorStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{ws}/executions/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a queued or running execution
         * @description A queued execution is cancelled at once; a running one is aborted (its Trigger.dev run is cancelled, or the inline runner's signal fires) and stays `cancelled` even if a late result arrives. 409 when it has already finished.
         */
        post: operations["cancelExecution"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{ws}/executions/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run an execution again (runs in the background)
         * @description Starts a new execution with the original's input and contact; `trigger` is `replay` and `replayOf` names the original. By default it runs the connector's current definition (and the original input must match its current input schema, else 409); `?definition=snapshot` runs the original's definition snapshot instead. The connector must still exist and be active (else 409). The same `Idempotency-Key` from the same user within 24 h returns the first replay (`Idempotent-Replayed: true`); the key used for anything else is 409.
         */
        post: operations["replayExecution"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{ws}/connectors/{id}/batches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a batch of executions (runs in the background)
         * @description Checks every item, then commits the batch and all its executions in one transaction and hands them to the runner, at the workspace's concurrency. Answers 202 with the batch as GET returns it. The same `Idempotency-Key` from the same user within 24 h with the same items returns the first batch (`Idempotent-Replayed: true`); with another connector or other items it is 409 and starts nothing.
         */
        post: operations["createBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{ws}/batches/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a batch with live counts
         * @description Counts are read from the batch's executions at request time. List the items themselves with GET /connectors/{id}/executions?batchId=….
         */
        get: operations["getBatch"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{ws}/batches/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel every item of a batch that has not finished
         * @description Queued and running items become `cancelled` at once (running ones are aborted, as a single cancel does); finished items keep their result. Answers the batch: `cancelled`, or still `completed` when every item had already finished. Cancelling again changes nothing.
         */
        post: operations["cancelBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{ws}/executions/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Follow an execution live (server-sent events)
         * @description A `text/event-stream`: `event: execution` (the execution as lists show it) at once and at every status change, `event: step` (one redacted step result) as each step finishes, a `: heartbeat` comment every 15 s, and `event: timeout` after 5 minutes. It ends after the terminal `execution` event. Every event has an `id`; send the last one back as `Last-Event-ID` to resume without repeats. Read it with `fetch` and the Authorization header (never a token in the URL). Errors (404, 401, …) are JSON, decided before the stream starts.
         */
        get: operations["streamExecutionEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{ws}/contacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the workspace's contacts, newest first */
        get: operations["listContacts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{ws}/contacts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one contact
         * @description To see what a connector's field mapping wrote.
         */
        get: operations["getContact"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{ws}/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who changed what in the workspace, newest first
         * @description Owners and admins only; a member gets 403 (before the query is validated). Entries are written by the database for every write made with a user's token, every execution start, cancel and dry run, and saas admins' actions on the workspace's templates — always with the acting user as `actorId`; nobody can append or change them through the API.
         */
        get: operations["listAuditLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{ws}/credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the workspace's credentials (metadata only, never values)
         * @description Every member may read the metadata, newest first.
         */
        get: operations["listCredentials"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{ws}/credentials/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Check that a credential exists and read its metadata */
        get: operations["getCredential"];
        /**
         * Store or replace a credential (owners and admins)
         * @description Encrypts the value (AES-256-GCM, bound to workspace, name, allowed hosts, placements and queryParam) and stores it with the hosts it may be sent to and the places in a request it may fill. 201 when created, 200 when replaced. The value is never returned. Without `value`, only `provider` and `authType` of an existing credential change: changing `allowedHosts`, `placements` or `queryParam` needs the value again (400 otherwise).
         */
        put: operations["putCredential"];
        post?: never;
        /**
         * Delete a credential (owners and admins)
         * @description Connectors that use it fail their next run with `credential_error`.
         */
        delete: operations["deleteCredential"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{ws}/credentials/{name}/oauth/authorize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start connecting an OAuth 2.0 credential (owners and admins)
         * @description For an OAuth 2.0 credential with grantType `authorization_code`: returns the vendor's authorize URL. The vendor sends the browser back to `<API origin>/v1/oauth/callback` (PUBLIC_API_URL, by default this request's origin: register it at the vendor), which exchanges the code, stores the tokens encrypted and marks the credential `connected`. 409 for any other credential (another auth type, or client_credentials).
         */
        post: operations["authorizeCredential"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Browse the template marketplace
         * @description Official templates, approved public community templates, and the caller's own workspaces' templates (saas admins also see public templates awaiting review). Each shows what installing needs: required credentials, input schema and the hosts it calls.
         */
        get: operations["listTemplates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/templates/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one template
         * @description A template the caller may not see (another workspace's, or awaiting review) is 404.
         */
        get: operations["getTemplate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{ws}/templates/{id}/install": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Install a template as a connector of the workspace
         * @description Any member may install. Each credential the template uses binds to a workspace credential (`credentials` maps template names to workspace names; unlisted ones bind by the same name). The bound credential must exist and its `allowedHosts` must already cover every host the template calls — binding never widens a credential. The result is checked like a new connector and records `templateId` and `templateVersion`.
         */
        post: operations["installTemplate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{ws}/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Publish a connector as a community template (owners and admins)
         * @description Copies the connector's definition — which names credentials but never holds their values — and derives what an installer must bind: each credential's name, auth type and the hosts the steps using it call. `workspace` templates are visible to this workspace at once; `public` ones wait for a saas admin's review before others see them.
         */
        post: operations["publishTemplate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/templates/{id}/ratings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A template's ratings and reviews, newest first */
        get: operations["listRatings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/templates/{id}/rating": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Rate a template (one rating per user, replaceable)
         * @description 201 for the caller's first rating of the template, 200 when it replaces theirs (a PUT: a review left out is cleared). The answer carries the template's new aggregates, which the database keeps. Ratings cannot be bought: only an approved template that a workspace of the caller has installed can be rated, and never by a member of the workspace that published it (403 `forbidden` otherwise; the message says which rule).
         */
        put: operations["putRating"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a template (saas admins)
         * @description Public and approved at once unless the body says otherwise. The definition is checked like a connector's, without a workspace's credentials; `requiredCredentials` is derived from it (names, auth types, hosts) with optional help texts.
         */
        post: operations["createTemplate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/templates/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a template (saas admins)
         * @description Connectors installed from it keep working; their `templateId` becomes null. Its ratings go with it.
         */
        delete: operations["deleteTemplate"];
        options?: never;
        head?: never;
        /**
         * Update a template (saas admins), including isOfficial and isFeatured
         * @description Only the fields given change. A definition different from the stored one is checked and bumps `version` (installed connectors then show `updateAvailable`); `requiredCredentials` is derived again, keeping help texts of credentials that remain.
         */
        patch: operations["updateTemplate"];
        trace?: never;
    };
    "/v1/admin/templates/{id}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve or reject a public community template (saas admins)
         * @description An approved template is listed for every workspace; a rejected one only for its own. A later content change by its workspace sends it back to `pending`.
         */
        post: operations["reviewTemplate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Platform totals (saas admins)
         * @description Workspaces, connectors, templates, executions by status, success rate and the most installed templates (private workspace templates are never counted or listed). Read with the service role, after the saas-admin check.
         */
        get: operations["getAdminStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Usage per workspace, newest workspace first (saas admins)
         * @description Read with the service role, after the saas-admin check.
         */
        get: operations["listAdminWorkspaces"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/executions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Recent executions across workspaces, newest first (saas admins)
         * @description What ran and how it ended; never inputs, outputs or step traces (those are the workspace's data). Read with the service role, after the saas-admin check.
         */
        get: operations["listAdminExecutions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{ws}/connectors/{id}/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a connector's webhooks (never their secrets)
         * @description Every member may read them, newest first, with `lastDeliveryAt`.
         */
        get: operations["listWebhooks"];
        put?: never;
        /**
         * Create an inbound webhook (owners and admins)
         * @description A URL another system POSTs signed JSON to; each delivery starts an execution of the connector with the body as its input. The answer carries the signing `secret`, shown only here and on rotate. `url` is on this API's origin as the request reached it.
         */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{ws}/connectors/{id}/webhooks/{hookId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a webhook (owners and admins)
         * @description Its URL answers every later delivery with the same 401 as an unknown hook.
         */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{ws}/connectors/{id}/webhooks/{hookId}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate a webhook's secret (owners and admins)
         * @description Answers a new `secret` (shown only here). The replaced secret keeps verifying deliveries for one hour (`previousSecretExpiresAt`); rotating again within that hour ends the older one at once.
         */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/hooks/{hookId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Deliver a signed webhook (no bearer token)
         * @description Starts an execution of the hook's connector with the JSON body as its input. Signed with the hook's secret: `Connectors-Signature: t=<unix seconds>,v1=<hex>` where `v1` is HMAC-SHA256 over `<t>.<raw body>` (several `v1` entries may be sent; during a rotation's hour either secret verifies). A missing or wrong signature, `t` more than 300 s from now, and an unknown or deleted hook all answer the same 401. The same delivery again (same `t` and signature) answers the first `executionId` and starts nothing. 600 deliveries per minute per hook.
         */
        post: operations["deliverWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/oauth/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where the vendor sends the browser back (no bearer token)
         * @description The `redirect_uri` of every authorization-code flow. Verifies the signed `state` and consumes it (single use, 10 minutes); a bad, expired, reused or forged state answers 400 and changes nothing. Then it exchanges `code` with the PKCE verifier at the credential's `tokenUrl`, stores the tokens encrypted, marks the credential `connected`, and redirects to the flow's `returnTo` with `?credential=<name>&status=connected` — or `status=error&reason=<code>` (`access_denied` and other vendor codes, `credential_changed`, `forbidden`, `token_exchange_failed`, …). Without `returnTo` it answers a small HTML page instead. No token, code or vendor text appears in the answer.
         */
        get: operations["oauthCallback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description Steps, an optional input JSON Schema and a field mapping (see engine/README.md). Checked at save time: problems answer 422 `invalid_definition` with the JSON path of each — also an input schema whose `pattern`, `patternProperties` key or `format: regex` value can backtrack catastrophically, or whose `anyOf`/`oneOf`/`allOf`/`$ref` fan-out exceeds 1,000 evaluation paths.
         * @example {
         *       "input": {
         *         "type": "object",
         *         "required": [
         *           "email"
         *         ],
         *         "properties": {
         *           "email": {
         *             "type": "string"
         *           },
         *           "score": {
         *             "type": "number"
         *           }
         *         }
         *       },
         *       "steps": [
         *         {
         *           "id": "find",
         *           "request": {
         *             "method": "GET",
         *             "url": "http://127.0.0.1:8788/v1/people?email={{input.email}}",
         *             "headers": {
         *               "Accept": "application/json"
         *             },
         *             "auth": {
         *               "type": "bearer",
         *               "credential": "example_token"
         *             },
         *             "timeoutMs": 10000
         *           },
         *           "extract": {
         *             "personId": "$.results[0].id",
         *             "company": "$.results[0].company.name"
         *           },
         *           "onError": "fail"
         *         },
         *         {
         *           "id": "tag",
         *           "request": {
         *             "method": "POST",
         *             "url": "http://127.0.0.1:8788/v1/people/{{steps.find.personId}}/tags",
         *             "auth": {
         *               "type": "bearer",
         *               "credential": "example_token"
         *             },
         *             "body": {
         *               "type": "json",
         *               "value": {
         *                 "tag": "crm",
         *                 "score": "{{input.score}}"
         *               }
         *             }
         *           }
         *         }
         *       ],
         *       "fieldMapping": {
         *         "company": "{{steps.find.company}}",
         *         "custom_fields.external_id": "{{steps.find.personId}}"
         *       }
         *     }
         */
        ConnectorDefinition: {
            /**
             * @description A JSON Schema the execution's input must satisfy; absent: any object.
             * @example {
             *       "type": "object",
             *       "required": [
             *         "email"
             *       ],
             *       "properties": {
             *         "email": {
             *           "type": "string"
             *         }
             *       }
             *     }
             */
            input?: {
                [key: string]: unknown;
            };
            /** @description Run in order; at most 20 by default. */
            steps: components["schemas"]["Step"][];
            /**
             * @description Contact field (`name` or `custom_fields.name`) → interpolated value, written onto the contact once the execution succeeds.
             * @example {
             *       "company": "{{steps.find.company}}"
             *     }
             */
            fieldMapping?: {
                [key: string]: string;
            };
        };
        /** @description One request of a connector. `extract` names JSONPath (RFC 9535) expressions over the JSON response; later steps and the field mapping read them as `{{steps.<id>.<name>}}`. `onError`: `fail` (default) ends the execution, `continue` records the failure and goes on. `retry: false` turns off retries of transient failures. */
        Step: {
            /**
             * @description Unique in the definition; later steps refer to it.
             * @example find
             */
            id: string;
            request: components["schemas"]["StepRequest"];
            /**
             * @description Name → JSONPath over the JSON response (`status` is reserved).
             * @example {
             *       "personId": "$.results[0].id",
             *       "company": "$.results[0].company.name"
             *     }
             */
            extract?: {
                [key: string]: string;
            };
            /**
             * @description `fail` when absent.
             * @example fail
             * @enum {string}
             */
            onError?: "fail" | "continue";
            /** @description `false` turns off retries of transient failures. */
            retry?: boolean;
            paginate?: components["schemas"]["Paginate"];
        };
        /**
         * @description The HTTP request a step sends. `url`, header, query and body values interpolate `{{ }}` placeholders (roots `input`, `credentials`, `steps.<id>.<name>`, `contact`, `execution`); the URL's scheme, host and port are literal. `timeoutMs` defaults to 10 s, at most 60 s.
         * @example {
         *       "method": "GET",
         *       "url": "https://api.example.com/v1/people?email={{input.email}}",
         *       "headers": {
         *         "Accept": "application/json"
         *       },
         *       "auth": {
         *         "type": "bearer",
         *         "credential": "example_token"
         *       },
         *       "timeoutMs": 10000
         *     }
         */
        StepRequest: {
            /**
             * @example GET
             * @enum {string}
             */
            method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS";
            /**
             * @description Interpolated; only a single leading subdomain label may be a placeholder.
             * @example https://api.example.com/v1/people?email={{input.email}}
             */
            url: string;
            /**
             * @description Header name → interpolated value.
             * @example {
             *       "Accept": "application/json"
             *     }
             */
            headers?: {
                [key: string]: string;
            };
            /** @description Query parameter name → interpolated value, added to the URL's own. */
            query?: {
                [key: string]: string;
            };
            auth?: components["schemas"]["StepAuth"];
            body?: components["schemas"]["StepBody"];
            /**
             * @description Per attempt; 10,000 when absent, at most 60,000 by default.
             * @example 10000
             */
            timeoutMs?: number;
        };
        /**
         * @description How the step authenticates: `none`, `bearer`, `oauth2` (`Bearer <access token>` of an OAuth 2.0 credential, refreshed when it expires within 60 s), `api_key` (in a header or the query, under `name`) or `basic` (an interpolated username and the credential as password). `credential` names a workspace credential; its value is never stored in a trace.
         * @example {
         *       "type": "bearer",
         *       "credential": "example_token"
         *     }
         */
        StepAuth: {
            /** @enum {string} */
            type: "none";
        } | {
            /** @enum {string} */
            type: "bearer";
            credential: string;
        } | {
            /** @enum {string} */
            type: "oauth2";
            credential: string;
        } | {
            /** @enum {string} */
            type: "api_key";
            credential: string;
            /** @enum {string} */
            in: "header" | "query";
            name: string;
        } | {
            /** @enum {string} */
            type: "basic";
            username: string;
            credential: string;
        };
        /**
         * @description The request body: `json` (placeholders that are a whole string keep the value's JSON type), `form` (form-encoded), `xml` (values XML-escaped) or `raw` with its content type.
         * @example {
         *       "type": "json",
         *       "value": {
         *         "tag": "crm",
         *         "score": "{{input.score}}"
         *       }
         *     }
         */
        StepBody: {
            /** @enum {string} */
            type: "json";
            value: unknown;
        } | {
            /** @enum {string} */
            type: "form";
            value: {
                [key: string]: string;
            };
        } | {
            /** @enum {string} */
            type: "xml";
            value: string;
        } | {
            /** @enum {string} */
            type: "raw";
            value: string;
            contentType: string;
        };
        /**
         * @description Follows a paginated list (SPEC §10): `cursor` (the next cursor at `cursorPath`, sent as `param` in the query or the JSON body), `nextUrl` (a next link at `nextUrlPath`, same origin only), `linkHeader` (RFC 8288 `rel="next"`), `offset` and `page`. Stops at an empty cursor or link, a page shorter than `pageSize`, or a cap (`maxPages` ≤ 100, `maxItems` ≤ 10,000, 10 MiB read across pages, no page started 120 s after the step began): then `truncated: true`, or `limit_exceeded` with `onLimit: "fail"`. Every page is its own guarded, host-bound, retried request; a next link on another origin fails the step `blocked`. The step's `extract` then reads `{items, pages, truncated, last}` (`last`: the last page's body).
         * @example {
         *       "type": "cursor",
         *       "cursorPath": "$.next",
         *       "param": "cursor",
         *       "itemsPath": "$.items"
         *     }
         */
        Paginate: {
            /** @enum {string} */
            type: "cursor";
            /** @example $.paging.next.after */
            cursorPath: string;
            /** @example after */
            param: string;
            /**
             * @description `query` when absent.
             * @enum {string}
             */
            in?: "query" | "body";
            pageSize?: number;
            /**
             * @description JSONPath to the page's items (an array, or the values the path selects).
             * @example $.items
             */
            itemsPath: string;
            /** @description At most 100; 10 when absent. */
            maxPages?: number;
            /** @description At most 10,000; 1,000 when absent. */
            maxItems?: number;
            /**
             * @description At a cap: `truncate` (default) succeeds with `truncated: true`; `fail` fails the step with `limit_exceeded`.
             * @enum {string}
             */
            onLimit?: "truncate" | "fail";
        } | {
            /** @enum {string} */
            type: "nextUrl";
            /** @example $['@odata.nextLink'] */
            nextUrlPath: string;
            pageSize?: number;
            /**
             * @description JSONPath to the page's items (an array, or the values the path selects).
             * @example $.items
             */
            itemsPath: string;
            /** @description At most 100; 10 when absent. */
            maxPages?: number;
            /** @description At most 10,000; 1,000 when absent. */
            maxItems?: number;
            /**
             * @description At a cap: `truncate` (default) succeeds with `truncated: true`; `fail` fails the step with `limit_exceeded`.
             * @enum {string}
             */
            onLimit?: "truncate" | "fail";
        } | {
            /** @enum {string} */
            type: "linkHeader";
            pageSize?: number;
            /**
             * @description JSONPath to the page's items (an array, or the values the path selects).
             * @example $.items
             */
            itemsPath: string;
            /** @description At most 100; 10 when absent. */
            maxPages?: number;
            /** @description At most 10,000; 1,000 when absent. */
            maxItems?: number;
            /**
             * @description At a cap: `truncate` (default) succeeds with `truncated: true`; `fail` fails the step with `limit_exceeded`.
             * @enum {string}
             */
            onLimit?: "truncate" | "fail";
        } | {
            /** @enum {string} */
            type: "offset";
            /** @example offset */
            offsetParam: string;
            /** @example limit */
            limitParam: string;
            pageSize: number;
            /**
             * @description JSONPath to the page's items (an array, or the values the path selects).
             * @example $.items
             */
            itemsPath: string;
            /** @description At most 100; 10 when absent. */
            maxPages?: number;
            /** @description At most 10,000; 1,000 when absent. */
            maxItems?: number;
            /**
             * @description At a cap: `truncate` (default) succeeds with `truncated: true`; `fail` fails the step with `limit_exceeded`.
             * @enum {string}
             */
            onLimit?: "truncate" | "fail";
        } | {
            /** @enum {string} */
            type: "page";
            /** @example page */
            pageParam: string;
            /** @description 1 when absent. */
            start?: number;
            /** @description The query parameter that carries `pageSize`, if the API takes one. */
            pageSizeParam?: string;
            pageSize: number;
            /**
             * @description JSONPath to the page's items (an array, or the values the path selects).
             * @example $.items
             */
            itemsPath: string;
            /** @description At most 100; 10 when absent. */
            maxPages?: number;
            /** @description At most 10,000; 1,000 when absent. */
            maxItems?: number;
            /**
             * @description At a cap: `truncate` (default) succeeds with `truncated: true`; `fail` fails the step with `limit_exceeded`.
             * @enum {string}
             */
            onLimit?: "truncate" | "fail";
        };
        Health: {
            /**
             * @example ok
             * @enum {string}
             */
            status: "ok" | "degraded";
            /**
             * @description Where executions run.
             * @enum {string}
             */
            runner: "trigger" | "inline";
            /** @enum {string} */
            database: "reachable" | "unreachable";
            /** @example development */
            environment: string;
        };
        Me: {
            user: {
                /**
                 * Format: uuid
                 * @example aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa
                 */
                id: string;
                /** @example owner@demo.test */
                email: string | null;
            };
            workspaces: {
                /** Format: uuid */
                id: string;
                /** @example Demo workspace */
                name: string;
                /** @enum {string} */
                role: "owner" | "admin" | "member";
                /** Format: date-time */
                createdAt: string;
            }[];
            /** @description May curate templates and read admin stats. */
            isSaasAdmin: boolean;
            /** @enum {string|null} */
            saasAdminRole: "admin" | "super_admin" | null;
        };
        Error: {
            error: {
                code: components["schemas"]["ErrorCode"];
                /** @example Connector not found. */
                message: string;
                details?: unknown;
                /** @example req_5f0c6a3e-8d0b-4a36-9c8c-2f1d1f0d4a11 */
                requestId: string;
            };
        };
        /**
         * @description What went wrong, one of a closed set, each with its HTTP status: `invalid_request` 400, `unauthorized` 401, `forbidden` 403, `not_found` 404, `method_not_allowed` 405, `conflict` 409, `payload_too_large` 413, `invalid_definition` 422, `rate_limited` 429, `internal_error` 500, `unavailable` 503.
         * @example not_found
         * @enum {string}
         */
        ErrorCode: "invalid_request" | "unauthorized" | "forbidden" | "not_found" | "method_not_allowed" | "conflict" | "payload_too_large" | "invalid_definition" | "rate_limited" | "internal_error" | "unavailable";
        ConnectorList: {
            data: components["schemas"]["Connector"][];
            /** @description Pass as `cursor` for the next page. */
            nextCursor: string | null;
        };
        Connector: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            workspaceId: string;
            /** @example Enrich from Example CRM */
            name: string;
            description: string | null;
            definition: components["schemas"]["ConnectorDefinition"];
            /**
             * Format: uuid
             * @description Set when installed from a template.
             */
            templateId: string | null;
            templateVersion: number | null;
            /** @description A newer version of the template exists (see /upgrade). */
            updateAvailable: boolean;
            /** @enum {string} */
            status: "active" | "disabled";
            executionCount: number;
            successCount: number;
            failureCount: number;
            /** Format: date-time */
            lastExecutedAt: string | null;
            /** Format: uuid */
            createdBy: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        CreateConnector: {
            /** @example Enrich from Example CRM */
            name: string;
            /** @example Looks a contact up. */
            description?: string | null;
            definition: components["schemas"]["ConnectorDefinition"];
            /**
             * @description Disabled ones cannot run.
             * @enum {string}
             */
            status?: "active" | "disabled";
        };
        UpdateConnector: {
            /** @example Enrich from Example CRM */
            name?: string;
            /** @example Looks a contact up. */
            description?: string | null;
            definition?: components["schemas"]["ConnectorDefinition"];
            /**
             * @description Disabled ones cannot run.
             * @enum {string}
             */
            status?: "active" | "disabled";
        };
        DryRun: {
            /** @enum {string} */
            status: "succeeded" | "failed";
            /** @description Redacted, as an execution stores them. */
            steps: components["schemas"]["StepResult"][];
            /** @description Extracted values per step id. */
            output: {
                [key: string]: unknown;
            };
            /** @description What the field mapping would write (null values skipped). */
            mapping: {
                [key: string]: unknown;
            };
            /** @description Field-mapping entries left out of `mapping` because a tainted value fed them (extracted from an answer to a request that put a credential in a query, path or body). */
            mappingSkipped: components["schemas"]["MappingSkip"][];
            durationMs: number;
            error?: {
                kind: components["schemas"]["StepErrorKind"];
                message: string;
                stepId: string | null;
            };
        };
        /** @description A step's redacted trace as the runner stored it: request and response headers and bodies (truncated to 16 KiB), every credential value replaced by `[REDACTED]`. */
        StepResult: {
            /**
             * @description The step's id in the definition.
             * @example find
             */
            id: string;
            /**
             * @example succeeded
             * @enum {string}
             */
            outcome: "succeeded" | "failed";
            /** @example GET */
            method: string;
            /**
             * @description The URL sent, credential values replaced by `[REDACTED]`.
             * @example http://127.0.0.1:8788/v1/people?email=ada%40example.com
             */
            url: string | null;
            /**
             * @description HTTP status of the last response; null when none arrived.
             * @example 200
             */
            status: number | null;
            /** @example 84 */
            durationMs: number;
            /**
             * @description Tries including retries.
             * @example 1
             */
            attempts: number;
            /** @description Headers sent, redacted. */
            requestHeaders: {
                [key: string]: string;
            };
            /** @description Body sent, redacted, truncated. */
            requestBody: string | null;
            requestBodyTruncated: boolean;
            /** @description Headers received, redacted. */
            responseHeaders: {
                [key: string]: string;
            };
            /** @description Body received, redacted, truncated to 16 KiB. */
            responseBody: string | null;
            responseBodyTruncated: boolean;
            /**
             * @description Values pulled out of the response by the step's JSONPath expressions.
             * @example {
             *       "personId": "p_123",
             *       "company": "Analytical Engines Ltd"
             *     }
             */
            extracted: {
                [key: string]: unknown;
            };
            pagination?: components["schemas"]["PaginationResult"];
            error?: components["schemas"]["StepError"];
        };
        /** @description A paginated step's pages (SPEC §10); absent for a step that sent one request. */
        PaginationResult: {
            /**
             * @description Pages fetched.
             * @example 3
             */
            pages: number;
            /**
             * @description Items kept (at most `maxItems`).
             * @example 57
             */
            items: number;
            /** @description A cap (`maxPages`, `maxItems`, 10 MiB read, the time budget) ended the list. */
            truncated: boolean;
            /** @description Each page's request, in order. */
            requests: {
                /** @description The page's URL, redacted. */
                url: string | null;
                status: number | null;
                durationMs: number;
                attempts: number;
            }[];
            /** @description The first page's body, redacted, truncated to 16 KiB (the last page's is `responseBody`). */
            firstResponseBody: string | null;
            firstResponseBodyTruncated: boolean;
        };
        /**
         * @description Why the step failed.
         * @example {
         *       "kind": "http_error",
         *       "message": "HTTP 404"
         *     }
         */
        StepError: {
            kind: components["schemas"]["StepErrorKind"];
            /** @description What went wrong; never a secret value. */
            message: string;
        };
        /**
         * @description `blocked` (outbound guard or host binding), `timeout`, `network_error`, `http_error` (non-2xx after retries), `parse_error` (not JSON, or nested deeper than 64 levels), `response_too_large`, `template_error`, `credential_error`, `cancelled`, `limit_exceeded` (an engine work cap: JSONPath nodes visited, values or bytes per extracted name).
         * @example http_error
         * @enum {string}
         */
        StepErrorKind: "blocked" | "timeout" | "network_error" | "http_error" | "parse_error" | "response_too_large" | "template_error" | "credential_error" | "cancelled" | "limit_exceeded";
        MappingSkip: {
            /** @example company */
            field: string;
            /** @example fed by a value tainted by credential "vendor_key" */
            reason: string;
        };
        StartExecution: {
            /**
             * @description Checked against the connector's input JSON Schema. At most 64 levels deep; an input that would cost more than 20,000 schema evaluations, or more than 1,000 items under `uniqueItems`, is a 400 naming the path.
             * @default {}
             * @example {
             *       "email": "ada@lovelace.test",
             *       "score": 42
             *     }
             */
            input: {
                [key: string]: unknown;
            };
            /**
             * Format: uuid
             * @description A contact of the workspace: `{{contact.*}}` reads it, the field mapping writes it.
             * @example c0000000-0000-4000-8000-000000000001
             */
            contactId?: string;
        };
        UpgradeConnector: {
            /**
             * @description Template credential name → workspace credential name. A template credential not listed binds to the workspace credential of the same name.
             * @example {
             *       "example_token": "example_token"
             *     }
             */
            credentials?: {
                [key: string]: string;
            };
        };
        Schedule: {
            /**
             * Format: uuid
             * @description The connector this schedule runs.
             * @example 5b0f8a4e-6c1d-4f6e-9a57-0e9d6f1b2c3d
             */
            connectorId: string;
            /**
             * @description Standard 5-field cron (minute hour day-of-month month day-of-week; lists, ranges, steps, month and day names) or an alias: `@hourly`, `@daily`/`@midnight`, `@weekly`, `@monthly`, `@yearly`/`@annually`. Minute granularity: a seconds field is refused, and so is an expression that never fires (`0 0 30 2 *`).
             * @example 0 2 * * *
             */
            cron: string;
            /**
             * @description IANA time zone the cron is read in; daylight-saving changes are followed.
             * @example Europe/Berlin
             */
            timezone: string;
            /**
             * @description The input of every scheduled execution, checked against the connector's input JSON Schema when set (400 with details, as on POST …/executions).
             * @example {
             *       "email": "ada@lovelace.test"
             *     }
             */
            input: {
                [key: string]: unknown;
            };
            /**
             * Format: uuid
             * @description The contact it runs for, if any.
             */
            contactId: string | null;
            /**
             * @description Whether it fires.
             * @example true
             */
            enabled: boolean;
            /**
             * Format: date-time
             * @description The cron's next slot, always in the future (whether or not the schedule and its connector are enabled; it fires only when both are). Null only for a cron that can never fire again.
             * @example 2026-12-03T01:00:00.000Z
             */
            nextRunAt: string | null;
            /**
             * Format: date-time
             * @description The slot that last started an execution.
             * @example 2026-12-03T01:00:00.000Z
             */
            lastRunAt: string | null;
            /**
             * Format: uuid
             * @description The execution that slot started.
             * @example 0d3c9a57-4f1e-4b8a-9e2d-6a7b8c9d0e1f
             */
            lastExecutionId: string | null;
            /**
             * Format: date-time
             * @description When the schedule was first set.
             * @example 2026-12-03T01:00:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description When it was last replaced.
             * @example 2026-12-03T01:00:00.000Z
             */
            updatedAt: string;
        };
        PutSchedule: {
            /**
             * @description Standard 5-field cron (minute hour day-of-month month day-of-week; lists, ranges, steps, month and day names) or an alias: `@hourly`, `@daily`/`@midnight`, `@weekly`, `@monthly`, `@yearly`/`@annually`. Minute granularity: a seconds field is refused, and so is an expression that never fires (`0 0 30 2 *`).
             * @example 0 2 * * *
             */
            cron: string;
            /**
             * @description IANA time zone; `UTC` when left out.
             * @example Europe/Berlin
             */
            timezone?: string;
            /**
             * @description `{}` when left out.
             * @example {
             *       "email": "ada@lovelace.test"
             *     }
             */
            input?: {
                [key: string]: unknown;
            };
            /**
             * Format: uuid
             * @description A contact of the workspace every scheduled execution runs for (404 if not).
             * @example c0000000-0000-4000-8000-000000000001
             */
            contactId?: string | null;
            /** @description `true` when left out; a disabled schedule does not fire. */
            enabled?: boolean;
        };
        WorkspaceExecutionList: {
            data: components["schemas"]["Execution"][];
            /** @description Pass as `cursor` for the next page. */
            nextCursor: string | null;
        };
        /** @description One run of a connector. Lists leave out the definition snapshot. */
        Execution: {
            /**
             * Format: uuid
             * @description Execution id.
             * @example 0d3c9a57-4f1e-4b8a-9e2d-6a7b8c9d0e1f
             */
            id: string;
            /**
             * Format: uuid
             * @description Workspace the execution belongs to.
             * @example 11111111-1111-4111-8111-111111111111
             */
            workspaceId: string;
            /**
             * Format: uuid
             * @description The connector run; null once that connector has been deleted.
             * @example 5b0f8a4e-6c1d-4f6e-9a57-0e9d6f1b2c3d
             */
            connectorId: string | null;
            status: components["schemas"]["ExecutionStatus"];
            /**
             * @description The input the execution was started with.
             * @example {
             *       "email": "ada@example.com",
             *       "score": 42
             *     }
             */
            input?: unknown;
            /**
             * @description Extracted values per step id, once the execution has finished.
             * @example {
             *       "find": {
             *         "personId": "p_123",
             *         "company": "Analytical Engines Ltd"
             *       }
             *     }
             */
            output?: unknown;
            /** @description One redacted result per step that has finished, in order. */
            stepResults: components["schemas"]["StepResult"][];
            /**
             * @description Field-mapping entries not written onto the contact because a tainted value fed them (extracted from an answer to a request that put a credential in a query, path or body).
             * @example []
             */
            mappingSkipped: components["schemas"]["MappingSkip"][];
            /**
             * @description Why the execution failed (`{kind, message, stepId}`), else null.
             * @example null
             */
            error?: unknown;
            /**
             * @description How many times a runner has claimed this execution.
             * @example 1
             */
            attempts: number;
            /**
             * @description `trigger` or `inline`; null before dispatch.
             * @example trigger
             */
            runner: string | null;
            /**
             * @description The runner's run id (Trigger.dev run), null until dispatched.
             * @example run_cm3x1y2z3000008l4abcd1234
             */
            runId: string | null;
            /**
             * Format: uuid
             * @description The contact the field mapping writes to, if any.
             * @example 7c2e9f10-3a4b-4c5d-8e6f-708192a3b4c5
             */
            contactId: string | null;
            /**
             * @description The `Idempotency-Key` header the execution was started with, if any.
             * @example signup-ada-2026-11-22
             */
            idempotencyKey: string | null;
            trigger: components["schemas"]["ExecutionTrigger"];
            /**
             * Format: uuid
             * @description The batch it belongs to (trigger `batch`), else null.
             * @example null
             */
            batchId: string | null;
            /**
             * Format: uuid
             * @description The execution it replays (trigger `replay`), else null.
             * @example null
             */
            replayOf: string | null;
            /**
             * Format: uuid
             * @description User who started it; null for a schedule or webhook start, or if that user was deleted.
             * @example 22222222-2222-4222-8222-222222222222
             */
            createdBy: string | null;
            /**
             * Format: date-time
             * @description When the execution was queued.
             * @example 2026-11-22T10:15:30.123Z
             */
            queuedAt: string;
            /**
             * Format: date-time
             * @description When a runner claimed it; null while queued.
             * @example 2026-11-22T10:15:30.123Z
             */
            startedAt: string | null;
            /**
             * Format: date-time
             * @description When it reached a final status; null until then.
             * @example 2026-11-22T10:15:30.123Z
             */
            finishedAt: string | null;
            /**
             * @description Run time from start to finish in milliseconds; null until finished.
             * @example 412
             */
            durationMs: number | null;
            /**
             * Format: date-time
             * @description When the row was created (the list's sort key).
             * @example 2026-11-22T10:15:30.123Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description Last change to the row.
             * @example 2026-11-22T10:15:30.123Z
             */
            updatedAt: string;
        };
        /**
         * @description queued → running → succeeded | failed; queued or running → cancelled.
         * @example succeeded
         * @enum {string}
         */
        ExecutionStatus: "queued" | "running" | "succeeded" | "failed" | "cancelled";
        /**
         * @description How the execution started: `api` (POST …/executions), `schedule`, `webhook`, `batch` or `replay`.
         * @example api
         * @enum {string}
         */
        ExecutionTrigger: "api" | "schedule" | "webhook" | "batch" | "replay";
        ExecutionList: {
            data: components["schemas"]["Execution"][];
            /** @description Pass as `cursor` for the next page. */
            nextCursor: string | null;
        };
        /** @description One run of a connector with the definition snapshot it ran: the connector's definition as it was when the execution started. */
        ExecutionDetail: components["schemas"]["Execution"] & {
            definition: components["schemas"]["ConnectorDefinition"];
        };
        /** @description All-time numbers, computed from the connector's execution history. */
        ConnectorStats: {
            /**
             * @description All executions of the connector, whatever their status.
             * @example 120
             */
            total: number;
            /** @example 100 */
            succeeded: number;
            /** @example 15 */
            failed: number;
            /**
             * @description succeeded / (succeeded + failed), 0–1, rounded to 4 decimals. Queued, running and cancelled executions do not count. null when none has succeeded or failed yet.
             * @example 0.8696
             */
            successRate: number | null;
            /**
             * @description Median duration of succeeded and failed executions (interpolated, `percentile_cont`), rounded to whole ms; null when there is none.
             * @example 380
             */
            p50DurationMs: number | null;
            /**
             * @description 95th percentile duration, computed like p50DurationMs.
             * @example 1250
             */
            p95DurationMs: number | null;
            /**
             * Format: date-time
             * @description When the most recent execution was started (its createdAt); null when never run.
             * @example 2026-11-22T10:15:30.123Z
             */
            lastExecutedAt: string | null;
            byTrigger: components["schemas"]["TriggerCounts"];
            /** @description Only with `?interval`: one bucket per hour or day (UTC) from `since` to now, oldest first, every bucket present (zeros and nulls when nothing ran). Executions count in the bucket of their `createdAt`. */
            series?: components["schemas"]["StatsBucket"][];
        };
        /** @description Executions by how they started; every kind is present, 0 when none. */
        TriggerCounts: {
            /**
             * @description Executions started by `POST …/executions`.
             * @example 80
             */
            api: number;
            /**
             * @description Executions started by the connector's schedule.
             * @example 30
             */
            schedule: number;
            /**
             * @description Executions started by a signed webhook delivery.
             * @example 6
             */
            webhook: number;
            /**
             * @description Executions started by a batch.
             * @example 3
             */
            batch: number;
            /**
             * @description Executions started by a replay.
             * @example 1
             */
            replay: number;
        };
        /** @description A connector's executions in one time bucket. */
        StatsBucket: {
            /**
             * Format: date-time
             * @description The bucket's start (UTC); it lasts one `interval`.
             * @example 2026-11-22T10:15:30.123Z
             */
            start: string;
            /**
             * @description Executions created in the bucket, any status.
             * @example 12
             */
            total: number;
            /** @example 10 */
            succeeded: number;
            /** @example 1 */
            failed: number;
            /**
             * @description succeeded / (succeeded + failed) in the bucket, 0–1 (4 decimals); null when none finished.
             * @example 0.9091
             */
            successRate: number | null;
            /**
             * @description Median duration of the bucket's succeeded and failed executions (`percentile_cont`).
             * @example 380
             */
            p50DurationMs: number | null;
            /**
             * @description 95th percentile duration in the bucket, computed like p50DurationMs.
             * @example 1250
             */
            p95DurationMs: number | null;
        };
        /** @description A batch of executions of one connector, with live counts. */
        Batch: {
            /**
             * Format: uuid
             * @description Batch id.
             * @example b7e4c2a1-9d3f-4e5a-8b6c-1d2e3f4a5b6c
             */
            id: string;
            /**
             * Format: uuid
             * @description The connector the batch runs; null once that connector has been deleted.
             * @example 5b0f8a4e-6c1d-4f6e-9a57-0e9d6f1b2c3d
             */
            connectorId: string | null;
            /**
             * @description `running` while any item is queued or running; `completed` when every item is terminal; `cancelled` once a cancel stopped at least one unfinished item.
             * @example running
             * @enum {string}
             */
            status: "running" | "completed" | "cancelled";
            /**
             * @description How many executions the batch started.
             * @example 200
             */
            total: number;
            /** @description Live counts of the items by status; they add up to `total`. */
            counts: {
                /**
                 * @description Items waiting for a runner.
                 * @example 150
                 */
                queued: number;
                /**
                 * @description Items running now.
                 * @example 5
                 */
                running: number;
                /**
                 * @description Items that succeeded.
                 * @example 40
                 */
                succeeded: number;
                /**
                 * @description Items that failed.
                 * @example 5
                 */
                failed: number;
                /**
                 * @description Items cancelled.
                 * @example 0
                 */
                cancelled: number;
            };
            /**
             * Format: date-time
             * @description When the batch was created.
             * @example 2026-12-03T10:15:30.123Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description When its last item finished; null while it is running.
             * @example null
             */
            finishedAt: string | null;
        };
        CreateBatch: {
            /** @description 1–1000 executions to start. Every item is checked before anything is written; any invalid item is a 400 whose `details` name it (`items[3].input.email`), and nothing starts. The whole body is limited to 256 KiB. */
            items: components["schemas"]["BatchItem"][];
        };
        BatchItem: {
            /**
             * @description Checked against the connector's input JSON Schema, like a single start.
             * @default {}
             * @example {
             *       "email": "ada@lovelace.test"
             *     }
             */
            input: {
                [key: string]: unknown;
            };
            /**
             * Format: uuid
             * @description A contact of the workspace this item runs for.
             * @example c0000000-0000-4000-8000-000000000001
             */
            contactId?: string;
        };
        ContactList: {
            data: components["schemas"]["Contact"][];
            /** @description Pass as `cursor` for the next page. */
            nextCursor: string | null;
        };
        /** @description A CRM contact, read-only here: the CRM owns contacts. */
        Contact: {
            /**
             * Format: uuid
             * @description Contact id.
             * @example 7c2e9f10-3a4b-4c5d-8e6f-708192a3b4c5
             */
            id: string;
            /**
             * Format: uuid
             * @description Workspace the contact belongs to.
             * @example 11111111-1111-4111-8111-111111111111
             */
            workspaceId: string;
            /** @example ada@example.com */
            email: string | null;
            /** @example Ada */
            firstName: string | null;
            /** @example Lovelace */
            lastName: string | null;
            /** @example +44 20 7946 0000 */
            phone: string | null;
            /**
             * @description Often written by a connector's field mapping.
             * @example Analytical Engines Ltd
             */
            company: string | null;
            /**
             * @description Fields beyond the fixed ones; mapped fields the CRM does not know land here.
             * @example {
             *       "external_id": "p_123"
             *     }
             */
            customFields: {
                [key: string]: unknown;
            };
            /**
             * Format: date-time
             * @description When the contact was created (the list's sort key).
             * @example 2026-11-22T10:15:30.123Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description Last change, e.g. by a connector's field mapping.
             * @example 2026-11-22T10:15:30.123Z
             */
            updatedAt: string;
        };
        AuditLogList: {
            data: components["schemas"]["AuditLogEntry"][];
            /** @description Pass as `cursor` for the next page. */
            nextCursor: string | null;
        };
        AuditLogEntry: {
            /**
             * Format: uuid
             * @description Entry id.
             * @example 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d
             */
            id: string;
            /**
             * Format: uuid
             * @description Workspace the change happened in.
             * @example 11111111-1111-4111-8111-111111111111
             */
            workspaceId: string;
            /**
             * Format: uuid
             * @description User who made the change (kept even after the user is deleted).
             * @example 22222222-2222-4222-8222-222222222222
             */
            actorId: string | null;
            /**
             * @description What happened: `connector.create`, `credential.put`, `template.install`, …
             * @example connector.create
             */
            action: string;
            /**
             * @description Kind of thing changed.
             * @example connector
             */
            targetType: string | null;
            /**
             * @description Its id (or name, for credentials).
             * @example 5b0f8a4e-6c1d-4f6e-9a57-0e9d6f1b2c3d
             */
            targetId: string | null;
            /**
             * @description Names and identifiers describing the change; never a secret.
             * @example {
             *       "name": "Enrich from Example CRM"
             *     }
             */
            metadata: {
                [key: string]: unknown;
            };
            /**
             * Format: date-time
             * @description When it happened.
             * @example 2026-11-22T10:15:30.123Z
             */
            createdAt: string;
        };
        CredentialList: {
            data: components["schemas"]["Credential"][];
            /** @description Pass as `cursor` for the next page. */
            nextCursor: string | null;
        };
        /** @description Credential metadata. Secrets are write-only: no response ever contains a value, a client secret or a token. */
        Credential: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            workspaceId: string;
            /** @example example_token */
            name: string;
            /** @example example */
            provider: string | null;
            /** @example bearer */
            authType: string;
            /** @description Encryption key version (rotation). */
            keyVersion: number;
            /**
             * @example [
             *       "api.example.com",
             *       "*.example.com",
             *       "127.0.0.1:8788"
             *     ]
             */
            allowedHosts: string[];
            /**
             * @description Where a `{{credentials.<name>}}` placeholder may put the value besides `auth` blocks (which always may): `header` (a header value, the default), `query`, `path`, `body`.
             * @example [
             *       "header"
             *     ]
             */
            placements: ("header" | "query" | "path" | "body")[];
            /**
             * @description The one query parameter that may carry the value (an `api_key` auth block with `in: query`, or `{{credentials.<name>}}` as that parameter's whole value); null: none.
             * @example null
             */
            queryParam: string | null;
            /** Format: uuid */
            createdBy: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            /**
             * @description OAuth 2.0 only (null otherwise): `pending` (stored, not connected yet, or its configuration changed), `connected` (tokens stored), `needs_reauth` (the vendor refused the refresh token: connect again).
             * @example connected
             * @enum {string|null}
             */
            status: "pending" | "connected" | "needs_reauth" | null;
            /**
             * Format: date-time
             * @description When the current access token expires.
             */
            expiresAt: string | null;
            /** @description OAuth 2.0: the scopes granted (null until connected). */
            scopes: string[] | null;
            oauth: components["schemas"]["OAuthConfig"];
        };
        /** @description An OAuth 2.0 credential's public configuration (the client secret is write-only). */
        OAuthConfig: {
            /**
             * @description `authorization_code` (a user connects in a browser, PKCE S256) or `client_credentials` (server to server; tokens are fetched when a run needs one).
             * @example authorization_code
             * @enum {string}
             */
            grantType: "authorization_code" | "client_credentials";
            /**
             * @description The vendor's authorization endpoint (required for `authorization_code`). https, except hosts in OUTBOUND_ALLOW_HOSTS; passes the outbound guard.
             * @example https://app.hubspot.com/oauth/authorize
             */
            authorizeUrl: string | null;
            /**
             * @description The vendor's token endpoint, the only host the client secret and refresh token are sent to. https, except hosts in OUTBOUND_ALLOW_HOSTS; passes the outbound guard.
             * @example https://api.hubapi.com/oauth/v1/token
             */
            tokenUrl: string;
            /** @example demo-connectors-client */
            clientId: string;
            scopes: string[];
            /**
             * @description How scopes are joined in the authorize URL: `" "` (default) or `","` (Slack).
             * @example
             * @enum {string}
             */
            scopeSeparator: " " | ",";
            extraAuthorizeParams: {
                [key: string]: string;
            };
            /**
             * @description How the client authenticates at `tokenUrl` (default `client_secret_basic`).
             * @example client_secret_basic
             * @enum {string}
             */
            tokenAuthMethod: "client_secret_basic" | "client_secret_post";
        } | null;
        PutCredential: {
            /**
             * @description The secret. Stored encrypted; never returned. Required to create a credential and to change its `allowedHosts`, `placements` or `queryParam` (all bound into the ciphertext); without it only `provider` and `authType` change.
             * @example sk_live_…
             */
            value?: string;
            /**
             * @description Where this secret may be sent: `host` (any port), `*.domain` (its subdomains) or `host:port`. Never sent anywhere else, redirects included.
             * @example [
             *       "api.example.com"
             *     ]
             */
            allowedHosts: string[];
            /**
             * @description Where connectors may template the value in (`{{credentials.<name>}}`): `header` values, `query` parameters, the URL `path`, a `body`. Default `["header"]`. `auth` blocks (bearer, basic, api_key in a header) are always allowed. Allow `query`, `path` or `body` only for a vendor that does not echo them back transformed: a value extracted from such a response is tainted and may only go back to `allowedHosts`.
             * @example [
             *       "header",
             *       "body"
             *     ]
             */
            placements?: ("header" | "query" | "path" | "body")[];
            /**
             * @description Pins the one query parameter that may carry the value, for vendors that take an API key in the query (`?api_key=…`): an `api_key` auth block with `in: query` and this `name`, or `{{credentials.<name>}}` as this parameter's whole value. Default null.
             * @example api_key
             */
            queryParam?: string | null;
            /** @example example */
            provider?: string;
            /**
             * @description Default `bearer` (`oauth2` with `oauth`).
             * @enum {string}
             */
            authType?: "bearer" | "api_key" | "basic" | "oauth2" | "other";
            oauth?: components["schemas"]["PutOAuthConfig"];
        };
        /** @description Makes this an OAuth 2.0 credential (instead of `value`): the token state starts `pending`; connect it with POST …/oauth/authorize (authorization_code). */
        PutOAuthConfig: {
            /**
             * @description `authorization_code` (a user connects in a browser, PKCE S256) or `client_credentials` (server to server; tokens are fetched when a run needs one).
             * @example authorization_code
             * @enum {string}
             */
            grantType: "authorization_code" | "client_credentials";
            /**
             * @description The vendor's authorization endpoint (required for `authorization_code`). https, except hosts in OUTBOUND_ALLOW_HOSTS; passes the outbound guard.
             * @example https://app.hubspot.com/oauth/authorize
             */
            authorizeUrl?: string;
            /**
             * @description The vendor's token endpoint, the only host the client secret and refresh token are sent to. https, except hosts in OUTBOUND_ALLOW_HOSTS; passes the outbound guard.
             * @example https://api.hubapi.com/oauth/v1/token
             */
            tokenUrl: string;
            /** @example demo-connectors-client */
            clientId: string;
            /**
             * @description Scopes to request (default none).
             * @example [
             *       "crm.objects.contacts.read"
             *     ]
             */
            scopes?: string[];
            /**
             * @description How scopes are joined in the authorize URL: `" "` (default) or `","` (Slack).
             * @example
             * @enum {string}
             */
            scopeSeparator?: " " | ",";
            /**
             * @description Added to the authorize URL (e.g. `access_type=offline`, `prompt=consent`). May not set the flow's own: response_type, client_id, redirect_uri, state, code_challenge, code_challenge_method, scope.
             * @example {
             *       "access_type": "offline",
             *       "prompt": "consent"
             *     }
             */
            extraAuthorizeParams?: {
                [key: string]: string;
            };
            /**
             * @description How the client authenticates at `tokenUrl` (default `client_secret_basic`).
             * @example client_secret_basic
             * @enum {string}
             */
            tokenAuthMethod?: "client_secret_basic" | "client_secret_post";
            /**
             * @description Write-only; sealed with the configuration bound in, sent only to `tokenUrl`. Required to create the credential and to change its configuration, hosts or placement rules.
             * @example demo-oauth-client-secret-5d21b8e4
             */
            clientSecret?: string;
        };
        AuthorizeUrl: {
            /**
             * @description Send the user's browser here (the vendor's consent page). It carries a PKCE S256 challenge and a signed `state` that is single-use, bound to this workspace, credential and user, and expires in 10 minutes.
             * @example http://127.0.0.1:8788/oauth/authorize?response_type=code&client_id=demo-connectors-client&…
             */
            authorizeUrl: string;
        };
        AuthorizeCredential: {
            /**
             * @description Where the browser goes when the flow ends, with `?credential=<name>&status=connected` (or `status=error&reason=<code>`): an absolute URL on an origin of CORS_ORIGINS or the API's own origin (the console); else 422. Without it the callback shows a small page.
             * @example http://localhost:3000/settings/credentials
             */
            returnTo?: string;
        };
        TemplateList: {
            data: components["schemas"]["Template"][];
            /** @description Pass as `cursor` for the next page. */
            nextCursor: string | null;
        };
        Template: {
            /**
             * Format: uuid
             * @description Template id.
             * @example e0000000-0000-4000-8000-000000000001
             */
            id: string;
            /**
             * @description Unique, URL-safe name.
             * @example demo-people-enrich
             */
            slug: string;
            /**
             * @description Display name.
             * @example Demo: enrich a person
             */
            name: string;
            /**
             * @description What it does.
             * @example Looks a contact up by email and tags them.
             */
            description: string | null;
            /**
             * @description Browse category.
             * @example demo
             */
            category: string | null;
            definition: components["schemas"]["ConnectorDefinition"];
            /**
             * @description The definition's input JSON Schema (what a run needs), or null for any object.
             * @example {
             *       "type": "object",
             *       "required": [
             *         "email"
             *       ],
             *       "properties": {
             *         "email": {
             *           "type": "string"
             *         },
             *         "score": {
             *           "type": "number"
             *         }
             *       }
             *     }
             */
            inputSchema: {
                [key: string]: unknown;
            } | null;
            /** @description What a workspace must bind at install time. Never a credential value. */
            requiredCredentials: components["schemas"]["RequiredCredential"][];
            /**
             * @description Every host the steps call, from the definition: `host` or `host:port`; a templated leading label (`https://{{input.shop}}.myshopify.com`) is shown as `*.myshopify.com`.
             * @example [
             *       "127.0.0.1:8788"
             *     ]
             */
            hosts: string[];
            /**
             * @description Curated by the platform.
             * @example false
             */
            isOfficial: boolean;
            /**
             * @description Highlighted in browse.
             * @example true
             */
            isFeatured: boolean;
            /**
             * @description `public`: everyone (once approved); `workspace`: the owner workspace only.
             * @example public
             * @enum {string}
             */
            visibility: "public" | "workspace";
            /**
             * @description A public community template is listed for others only once approved.
             * @example approved
             * @enum {string}
             */
            review: "pending" | "approved" | "rejected";
            /**
             * Format: uuid
             * @description The publishing workspace. Shown only to its members and to saas admins; null for everyone else and for platform templates.
             * @example null
             */
            ownerWorkspaceId: string | null;
            /**
             * @description Bumped whenever the definition changes; connectors record the one installed.
             * @example 1
             */
            version: number;
            /**
             * @description Installs ever made.
             * @example 12
             */
            installCount: number;
            /**
             * @description Average rating, 0 when unrated.
             * @example 4.5
             */
            ratingAvg: number;
            /**
             * @description Number of ratings.
             * @example 4
             */
            ratingCount: number;
            /**
             * Format: uuid
             * @description The author. Shown only to members of the publishing workspace and to saas admins; null for everyone else.
             * @example null
             */
            createdBy: string | null;
            /**
             * Format: date-time
             * @example 2026-11-22T10:15:30.123Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-22T10:15:30.123Z
             */
            updatedAt: string;
        };
        RequiredCredential: {
            /**
             * @description The credential name the template uses (`{{credentials.<name>}}`).
             * @example example_token
             */
            name: string;
            /**
             * @description How the steps send it: `bearer`, `api_key`, `basic`, `oauth2`, or `other`.
             * @example bearer
             */
            authType: string;
            /**
             * @description The hosts the steps using it call. The workspace credential bound to it must already cover every one (its own `allowedHosts`), or install answers 422.
             * @example [
             *       "127.0.0.1:8788"
             *     ]
             */
            allowedHosts: string[];
            /**
             * @description Where to get one.
             * @example Any token works against the local demo target; `npm run dev` seeds one.
             */
            helpText: string | null;
            /**
             * @description Present when the steps template the credential beyond headers: the placements the bound workspace credential must allow (its owner sets them with the value), or install answers 422 saying what to set.
             * @example [
             *       "body",
             *       "header"
             *     ]
             */
            placements?: ("header" | "query" | "path" | "body")[];
            /**
             * @description Present when the steps send the credential as one query parameter: the bound workspace credential must pin this `queryParam` (or allow the `query` placement).
             * @example api_key
             */
            queryParam?: string;
            /** @description Present for an `oauth2` credential whose template carries the provider's preset: store an OAuth 2.0 credential with your own client id and secret and these settings; install binds only an OAuth 2.0 credential with the same grant that asks for every preset scope. */
            oauth?: {
                /**
                 * @description `authorization_code` (a user connects in a browser, PKCE S256) or `client_credentials`.
                 * @example authorization_code
                 * @enum {string}
                 */
                grantType: "authorization_code" | "client_credentials";
                /**
                 * @description The provider's authorization endpoint; required for `authorization_code`.
                 * @default null
                 * @example https://accounts.google.com/o/oauth2/v2/auth
                 */
                authorizeUrl: string | null;
                /**
                 * @description The provider's token endpoint.
                 * @example https://oauth2.googleapis.com/token
                 */
                tokenUrl: string;
                /**
                 * @description The scopes the template's steps need; a bound credential must ask for each.
                 * @default []
                 * @example [
                 *       "https://www.googleapis.com/auth/spreadsheets"
                 *     ]
                 */
                scopes: string[];
                /**
                 * @description How scopes are joined: `" "` (RFC 6749) or `","` (Slack).
                 * @default
                 * @enum {string}
                 */
                scopeSeparator: " " | ",";
                /**
                 * @description Extra authorize-URL parameters the provider needs.
                 * @default {}
                 * @example {
                 *       "access_type": "offline",
                 *       "prompt": "consent"
                 *     }
                 */
                extraAuthorizeParams: {
                    [key: string]: string;
                };
                /**
                 * @description How the client authenticates at `tokenUrl`.
                 * @default client_secret_basic
                 * @enum {string}
                 */
                tokenAuthMethod: "client_secret_basic" | "client_secret_post";
            };
        };
        InstallTemplate: {
            /**
             * @description The connector's name; defaults to the template's.
             * @example Enrich from the demo API
             */
            name?: string;
            /**
             * @description Template credential name → workspace credential name. A template credential not listed binds to the workspace credential of the same name.
             * @example {
             *       "example_token": "example_token"
             *     }
             */
            credentials?: {
                [key: string]: string;
            };
        };
        PublishTemplate: {
            /**
             * Format: uuid
             * @description The workspace's connector whose definition becomes the template.
             * @example 5b0f8a4e-6c1d-4f6e-9a57-0e9d6f1b2c3d
             */
            connectorId: string;
            /**
             * @description Public templates: unique across the marketplace. Workspace templates: unique within the workspace (another tenant's private slug never clashes).
             * @example acme-people-enrich
             */
            slug: string;
            /**
             * @description Defaults to the connector's name.
             * @example Acme: enrich a person
             */
            name?: string;
            /**
             * @description Defaults to the connector's description.
             * @example Looks a contact up in Acme and tags them.
             */
            description?: string | null;
            /**
             * @description Browse category.
             * @example enrichment
             */
            category?: string | null;
            /**
             * @description `workspace`: visible to this workspace at once; `public`: after review.
             * @example public
             * @enum {string}
             */
            visibility: "workspace" | "public";
            /**
             * @description Optional help text (where to get one) per credential name the steps use.
             * @example {
             *       "example_token": "Create a token under Settings → API in the vendor's dashboard."
             *     }
             */
            credentialHelp?: {
                [key: string]: string;
            };
            /**
             * @description The OAuth 2.0 provider preset per credential name that the steps send through an `oauth2` auth block (never a client id or secret). Install then binds only an OAuth 2.0 credential with the preset's grant that asks for every preset scope. Optional; 422 for a name no step sends as `oauth2`, a URL that is not https or fails the outbound guard, or any preset on a public template a workspace publishes (a saas admin adds presets at review).
             * @example {
             *       "google_sheets_token": {
             *         "grantType": "authorization_code",
             *         "authorizeUrl": "https://accounts.google.com/o/oauth2/v2/auth",
             *         "tokenUrl": "https://oauth2.googleapis.com/token",
             *         "scopes": [
             *           "https://www.googleapis.com/auth/spreadsheets"
             *         ],
             *         "scopeSeparator": " ",
             *         "extraAuthorizeParams": {
             *           "access_type": "offline",
             *           "prompt": "consent"
             *         },
             *         "tokenAuthMethod": "client_secret_post"
             *       }
             *     }
             */
            credentialOAuth?: {
                [key: string]: components["schemas"]["OAuthPreset"];
            };
        };
        /** @description The OAuth 2.0 provider preset of an `oauth2` template credential: everything but the client id and secret, which the workspace's own credential supplies (SPEC §10). A bound credential matches it when it is an OAuth 2.0 credential with the same `grantType` that asks for every preset scope. */
        OAuthPreset: {
            /**
             * @description `authorization_code` (a user connects in a browser, PKCE S256) or `client_credentials`.
             * @example authorization_code
             * @enum {string}
             */
            grantType: "authorization_code" | "client_credentials";
            /**
             * @description The provider's authorization endpoint; required for `authorization_code`.
             * @default null
             * @example https://accounts.google.com/o/oauth2/v2/auth
             */
            authorizeUrl: string | null;
            /**
             * @description The provider's token endpoint.
             * @example https://oauth2.googleapis.com/token
             */
            tokenUrl: string;
            /**
             * @description The scopes the template's steps need; a bound credential must ask for each.
             * @default []
             * @example [
             *       "https://www.googleapis.com/auth/spreadsheets"
             *     ]
             */
            scopes: string[];
            /**
             * @description How scopes are joined: `" "` (RFC 6749) or `","` (Slack).
             * @default
             * @enum {string}
             */
            scopeSeparator: " " | ",";
            /**
             * @description Extra authorize-URL parameters the provider needs.
             * @default {}
             * @example {
             *       "access_type": "offline",
             *       "prompt": "consent"
             *     }
             */
            extraAuthorizeParams: {
                [key: string]: string;
            };
            /**
             * @description How the client authenticates at `tokenUrl`.
             * @default client_secret_basic
             * @enum {string}
             */
            tokenAuthMethod: "client_secret_basic" | "client_secret_post";
        };
        RatingList: {
            data: components["schemas"]["Rating"][];
            /** @description Pass as `cursor` for the next page. */
            nextCursor: string | null;
        };
        Rating: {
            /**
             * Format: uuid
             * @description The rated template.
             * @example e0000000-0000-4000-8000-000000000001
             */
            templateId: string;
            /**
             * Format: uuid
             * @description Who rated it.
             * @example bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb
             */
            userId: string;
            /**
             * @description 1–5.
             * @example 4
             */
            rating: number;
            /**
             * @description Optional review text.
             * @example Worked on the first try.
             */
            review: string | null;
            /**
             * Format: date-time
             * @example 2026-11-22T10:15:30.123Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-22T10:15:30.123Z
             */
            updatedAt: string;
        };
        RatingResult: components["schemas"]["Rating"] & {
            /** @description The template's aggregates right after this rating. */
            template: {
                /**
                 * Format: uuid
                 * @description The template.
                 * @example e0000000-0000-4000-8000-000000000001
                 */
                id: string;
                /**
                 * @description The template's average rating, this one included.
                 * @example 4.5
                 */
                ratingAvg: number;
                /**
                 * @description Its number of ratings.
                 * @example 2
                 */
                ratingCount: number;
            };
        };
        PutRating: {
            /**
             * @description 1–5 stars.
             * @example 4
             */
            rating: number;
            /**
             * @description Optional review (≤ 2000 characters). Rating again replaces both.
             * @example Worked on the first try.
             */
            review?: string | null;
        };
        AdminCreateTemplate: {
            /**
             * @description Public templates: unique across the marketplace. Workspace templates: unique within the owner workspace.
             * @example hubspot-contact-lookup
             */
            slug: string;
            /**
             * @description Display name.
             * @example HubSpot: look a contact up
             */
            name: string;
            /**
             * @description What it does.
             * @example Finds the HubSpot contact with the CRM contact's email.
             */
            description?: string | null;
            /**
             * @description Browse category.
             * @example crm
             */
            category?: string | null;
            definition: components["schemas"]["ConnectorDefinition"];
            /**
             * @description `workspace` needs `ownerWorkspaceId` (and the admin must belong to it).
             * @default public
             * @example public
             * @enum {string}
             */
            visibility: "public" | "workspace";
            /**
             * @description Review state; admins' own templates are approved unless this says otherwise.
             * @default approved
             * @example approved
             * @enum {string}
             */
            review: "pending" | "approved" | "rejected";
            /**
             * @description Curated by the platform.
             * @default false
             * @example true
             */
            isOfficial: boolean;
            /**
             * @description Highlighted in browse.
             * @default false
             * @example false
             */
            isFeatured: boolean;
            /**
             * Format: uuid
             * @description A workspace the template belongs to; null for platform templates.
             * @example null
             */
            ownerWorkspaceId?: string | null;
            /**
             * @description Optional help text (where to get one) per credential name the steps use.
             * @example {
             *       "example_token": "Create a token under Settings → API in the vendor's dashboard."
             *     }
             */
            credentialHelp?: {
                [key: string]: string;
            };
            /**
             * @description The OAuth 2.0 provider preset per credential name that the steps send through an `oauth2` auth block (never a client id or secret). Install then binds only an OAuth 2.0 credential with the preset's grant that asks for every preset scope. Optional; 422 for a name no step sends as `oauth2`, a URL that is not https or fails the outbound guard, or any preset on a public template a workspace publishes (a saas admin adds presets at review).
             * @example {
             *       "google_sheets_token": {
             *         "grantType": "authorization_code",
             *         "authorizeUrl": "https://accounts.google.com/o/oauth2/v2/auth",
             *         "tokenUrl": "https://oauth2.googleapis.com/token",
             *         "scopes": [
             *           "https://www.googleapis.com/auth/spreadsheets"
             *         ],
             *         "scopeSeparator": " ",
             *         "extraAuthorizeParams": {
             *           "access_type": "offline",
             *           "prompt": "consent"
             *         },
             *         "tokenAuthMethod": "client_secret_post"
             *       }
             *     }
             */
            credentialOAuth?: {
                [key: string]: components["schemas"]["OAuthPreset"];
            };
        };
        AdminUpdateTemplate: {
            /**
             * @description Public templates: unique across the marketplace. Workspace templates: unique within the owner workspace.
             * @example hubspot-contact-lookup
             */
            slug?: string;
            /**
             * @description Display name.
             * @example HubSpot: look a contact up
             */
            name?: string;
            /**
             * @description What it does.
             * @example Finds the HubSpot contact with the CRM contact's email.
             */
            description?: string | null;
            /**
             * @description Browse category.
             * @example crm
             */
            category?: string | null;
            definition?: components["schemas"]["ConnectorDefinition"] & unknown;
            /**
             * @description `workspace` needs `ownerWorkspaceId` (and the admin must belong to it).
             * @example public
             * @enum {string}
             */
            visibility?: "public" | "workspace";
            /**
             * @description Review state; admins' own templates are approved unless this says otherwise.
             * @example approved
             * @enum {string}
             */
            review?: "pending" | "approved" | "rejected";
            /**
             * @description Curated by the platform.
             * @example true
             */
            isOfficial?: boolean;
            /**
             * @description Highlighted in browse.
             * @example false
             */
            isFeatured?: boolean;
            /**
             * @description Optional help text (where to get one) per credential name the steps use.
             * @example {
             *       "example_token": "Create a token under Settings → API in the vendor's dashboard."
             *     }
             */
            credentialHelp?: {
                [key: string]: string;
            };
            /**
             * @description Presets to set or replace, per credential name; the presets of credentials the definition still sends as `oauth2` are kept.
             * @example {
             *       "google_sheets_token": {
             *         "grantType": "authorization_code",
             *         "authorizeUrl": "https://accounts.google.com/o/oauth2/v2/auth",
             *         "tokenUrl": "https://oauth2.googleapis.com/token",
             *         "scopes": [
             *           "https://www.googleapis.com/auth/spreadsheets"
             *         ],
             *         "scopeSeparator": " ",
             *         "extraAuthorizeParams": {
             *           "access_type": "offline",
             *           "prompt": "consent"
             *         },
             *         "tokenAuthMethod": "client_secret_post"
             *       }
             *     }
             */
            credentialOAuth?: {
                [key: string]: components["schemas"]["OAuthPreset"];
            };
        };
        AdminReviewTemplate: {
            /**
             * @description Approve (listed for everyone) or reject.
             * @example approved
             * @enum {string}
             */
            decision: "approved" | "rejected";
            /**
             * @description Why; written to the log with the decision.
             * @example Calls only the vendor's documented API.
             */
            note?: string;
        };
        AdminStats: {
            /**
             * @description Workspaces.
             * @example 42
             */
            workspaces: number;
            /**
             * @description Connectors.
             * @example 310
             */
            connectors: number;
            /**
             * @description Public and official templates; private (workspace) templates are never counted.
             * @example 25
             */
            templates: number;
            /** @description Executions by status. */
            executions: {
                /** @example 9120 */
                total: number;
                /** @example 3 */
                queued: number;
                /** @example 2 */
                running: number;
                /** @example 8700 */
                succeeded: number;
                /** @example 400 */
                failed: number;
                /** @example 15 */
                cancelled: number;
            };
            byTrigger: components["schemas"]["TriggerCounts"];
            /**
             * @description succeeded / (succeeded + failed); null before any execution finished.
             * @example 0.956
             */
            successRate: number | null;
            /** @description The ten most installed public or official templates. */
            topTemplates: {
                /**
                 * Format: uuid
                 * @example e0000000-0000-4000-8000-000000000001
                 */
                id: string;
                /** @example demo-people-enrich */
                slug: string;
                /** @example Demo: enrich a person */
                name: string;
                /** @example false */
                isOfficial: boolean;
                /** @example 120 */
                installCount: number;
                /** @example 4.5 */
                ratingAvg: number;
                /** @example 8 */
                ratingCount: number;
            }[];
        };
        AdminWorkspaceList: {
            data: components["schemas"]["AdminWorkspaceUsage"][];
            /** @description Pass as `cursor` for the next page. */
            nextCursor: string | null;
        };
        AdminWorkspaceUsage: {
            /**
             * Format: uuid
             * @description Workspace id.
             * @example 11111111-1111-4111-8111-111111111111
             */
            id: string;
            /**
             * @description Workspace name.
             * @example Demo workspace
             */
            name: string;
            /**
             * @description Members.
             * @example 3
             */
            members: number;
            /**
             * @description Connectors.
             * @example 4
             */
            connectors: number;
            /**
             * @description Executions ever.
             * @example 120
             */
            executions: number;
            /**
             * @description Failed executions.
             * @example 6
             */
            failures: number;
            byTrigger: components["schemas"]["TriggerCounts"];
            /**
             * Format: date-time
             * @description The latest execution created or connector changed; null if none.
             * @example 2026-11-22T10:15:30.123Z
             */
            lastActivityAt: string | null;
            /**
             * Format: date-time
             * @description When the workspace was created.
             * @example 2026-11-22T10:15:30.123Z
             */
            createdAt: string;
        };
        AdminExecutionList: {
            data: components["schemas"]["AdminExecution"][];
            /** @description Pass as `cursor` for the next page. */
            nextCursor: string | null;
        };
        /** @description What ran and how it ended — never its input, output or step traces. */
        AdminExecution: {
            /**
             * Format: uuid
             * @description Execution id.
             * @example 0d3c9a57-4f1e-4b8a-9e2d-6a7b8c9d0e1f
             */
            id: string;
            /**
             * Format: uuid
             * @description Its workspace.
             * @example 11111111-1111-4111-8111-111111111111
             */
            workspaceId: string;
            /** @example Demo workspace */
            workspaceName: string;
            /**
             * Format: uuid
             * @description Null once the connector is deleted.
             * @example 5b0f8a4e-6c1d-4f6e-9a57-0e9d6f1b2c3d
             */
            connectorId: string | null;
            /** @example Demo: find and tag a person */
            connectorName: string | null;
            status: components["schemas"]["ExecutionStatus"];
            trigger: components["schemas"]["ExecutionTrigger"];
            /**
             * @description `{kind, message, stepId}` when it failed.
             * @example null
             */
            error?: unknown;
            /** @example 1 */
            attempts: number;
            /** @example inline */
            runner: string | null;
            /** @example run_cm3x1y2z3000008l4abcd1234 */
            runId: string | null;
            /**
             * Format: uuid
             * @example aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa
             */
            createdBy: string | null;
            /**
             * Format: date-time
             * @description Queued at.
             * @example 2026-11-22T10:15:30.123Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description Claimed by a runner.
             * @example 2026-11-22T10:15:30.123Z
             */
            startedAt: string | null;
            /**
             * Format: date-time
             * @description Reached a final status.
             * @example 2026-11-22T10:15:30.123Z
             */
            finishedAt: string | null;
            /** @example 412 */
            durationMs: number | null;
        };
        WebhookList: {
            data: components["schemas"]["Webhook"][];
            /** @description Pass as `cursor` for the next page. */
            nextCursor: string | null;
        };
        /** @description An inbound webhook. The secret is never listed. */
        Webhook: {
            /**
             * Format: uuid
             * @description Webhook id.
             * @example 3f6d2b1a-9c8e-4f7a-8b6c-5d4e3f2a1b0c
             */
            id: string;
            /**
             * Format: uuid
             * @description The connector a delivery starts.
             * @example 5b0f8a4e-6c1d-4f6e-9a57-0e9d6f1b2c3d
             */
            connectorId: string;
            /**
             * @description Where deliveries go: `POST` with a `Connectors-Signature` header, no bearer token.
             * @example https://api.example.com/v1/hooks/3f6d2b1a-9c8e-4f7a-8b6c-5d4e3f2a1b0c
             */
            url: string;
            /**
             * @description What sends to it.
             * @example Signup form
             */
            description: string | null;
            /**
             * @description JSONPath into a delivery's body naming the contact the execution runs for.
             * @example $.contact.id
             */
            contactIdPath: string | null;
            /**
             * Format: date-time
             * @description When a delivery last started an execution; null if never.
             * @example 2026-12-03T08:15:30.123Z
             */
            lastDeliveryAt: string | null;
            /**
             * Format: date-time
             * @description When the secret was last rotated; null if never.
             * @example 2026-12-03T08:15:30.123Z
             */
            rotatedAt: string | null;
            /**
             * Format: date-time
             * @description Until when the secret replaced by the last rotation is still accepted; null if none.
             * @example 2026-12-03T08:15:30.123Z
             */
            previousSecretExpiresAt: string | null;
            /**
             * Format: uuid
             * @description Who created it.
             * @example null
             */
            createdBy: string | null;
            /**
             * Format: date-time
             * @description When it was created.
             * @example 2026-12-03T08:15:30.123Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description Last change (a rotation).
             * @example 2026-12-03T08:15:30.123Z
             */
            updatedAt: string;
        };
        /** @description A webhook with its signing secret (create and rotate answers only). */
        WebhookWithSecret: components["schemas"]["Webhook"] & {
            /**
             * @description The signing secret, shown only in this answer: HMAC-SHA256 key (its UTF-8 text) for `Connectors-Signature`.
             * @example whsec_9f3kZ2x0bQ4mD7yW1vR8tL5nH6cJ3pA0sE2uG4iK7oM
             */
            secret: string;
        };
        CreateWebhook: {
            /**
             * @description What sends to it (for people).
             * @example Signup form
             */
            description?: string;
            /**
             * @description A JSONPath (RFC 9535) into a delivery's body. When its first value is the id of a contact of the workspace, the execution runs for that contact; otherwise it runs without one. Checked with the engine's parser (400 when malformed).
             * @example $.contact.id
             */
            contactIdPath?: string;
        };
        DeliveryAccepted: {
            /**
             * Format: uuid
             * @description The execution the delivery started (or, for the same delivery again, started before).
             * @example 0d3c9a57-4f1e-4b8a-9e2d-6a7b8c9d0e1f
             */
            executionId: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Healthy */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Degraded */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listConnectors: {
        parameters: {
            query?: {
                /** @description 1–100 */
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
                status?: "active" | "disabled";
                /** @description Case-insensitive match on name or description. */
                q?: string;
            };
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of connectors */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectorList"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createConnector: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateConnector"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Connector"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The definition has problems; `details` lists each with its JSON path. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getConnector: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Connector id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The connector */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Connector"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteConnector: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Connector id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateConnector: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Connector id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateConnector"];
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Connector"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The definition has problems; `details` lists each with its JSON path. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    dryRunConnector: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Connector id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["StartExecution"];
            };
        };
        responses: {
            /** @description The dry run's result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DryRun"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    upgradeConnector: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Connector id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["UpgradeConnector"];
            };
        };
        responses: {
            /** @description Upgraded */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Connector"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not installed from a template, or already at the latest version. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The new version cannot be bound to the workspace's credentials. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Connector id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The schedule */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Connector id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PutSchedule"];
            };
        };
        responses: {
            /** @description Replaced */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Connector id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWorkspaceExecutions: {
        parameters: {
            query?: {
                /** @description 1–100 */
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Only the executions of this connector. */
                connectorId?: string;
                /** @description Only executions with this status. */
                status?: components["schemas"]["ExecutionStatus"] & unknown;
                /** @description Only executions started this way. */
                trigger?: components["schemas"]["ExecutionTrigger"] & unknown;
                /** @description Only the executions of this batch. */
                batchId?: string;
            };
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of executions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceExecutionList"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listExecutions: {
        parameters: {
            query?: {
                /** @description 1–100 */
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Only executions with this status. */
                status?: components["schemas"]["ExecutionStatus"] & unknown;
                /** @description Only executions started this way. */
                trigger?: components["schemas"]["ExecutionTrigger"] & unknown;
                /** @description Only the executions of this batch. */
                batchId?: string;
            };
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Connector id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of executions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecutionList"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    startExecution: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retries with the same key and body start nothing new; reusing it for another connector or body is 409. */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Connector id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["StartExecution"];
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Execution"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The connector is disabled, or the Idempotency-Key was used for another connector or body. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getExecution: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Execution id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The execution */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecutionDetail"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getConnectorStats: {
        parameters: {
            query?: {
                /** @description Adds `series` with buckets of this size (UTC). */
                interval?: "hour" | "day";
                /** @description With `interval`: the series starts at the bucket holding this instant. Default: 24 hours (hour) or 30 days (day) ago. */
                since?: string;
            };
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Connector id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The statistics */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectorStats"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    cancelExecution: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Execution id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cancelled */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Execution"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The execution has already finished. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    replayExecution: {
        parameters: {
            query?: {
                /** @description `current` (default): the connector's definition now; `snapshot`: the definition the original execution ran. */
                definition?: "current" | "snapshot";
            };
            header?: {
                /** @description Retries with the same key start nothing new. */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Execution id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Execution"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The connector was deleted or is disabled, the input no longer matches its current schema, or the Idempotency-Key was used for another request. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createBatch: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retries with the same key and items start nothing new. */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Connector id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateBatch"];
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Batch"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The connector is disabled, or the Idempotency-Key was used for another connector or items. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getBatch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Batch id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The batch */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Batch"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    cancelBatch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Batch id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The batch after the cancel */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Batch"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    streamExecutionEvents: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `id` of the last event received: the stream sends only what came after it. */
                "last-event-id"?: string;
            };
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Execution id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event stream. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listContacts: {
        parameters: {
            query?: {
                /** @description 1–100 */
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Case-insensitive substring of the email, first name, last name or full name (`%` and `_` match themselves). */
                q?: string;
            };
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of contacts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactList"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getContact: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Contact id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The contact */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Contact"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listAuditLog: {
        parameters: {
            query?: {
                /** @description 1–100 */
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Only entries with exactly this action. */
                action?: string;
            };
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of audit log entries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditLogList"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listCredentials: {
        parameters: {
            query?: {
                /** @description 1–100 */
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of credentials */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CredentialList"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCredential: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Credential name, used in templates as `{{credentials.<name>}}`. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The credential's metadata */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Credential"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putCredential: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Credential name, used in templates as `{{credentials.<name>}}`. */
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PutCredential"];
            };
        };
        responses: {
            /** @description Replaced */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Credential"];
                };
            };
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Credential"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteCredential: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Credential name, used in templates as `{{credentials.<name>}}`. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    authorizeCredential: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Credential name, used in templates as `{{credentials.<name>}}`. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["AuthorizeCredential"];
            };
        };
        responses: {
            /** @description The authorize URL */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthorizeUrl"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not an OAuth 2.0 authorization-code credential. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `returnTo` is not on an allowed origin. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listTemplates: {
        parameters: {
            query?: {
                /** @description 1–100 */
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Case-insensitive match on name, description or category. */
                q?: string;
                /** @description Exactly this category (case-insensitive). */
                category?: string;
                /** @description Only featured (`true`) or only not featured (`false`). */
                featured?: "true" | "false";
                /** @description Only official (`true`) or only community (`false`) templates. */
                official?: "true" | "false";
                /** @description Only this review state. Others' pending or rejected templates are visible to saas admins only, so for everyone else this narrows their own workspace's templates. */
                review?: "pending" | "approved" | "rejected";
                /** @description `popular` (installs), `rating` (average, then count) or `newest`; a cursor only works with the sort it came from. */
                sort?: "popular" | "rating" | "newest";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of templates */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateList"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Template id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The template */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Template"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such template, or not visible to the caller. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    installTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Template id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["InstallTemplate"];
            };
        };
        responses: {
            /** @description The installed connector */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Connector"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A credential is missing or does not cover the template's hosts (`details`: one entry per problem at `credentials.<name>`), or the bound definition is not valid. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    publishTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PublishTemplate"];
            };
        };
        responses: {
            /** @description Published */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Template"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The slug is taken. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The connector's definition is not valid any more. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listRatings: {
        parameters: {
            query?: {
                /** @description 1–100 */
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description Template id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of ratings */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RatingList"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such template, or not visible to the caller. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putRating: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Template id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PutRating"];
            };
        };
        responses: {
            /** @description Replaced */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RatingResult"];
                };
            };
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RatingResult"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The template is not approved, belongs to a workspace of the caller, or no workspace of the caller has installed it. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such template, or not visible to the caller. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdminCreateTemplate"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Template"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not a saas admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The slug is taken. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The definition has problems; `details` lists each with its JSON path. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Template id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not a saas admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such template (or one the admin cannot see). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Template id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdminUpdateTemplate"];
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Template"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not a saas admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such template (or one the admin cannot see). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The slug is taken. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The definition has problems; `details` lists each with its JSON path. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    reviewTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Template id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdminReviewTemplate"];
            };
        };
        responses: {
            /** @description Reviewed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Template"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not a saas admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such template (or one the admin cannot see). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not a public community template: official and workspace ones need no review. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAdminStats: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Totals */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminStats"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not a saas admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listAdminWorkspaces: {
        parameters: {
            query?: {
                /** @description 1–100 */
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Case-insensitive match on the workspace's name. */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of workspaces with their usage */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminWorkspaceList"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not a saas admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listAdminExecutions: {
        parameters: {
            query?: {
                /** @description 1–100 */
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Only executions in this status. */
                status?: components["schemas"]["ExecutionStatus"] & unknown;
                /** @description Only executions started this way. */
                trigger?: components["schemas"]["ExecutionTrigger"] & unknown;
                /** @description Only this workspace's executions. */
                workspaceId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of executions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminExecutionList"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not a saas admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWebhooks: {
        parameters: {
            query?: {
                /** @description 1–100 */
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Connector id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of webhooks */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookList"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Connector id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CreateWebhook"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookWithSecret"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Connector id (UUID). */
                id: string;
                /** @description Webhook id (UUID). */
                hookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (UUID). */
                ws: string;
                /** @description Connector id (UUID). */
                id: string;
                /** @description Webhook id (UUID). */
                hookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Rotated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookWithSecret"];
                };
            };
            /** @description Malformed request: `details` holds the validation issues. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or otherwise invalid bearer token. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role in the workspace does not allow this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or in a workspace the caller is not a member of. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Request body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limit reached: the caller's, or on a workspace route the workspace's (charged only for proven members); see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deliverWebhook: {
        parameters: {
            query?: never;
            header?: {
                /** @description `t=<unix seconds>,v1=<64 lowercase hex>`; required (401 without). */
                "connectors-signature"?: string;
            };
            path: {
                /** @description Webhook id (the last segment of its `url`). */
                hookId: string;
            };
            cookie?: never;
        };
        /** @description A JSON object of at most 256 KiB: the execution's input. */
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description Accepted: the execution started (or was started by this delivery before) */
            202: {
                headers: {
                    /** @description `true` when this delivery was received before and started nothing new. */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryAccepted"];
                };
            };
            /** @description The body is not a JSON object, or does not match the connector's input schema (`details`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, wrong or expired signature, or no such webhook. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The connector is disabled. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body over 256 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The hook's 600 deliveries per minute are spent; see `Retry-After`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    oauthCallback: {
        parameters: {
            query?: {
                /** @description The signed state (required). */
                state?: string;
                /** @description The authorization code. */
                code?: string;
                /** @description The vendor's error code, if any. */
                error?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The flow ended; no returnTo (an HTML page) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description The flow ended; back to returnTo with the outcome in the query */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The state is missing, invalid, expired or already used. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unexpected error (logged with the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (the database) is unavailable; retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
