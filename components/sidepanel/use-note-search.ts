import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { NoteRow } from '../../lib/db/database.ts';
import type { NoteFilters } from '../../lib/notes/search.ts';
import { createSearchClient, type SearchClient } from '../../lib/notes/search-channel.ts';

/** An answer: the notes found, and the query and filters they were found for. */
export interface Found {
  query: string;
  filters: NoteFilters;
  notes: readonly NoteRow[];
}

/**
 * The notes matching `query` and `filters`, searched in a worker (lib/notes/search-channel.ts).
 * Until the answer to the current query comes, the last answer stays.
 */
export function useNoteSearch(
  notes: readonly NoteRow[] | undefined,
  query: string,
  filters: NoteFilters,
): Found {
  const [found, setFound] = useState<Found>({ query, filters, notes: [] });
  const client = useRef<SearchClient | null>(null);
  const asked = useRef<Omit<Found, 'notes'>>({ query, filters });
  useLayoutEffect(() => {
    const worker = new Worker(new URL('../../lib/notes/search.worker.ts', import.meta.url), {
      type: 'module',
    });
    const channel = createSearchClient((message) => worker.postMessage(message));
    worker.onmessage = (event) => {
      const answer = channel.receive(event.data);
      if (answer) setFound({ ...asked.current, notes: answer });
    };
    worker.onerror = (event) => console.error('[caucasus-lens] search worker failed', event.message);
    client.current = channel;
    return () => worker.terminate();
  }, []);
  // Asked right after the render (a layout effect), not after the next paint.
  useLayoutEffect(() => {
    if (!notes || !client.current) return;
    asked.current = { query, filters };
    const now = client.current.request(notes, query, filters);
    if (now) setFound({ query, filters, notes: now });
  }, [notes, query, filters]);
  return found;
}
