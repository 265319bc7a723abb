// The connector's schedule: cron + time zone (GET/PUT/DELETE …/schedule), enabled or not, and the
// next five runs computed in the browser with croner, read the way the API reads the cron
// ("5-part" mode) and shown in the chosen zone. croner (~10 kB gzipped) is loaded only when this
// tab opens: a chunk of its own, not part of every page's bundle.
import type { Cron as CronClass } from "croner";
import { type FormEvent, useEffect, useMemo, useState } from "react";
import { ApiFailure, done, ok, type Problem } from "../../lib/api.ts";
import { useWorkspace } from "../../lib/auth.tsx";
import { useLoad } from "../../lib/use-load.ts";
import { Field, OtherProblems, problemsAt } from "../../ui/form.tsx";
import { when } from "../../ui/format.ts";
import { ErrorBox, Loading } from "../../ui/state.tsx";
import { exampleInput } from "./dry-run.tsx";

const LOCAL_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

/** The next `count` runs, or why there are none; never throws. */
export function nextRuns(
  Cron: typeof CronClass,
  cron: string,
  timezone: string,
  count = 5,
): Date[] | string {
  if (!cron.trim()) return "Enter a cron expression.";
  try {
    new Intl.DateTimeFormat("en", { timeZone: timezone });
  } catch {
    return `Unknown time zone "${timezone}".`;
  }
  try {
    const runs = new Cron(cron.trim(), { timezone, mode: "5-part", paused: true }).nextRuns(count);
    return runs.length ? runs : "This expression never fires.";
  } catch (error) {
    return error instanceof Error ? error.message.replace(/^CronPattern: /, "") : "Not valid.";
  }
}

function inZone(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, {
    timeZone,
    dateStyle: "full",
    timeStyle: "short",
  }).format(date);
}

export function ScheduleEditor({
  connectorId,
  inputSchema,
}: {
  connectorId: string;
  inputSchema: unknown;
}) {
  const { api, ws } = useWorkspace();
  const param = { ws, id: connectorId };
  const schedule = useLoad(async () => {
    try {
      return await ok(api.v1.workspaces[":ws"].connectors[":id"].schedule.$get({ param }));
    } catch (error) {
      // No schedule yet is a 404: the editor starts empty.
      if (error instanceof ApiFailure && error.status === 404) return null;
      throw error;
    }
  }, [api, ws, connectorId]);
  const [cron, setCron] = useState("0 9 * * 1-5");
  const [timezone, setTimezone] = useState(LOCAL_ZONE);
  const [enabled, setEnabled] = useState(true);
  const [input, setInput] = useState(() => exampleInput(inputSchema));
  const [problems, setProblems] = useState<Problem[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState("");

  useEffect(() => {
    if (!schedule.data) return;
    setCron(schedule.data.cron);
    setTimezone(schedule.data.timezone);
    setEnabled(schedule.data.enabled);
    setInput(JSON.stringify(schedule.data.input, null, 2));
  }, [schedule.data]);

  const [Cron, setCronClass] = useState<typeof CronClass | null>(null);
  const [cronLoadError, setCronLoadError] = useState<unknown>(null);
  useEffect(() => {
    import("croner").then((module) => setCronClass(() => module.Cron), setCronLoadError);
  }, []);
  const preview = useMemo(
    () => (Cron ? nextRuns(Cron, cron, timezone) : "Computing the next runs…"),
    [Cron, cron, timezone],
  );

  async function act(what: () => Promise<void>, said: string) {
    setError(null);
    setProblems([]);
    setMessage("");
    setBusy(true);
    try {
      await what();
      setMessage(said);
      schedule.reload();
    } catch (e) {
      setProblems(e instanceof ApiFailure ? e.problems : []);
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function save(event: FormEvent) {
    event.preventDefault();
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(input || "{}") as Record<string, unknown>;
    } catch (e) {
      setProblems([{ path: "input", message: `Not valid JSON: ${(e as Error).message}` }]);
      return;
    }
    void act(async () => {
      await ok(
        api.v1.workspaces[":ws"].connectors[":id"].schedule.$put({
          param,
          json: {
            cron,
            timezone,
            enabled,
            input: parsed,
            contactId: schedule.data?.contactId,
          },
        }),
      );
    }, "Schedule saved.");
  }

  if (schedule.error) return <ErrorBox error={schedule.error} onRetry={schedule.reload} />;
  if (schedule.data === undefined) return <Loading />;
  const shown = (path: string) =>
    ["cron", "timezone", "enabled", "input"].includes(path) || path.startsWith("input.");
  const others = problems.filter((p) => !shown(p.path));
  return (
    <form className="schedule" onSubmit={save} noValidate>
      <p className="muted">
        {schedule.data
          ? `Saved: ${schedule.data.cron} (${schedule.data.timezone}), ${
              schedule.data.enabled ? "enabled" : "disabled"
            }. Next run ${when(schedule.data.nextRunAt)}; last run ${when(schedule.data.lastRunAt)}.`
          : "This connector has no schedule yet."}
      </p>
      {error ? <ErrorBox error={error} /> : null}
      <OtherProblems problems={others} />
      <div className="grid">
        <Field
          label="Cron"
          problems={problemsAt(problems, "cron")}
          hint="5 fields (minute hour day month weekday) or @hourly, @daily, @weekly…"
        >
          {(props) => <input {...props} value={cron} onChange={(e) => setCron(e.target.value)} />}
        </Field>
        <Field
          label="Time zone"
          problems={problemsAt(problems, "timezone")}
          hint="IANA name, e.g. Europe/Berlin"
        >
          {(props) => (
            <input {...props} value={timezone} onChange={(e) => setTimezone(e.target.value)} />
          )}
        </Field>
      </div>
      <Field
        label="Input of each run (JSON)"
        problems={problemsAt(problems, "input", true)}
        hint="Checked against the connector's input schema."
      >
        {(props) => (
          <textarea
            {...props}
            rows={3}
            className="code"
            value={input}
            onChange={(e) => setInput(e.target.value)}
          />
        )}
      </Field>
      <label className="check">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />{" "}
        Enabled
      </label>
      <section aria-labelledby="next-runs">
        <h3 id="next-runs">Next five runs ({timezone})</h3>
        {cronLoadError ? (
          <ErrorBox error={cronLoadError} />
        ) : typeof preview === "string" ? (
          <p className="muted">{preview}</p>
        ) : (
          <ol data-testid="next-runs">
            {preview.map((date) => (
              <li key={date.toISOString()}>
                <time dateTime={date.toISOString()}>{inZone(date, timezone)}</time>
              </li>
            ))}
          </ol>
        )}
      </section>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          Save schedule
        </button>
        {schedule.data && (
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              act(
                () => done(api.v1.workspaces[":ws"].connectors[":id"].schedule.$delete({ param })),
                "Schedule removed.",
              )
            }
          >
            Remove schedule
          </button>
        )}
        <span role="status">{message}</span>
      </div>
    </form>
  );
}
