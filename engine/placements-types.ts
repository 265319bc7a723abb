// Where a credential's owner lets its value be templated (docs/SECURITY.md "Where a secret may be
// placed"). Shared by the save-time check and the run-time refusal, so both read the same words.

export const PLACEMENTS = ["header", "query", "path", "body"] as const;
export type Placement = (typeof PLACEMENTS)[number];

/** A credential with no placements set may be templated into header values only. */
export const DEFAULT_PLACEMENTS: readonly Placement[] = Object.freeze(["header"]);
