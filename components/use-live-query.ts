/** Preact hook over Dexie's liveQuery: re-renders when the queried tables change, in any context. */
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

export function useLiveQuery<T>(query: () => Promise<T>, deps: readonly unknown[]): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: setValue,
      error: (error: unknown) => console.error('[caucasus-lens] live query failed', error),
    });
    return () => subscription.unsubscribe();
  }, deps);
  return value;
}
