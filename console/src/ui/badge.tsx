const TONES: Record<string, string> = {
  succeeded: "good",
  active: "good",
  connected: "good",
  approved: "good",
  failed: "bad",
  rejected: "bad",
  needs_reauth: "bad",
  cancelled: "muted",
  disabled: "muted",
  queued: "info",
  running: "info",
  pending: "warn",
};

/** A status as a word with a colour (never colour alone). */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge ${TONES[status] ?? "muted"}`} data-status={status}>
      {status.replace(/_/g, " ")}
    </span>
  );
}
