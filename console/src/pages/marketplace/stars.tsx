// A rating as stars: the text ("4.5 out of 5 stars") is what screen readers get; the stars are
// decoration drawn from the same number.
export function Stars({ value, count }: { value: number; count?: number }) {
  const rounded = Math.round(value * 10) / 10;
  const label =
    count === 0
      ? "Not rated yet"
      : `${rounded} out of 5 stars${count ? ` (${count} ratings)` : ""}`;
  return (
    <span className="stars" data-testid="stars">
      <span className="stars-track" aria-hidden="true">
        <span className="stars-empty">★★★★★</span>
        <span className="stars-full" style={{ width: `${(Math.min(5, value) / 5) * 100}%` }}>
          ★★★★★
        </span>
      </span>
      <span className="stars-text">{label}</span>
    </span>
  );
}
