// Form fields that show the API's problems at the field their `path` names.
import { type ReactNode, useId } from "react";
import type { Problem } from "../lib/api.ts";

/** Problems whose path is `path` exactly (or, with `nested`, any path under it). */
export function problemsAt(problems: Problem[], path: string, nested = false): Problem[] {
  return problems.filter(
    (problem) =>
      problem.path === path || (nested && path !== "" && problem.path.startsWith(`${path}.`)),
  );
}

export function Field({
  label,
  problems = [],
  hint,
  children,
}: {
  label: string;
  problems?: Problem[];
  hint?: ReactNode;
  children: (props: {
    id: string;
    "aria-invalid": boolean;
    "aria-describedby"?: string;
  }) => ReactNode;
}) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : "", problems.length ? `${id}-problem` : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <div className={problems.length ? "field invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        "aria-invalid": problems.length > 0,
        "aria-describedby": describedBy || undefined,
      })}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {problems.length > 0 && (
        <p className="problem" id={`${id}-problem`} role="alert" data-testid="field-problem">
          {problems.map((problem) => problem.message).join(" ")}
        </p>
      )}
    </div>
  );
}

/** Problems no field on the page shows, listed above the form so none is lost. */
export function OtherProblems({ problems }: { problems: Problem[] }) {
  if (!problems.length) return null;
  return (
    <ul className="problems" role="alert">
      {problems.map((problem) => (
        <li key={`${problem.path}:${problem.message}`}>
          {problem.path ? <code>{problem.path}</code> : null} {problem.message}
        </li>
      ))}
    </ul>
  );
}
