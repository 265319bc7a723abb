import { type DependencyList, useCallback, useEffect, useRef, useState } from "react";

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Loads once per change of `deps`; a newer load wins over an older one still in flight. */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const generation = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what load depends on
  useEffect(() => {
    const mine = ++generation.current;
    setState((prev) => ({ data: prev.data, loading: true }));
    load().then(
      (data) => mine === generation.current && setState({ data, loading: false }),
      (error: unknown) => mine === generation.current && setState({ error, loading: false }),
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

export interface Paged<T> {
  items: T[];
  error: unknown;
  loading: boolean;
  hasMore: boolean;
  loadMore: () => void;
  /** Repeats the last page request (the first page or a "more") after it failed. */
  retry: () => void;
  reload: () => void;
}

/** A list read page by page with the API's cursors (`nextCursor`), appended as the user asks. */
export function usePaged<T>(
  page: (cursor: string | undefined) => Promise<{ data: T[]; nextCursor: string | null }>,
  deps: DependencyList,
): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const generation = useRef(0);
  const last = useRef<{ after: string | undefined; replace: boolean }>({
    after: undefined,
    replace: true,
  });

  const fetchPage = useCallback(
    (after: string | undefined, replace: boolean) => {
      const mine = ++generation.current;
      last.current = { after, replace };
      setLoading(true);
      setError(undefined);
      page(after).then(
        (result) => {
          if (mine !== generation.current) return;
          setItems((prev) => (replace ? result.data : [...prev, ...result.data]));
          setCursor(result.nextCursor);
          setLoading(false);
        },
        (failure: unknown) => {
          if (mine !== generation.current) return;
          setError(failure);
          setLoading(false);
        },
      );
    },
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what page depends on
    deps,
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload on deps or an explicit reload
  useEffect(() => fetchPage(undefined, true), [fetchPage, tick]);

  return {
    items,
    error,
    loading,
    hasMore: cursor !== null,
    loadMore: () => cursor && fetchPage(cursor, false),
    retry: () => fetchPage(last.current.after, last.current.replace),
    reload: () => setTick((n) => n + 1),
  };
}
