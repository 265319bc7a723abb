// The review queue: public community templates awaiting a saas admin's decision. Approve or
// reject, with a note the API writes to the log; a decided template leaves the queue.
import { useState } from "react";
import { ok } from "../../lib/api.ts";
import { useAuth } from "../../lib/auth.tsx";
import { usePaged } from "../../lib/use-load.ts";
import { PageHeader } from "../../ui/page.tsx";
import { Empty, ErrorBox, LoadMore } from "../../ui/state.tsx";
import type { Template } from "../marketplace/types.ts";
import { AdminGate } from "./admin-gate.tsx";
import { TemplateDetails } from "./template-details.tsx";
import "../marketplace/marketplace.css";
import "./admin.css";

export function ReviewQueuePage() {
  return (
    <AdminGate>
      <ReviewQueue />
    </AdminGate>
  );
}

function ReviewQueue() {
  const { api } = useAuth();
  const [decided, setDecided] = useState<string[]>([]);
  const list = usePaged(
    (cursor) =>
      ok(
        api.v1.templates.$get({
          query: { review: "pending", official: "false", sort: "newest", cursor, limit: "10" },
        }),
      ),
    [api],
  );
  // Others' workspace templates are never pending review; only public ones wait here.
  const items = list.items.filter((t) => t.visibility === "public" && !decided.includes(t.id));
  return (
    <>
      <PageHeader title="Review queue">
        <p className="muted">Public community templates waiting for approval, newest first.</p>
      </PageHeader>
      {!list.loading && !list.error && items.length === 0 ? (
        <Empty>Nothing waits for review.</Empty>
      ) : (
        <ul className="queue" aria-label="Templates awaiting review">
          {items.map((template) => (
            <ReviewItem
              key={template.id}
              template={template}
              onDecided={() => setDecided((prev) => [...prev, template.id])}
            />
          ))}
        </ul>
      )}
      <LoadMore list={list} />
    </>
  );
}

function ReviewItem({ template, onDecided }: { template: Template; onDecided: () => void }) {
  const { api } = useAuth();
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const headingId = `review-${template.id}`;

  async function decide(decision: "approved" | "rejected") {
    setBusy(true);
    setError(null);
    try {
      await ok(
        api.v1.admin.templates[":id"].review.$post({
          param: { id: template.id },
          json: { decision, note: note.trim() || undefined },
        }),
      );
      onDecided();
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <li aria-labelledby={headingId} data-testid="review-item">
      <h2 id={headingId}>{template.name}</h2>
      <TemplateDetails template={template} />
      <label htmlFor={`${headingId}-note`}>Note (why; kept in the log)</label>
      <textarea
        id={`${headingId}-note`}
        value={note}
        maxLength={2000}
        onChange={(event) => setNote(event.target.value)}
      />
      {error ? <ErrorBox error={error} /> : null}
      <div className="row-actions">
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => decide("approved")}
          aria-label={`Approve ${template.name}`}
        >
          Approve
        </button>
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={() => decide("rejected")}
          aria-label={`Reject ${template.name}`}
        >
          Reject
        </button>
      </div>
    </li>
  );
}
