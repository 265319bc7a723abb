// Loading, empty and error states, the same on every page. An API error shows its message and
// the request id (what support asks for).
import type { ReactNode } from "react";
import { ApiFailure } from "../lib/api.ts";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <p className="state loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state empty">{children}</p>;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const failure = error instanceof ApiFailure ? error : null;
  return (
    <div className="state error" role="alert">
      <p>
        <strong>{failure?.status ? `Error ${failure.status}: ` : "Error: "}</strong>
        {errorMessage(error)}
      </p>
      {failure?.requestId && (
        <p className="muted">
          Request id <code data-testid="request-id">{failure.requestId}</code>
        </p>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** The three states around a load: loading (first time), error, or the content. */
export function Show<T>({
  state,
  children,
  empty,
}: {
  state: { data: T | undefined; error: unknown; loading: boolean; reload: () => void };
  children: (data: T) => ReactNode;
  empty?: (data: T) => ReactNode | null;
}) {
  if (state.error) return <ErrorBox error={state.error} onRetry={state.reload} />;
  if (state.data === undefined) return <Loading />;
  const nothing = empty?.(state.data);
  if (nothing) return <Empty>{nothing}</Empty>;
  return <>{children(state.data)}</>;
}

/** The foot of a cursor-paged list: more, loading, or its error. */
export function LoadMore({
  list,
}: {
  list: {
    hasMore: boolean;
    loading: boolean;
    error: unknown;
    loadMore: () => void;
    retry: () => void;
  };
}) {
  // Retry repeats the request that failed: "Load more" alone does nothing when the first page failed.
  if (list.error) return <ErrorBox error={list.error} onRetry={list.retry} />;
  if (list.loading) return <Loading />;
  if (!list.hasMore) return null;
  return (
    <button type="button" className="load-more" onClick={list.loadMore}>
      Load more
    </button>
  );
}
