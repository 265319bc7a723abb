// The credential form (create, or set a new value): PUT …/credentials/:name. The value and the
// client secret are password inputs, sent once and never shown again: the API never returns them
// and this form keeps them only in its own state until it closes.
import { useState } from "react";
import { ApiFailure, ok } from "../../lib/api.ts";
import { useWorkspace } from "../../lib/auth.tsx";
import { Field, OtherProblems, problemsAt } from "../../ui/form.tsx";
import { ErrorBox } from "../../ui/state.tsx";

const PLACEMENTS = ["header", "query", "path", "body"] as const;
type Placement = (typeof PLACEMENTS)[number];
const KINDS = ["bearer", "api_key", "basic", "other", "oauth2"] as const;
type Kind = (typeof KINDS)[number];

export interface Existing {
  name: string;
  authType: string;
  provider: string | null;
  allowedHosts: string[];
  placements: Placement[];
  queryParam: string | null;
}

const lines = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((part) => part.trim())
    .filter(Boolean);

export function CredentialForm({
  existing,
  headingId,
  onDone,
  onCancel,
}: {
  existing: Existing | null;
  headingId: string;
  onDone: (name: string) => void;
  onCancel: () => void;
}) {
  const { api, ws } = useWorkspace();
  const [name, setName] = useState(existing?.name ?? "");
  const [kind, setKind] = useState<Kind>((existing?.authType as Kind) ?? "bearer");
  const [value, setValue] = useState("");
  const [hosts, setHosts] = useState(existing?.allowedHosts.join("\n") ?? "");
  const [placements, setPlacements] = useState<Placement[]>(existing?.placements ?? ["header"]);
  const [oauth, setOauth] = useState({
    authorizeUrl: "",
    tokenUrl: "",
    clientId: "",
    clientSecret: "",
    scopes: "",
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const isOAuth = kind === "oauth2";

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const body = isOAuth
        ? {
            allowedHosts: lines(hosts),
            placements,
            oauth: {
              grantType: "authorization_code" as const,
              authorizeUrl: oauth.authorizeUrl,
              tokenUrl: oauth.tokenUrl,
              clientId: oauth.clientId,
              clientSecret: oauth.clientSecret,
              scopes: lines(oauth.scopes),
            },
          }
        : {
            value,
            allowedHosts: lines(hosts),
            placements,
            authType: kind,
            // The PUT replaces every field it is given and nulls the ones it is not: a new value
            // keeps the pinned query parameter and the provider label this form does not edit.
            ...(existing && {
              queryParam: existing.queryParam,
              ...(existing.provider !== null && { provider: existing.provider }),
            }),
          };
      await ok(
        api.v1.workspaces[":ws"].credentials[":name"].$put({ param: { ws, name }, json: body }),
      );
      setValue("");
      onDone(name);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const problems = error instanceof ApiFailure ? error.problems : [];
  const shown = ["name", "value", "allowedHosts", "placements", "oauth"];
  const field = (path: string) => problemsAt(problems, path, true);
  const oauthInput = (key: keyof typeof oauth, label: string, type = "text") => (
    <Field label={label} problems={field(`oauth.${key}`)}>
      {(props) => (
        <input
          {...props}
          type={type}
          autoComplete={type === "password" ? "new-password" : "off"}
          required={key !== "scopes"}
          value={oauth[key]}
          onChange={(event) => setOauth({ ...oauth, [key]: event.target.value })}
        />
      )}
    </Field>
  );

  return (
    <form onSubmit={submit} autoComplete="off">
      <h2 id={headingId}>{existing ? `Set a new value for ${existing.name}` : "New credential"}</h2>
      {error && problems.length === 0 ? <ErrorBox error={error} /> : null}
      <OtherProblems
        problems={problems.filter(
          (p) => !shown.some((s) => p.path === s || p.path.startsWith(`${s}.`)),
        )}
      />
      {!existing && (
        <>
          <Field
            label="Name"
            problems={field("name")}
            hint="Lowercase letters, digits and _; templates use {{credentials.<name>}}."
          >
            {(props) => (
              <input
                {...props}
                required
                pattern="[a-z][a-z0-9_]{0,62}"
                value={name}
                onChange={(event) => setName(event.target.value)}
              />
            )}
          </Field>
          <Field label="Kind">
            {(props) => (
              <select
                {...props}
                value={kind}
                onChange={(event) => setKind(event.target.value as Kind)}
              >
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {k === "oauth2" ? "OAuth 2.0" : k}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </>
      )}
      {!isOAuth && (
        <Field label="Value" problems={field("value")} hint="Stored encrypted; never shown again.">
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="new-password"
              required
              value={value}
              onChange={(event) => setValue(event.target.value)}
            />
          )}
        </Field>
      )}
      {isOAuth && (
        <>
          {oauthInput("authorizeUrl", "Authorize URL", "url")}
          {oauthInput("tokenUrl", "Token URL", "url")}
          {oauthInput("clientId", "Client id")}
          {oauthInput("clientSecret", "Client secret", "password")}
          {oauthInput("scopes", "Scopes (space separated)")}
        </>
      )}
      <Field
        label="Allowed hosts"
        problems={field("allowedHosts")}
        hint="One per line: host, *.domain or host:port. The secret is sent nowhere else."
      >
        {(props) => (
          <textarea
            {...props}
            required
            rows={2}
            value={hosts}
            onChange={(event) => setHosts(event.target.value)}
          />
        )}
      </Field>
      <fieldset className="placements">
        <legend>Placements</legend>
        {PLACEMENTS.map((placement) => (
          <label key={placement}>
            <input
              type="checkbox"
              checked={placements.includes(placement)}
              onChange={(event) =>
                setPlacements(
                  event.target.checked
                    ? [...placements, placement]
                    : placements.filter((p) => p !== placement),
                )
              }
            />{" "}
            {placement}
          </label>
        ))}
        {field("placements").length > 0 && (
          <p className="problem">
            {field("placements")
              .map((p) => p.message)
              .join(" ")}
          </p>
        )}
      </fieldset>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Saving…" : "Save"}
        </button>
      </div>
    </form>
  );
}
