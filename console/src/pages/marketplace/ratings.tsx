// A template's ratings and reviews (newest first, paged) and the caller's own rating: a PUT that
// replaces theirs. The API says when a rating is not allowed (not installed, own template…).
import { useState } from "react";
import { ok } from "../../lib/api.ts";
import { useAuth } from "../../lib/auth.tsx";
import { usePaged } from "../../lib/use-load.ts";
import { when } from "../../ui/format.ts";
import { Empty, ErrorBox, LoadMore } from "../../ui/state.tsx";
import { Stars } from "./stars.tsx";
import type { Template } from "./types.ts";

export function Ratings({ template, onRated }: { template: Template; onRated: () => void }) {
  const { api, me } = useAuth();
  const list = usePaged(
    (cursor) =>
      ok(
        api.v1.templates[":id"].ratings.$get({
          param: { id: template.id },
          query: { cursor, limit: "10" },
        }),
      ),
    [api, template.id],
  );
  const mine = list.items.find((rating) => rating.userId === me?.user.id);
  // Held here, not in the form: the form remounts when the saved rating comes back (its key is
  // the rating's updatedAt), and the confirmation must outlive that.
  const [saved, setSaved] = useState(false);
  return (
    <section aria-labelledby="reviews-heading">
      <h2 id="reviews-heading">Ratings and reviews</h2>
      <RateForm
        key={mine?.updatedAt ?? "new"}
        templateId={template.id}
        initial={mine ? { rating: mine.rating, review: mine.review ?? "" } : null}
        saved={saved}
        onSubmit={() => setSaved(false)}
        onRated={() => {
          setSaved(true);
          list.reload();
          onRated();
        }}
      />
      {!list.loading && !list.error && list.items.length === 0 ? (
        <Empty>No reviews yet.</Empty>
      ) : (
        <ul className="reviews" aria-label="Reviews">
          {list.items.map((rating) => (
            <li key={rating.userId} data-testid="review">
              <Stars value={rating.rating} />
              {rating.userId === me?.user.id && <strong> (yours)</strong>}
              {rating.review && <p>{rating.review}</p>}
              <div className="muted">{when(rating.updatedAt)}</div>
            </li>
          ))}
        </ul>
      )}
      <LoadMore list={list} />
    </section>
  );
}

function RateForm({
  templateId,
  initial,
  saved,
  onSubmit,
  onRated,
}: {
  templateId: string;
  initial: { rating: number; review: string } | null;
  saved: boolean;
  onSubmit: () => void;
  onRated: () => void;
}) {
  const { api } = useAuth();
  const [rating, setRating] = useState(initial?.rating ?? 0);
  const [review, setReview] = useState(initial?.review ?? "");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    onSubmit();
    try {
      await ok(
        api.v1.templates[":id"].rating.$put({
          param: { id: templateId },
          json: { rating, review: review.trim() || null },
        }),
      );
      onRated();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="rate-form panel" onSubmit={submit}>
      <fieldset>
        <legend>{initial ? "Your rating (rating again replaces it)" : "Rate this template"}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n}>
            <input
              type="radio"
              name="rating"
              value={n}
              checked={rating === n}
              onChange={() => setRating(n)}
            />{" "}
            {n} {n === 1 ? "star" : "stars"}
          </label>
        ))}
      </fieldset>
      <label htmlFor="review-text">Review (optional)</label>
      <textarea
        id="review-text"
        value={review}
        maxLength={2000}
        onChange={(event) => setReview(event.target.value)}
      />
      {error ? <ErrorBox error={error} /> : null}
      {saved && (
        <p role="status" className="success">
          Thanks: your rating is saved.
        </p>
      )}
      <button type="submit" className="primary" disabled={busy || rating === 0}>
        {busy ? "Saving…" : "Submit rating"}
      </button>
    </form>
  );
}
