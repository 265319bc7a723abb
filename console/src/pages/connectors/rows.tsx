// Key/value rows (headers, extract, field mapping): each row's problems show under that row.
import type { Problem } from "../../lib/api.ts";
import { problemsAt } from "../../ui/form.tsx";
import { type Row, row } from "./model.ts";

export function RowsEditor({
  legend,
  rows,
  onChange,
  keyLabel,
  valueLabel,
  problems,
  pathOf,
  addLabel,
  valuePlaceholder,
}: {
  legend: string;
  rows: Row[];
  onChange: (rows: Row[]) => void;
  keyLabel: string;
  valueLabel: string;
  problems: Problem[];
  /** The problem path a row's key names. */
  pathOf: (key: string) => string;
  addLabel: string;
  valuePlaceholder?: string;
}) {
  const set = (uid: number, patch: Partial<Row>) =>
    onChange(rows.map((r) => (r.uid === uid ? { ...r, ...patch } : r)));
  return (
    <fieldset className="rows">
      <legend>{legend}</legend>
      {rows.length === 0 && <p className="muted">None.</p>}
      {rows.map((r, i) => {
        const mine = problemsAt(problems, pathOf(r.key.trim()), true);
        const problemId = `row-${r.uid}-problem`;
        return (
          <div key={r.uid} className={mine.length ? "row invalid" : "row"}>
            <label>
              <span className="visually-hidden">
                {keyLabel} {i + 1}
              </span>
              <input
                value={r.key}
                placeholder={keyLabel}
                onChange={(e) => set(r.uid, { key: e.target.value })}
                aria-invalid={mine.length > 0}
                aria-describedby={mine.length ? problemId : undefined}
              />
            </label>
            <label className="grow">
              <span className="visually-hidden">
                {valueLabel} {i + 1}
              </span>
              <input
                value={r.value}
                placeholder={valuePlaceholder ?? valueLabel}
                onChange={(e) => set(r.uid, { value: e.target.value })}
                aria-invalid={mine.length > 0}
                aria-describedby={mine.length ? problemId : undefined}
              />
            </label>
            <button
              type="button"
              onClick={() => onChange(rows.filter((x) => x.uid !== r.uid))}
              aria-label={`Remove ${keyLabel.toLowerCase()} ${r.key || i + 1}`}
            >
              Remove
            </button>
            {mine.length > 0 && (
              <p className="problem" id={problemId} role="alert" data-testid="field-problem">
                {mine.map((p) => p.message).join(" ")}
              </p>
            )}
          </div>
        );
      })}
      <button type="button" onClick={() => onChange([...rows, row()])}>
        {addLabel}
      </button>
    </fieldset>
  );
}
