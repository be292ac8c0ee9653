/** Preact hook over Dexie's liveQuery: re-renders when the queried tables change, in any context. */
import { liveQuery } from 'dexie';
import { useLayoutEffect, useState } from 'preact/hooks';

export function useLiveQuery<T>(query: () => Promise<T>, deps: readonly unknown[]): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  // Subscribed right after the render, not after the next paint (Preact's useEffect): the query
  // starts a frame sooner (the side panel's first render waits on one).
  useLayoutEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: setValue,
      error: (error: unknown) => console.error('[caucasus-lens] live query failed', error),
    });
    return () => subscription.unsubscribe();
  }, deps);
  return value;
}
