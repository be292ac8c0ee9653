import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { getDb } from '../../lib/db/database.ts';
import { lookup } from '../../lib/db/kb-store.ts';
import { allNotes } from '../../lib/db/notes-store.ts';
import { nameIn } from '../../lib/kb/entity-card.ts';
import { send } from '../../lib/messaging.ts';
import { MAX_IMPORT_BYTES, toAnnotationCollection, toMarkdown } from '../../lib/notes/interchange.ts';
import { type NoteFilters, siteOf } from '../../lib/notes/search.ts';
import { useLiveQuery } from '../use-live-query.ts';
import { download } from './download.ts';
import { NoteItem, useDeviceId } from './NoteItem.tsx';
import { useNoteSearch } from './use-note-search.ts';

const DAY = 24 * 60 * 60 * 1000;
/**
 * Notes rendered for a new search: a few more than a side panel shows. The list grows by MORE as the
 * reader scrolls near its end (or asks for more).
 */
const FIRST = 10;
const MORE = 25;

/**
 * All notes: search over notes and the knowledge base together, filters, sort, export and import.
 *
 * A keystroke in the search box costs the panel's main thread the first FIRST results, not the search
 * (a worker's: use-note-search.ts): the filter menus and the rows that stay in view are not rendered
 * again, and rows off screen are not laid out (content-visibility in panel.css).
 */
export function NotesView({
  nameOf,
  onOpenEntity,
  onDeleted,
}: {
  nameOf: (id: string) => string;
  onOpenEntity: (id: string) => void;
  onDeleted: (id: string) => void;
}) {
  const device = useDeviceId();
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<NoteFilters>({});
  const [message, setMessage] = useState<string | null>(null);
  const notes = useLiveQuery(() => allNotes(getDb()), []);
  const entities = useLiveQuery(() => lookup(getDb(), query, 8), [query]);
  const found = useNoteSearch(notes, query, filters);
  const shown = found.notes;
  // How many results are rendered, for the query and filters of the answer shown (a new search starts
  // short again; a note edited or deleted meanwhile does not).
  const [grown, setGrown] = useState({ query, filters, limit: FIRST });
  const limit = grown.query === found.query && grown.filters === found.filters ? grown.limit : FIRST;
  const tags = useMemo(() => [...new Set((notes ?? []).flatMap((n) => n.tags))].sort(), [notes]);
  const sites = useMemo(
    () => [...new Set((notes ?? []).map(siteOf).filter((s): s is string => Boolean(s)))].sort(),
    [notes],
  );
  const linked = useMemo(() => [...new Set((notes ?? []).flatMap((n) => n.entityIds))], [notes]);
  // The menus list every linked entity, tag and site: built again only when those change, not on
  // each keystroke. Each change makes a new filters object (which also restarts the search).
  const filterBar = useMemo(() => {
    const set = (patch: NoteFilters) => setFilters((current) => ({ ...current, ...patch }));
    return (
      <div class="filters">
        <select aria-label="Entity" onChange={(e) => set({ entityId: e.currentTarget.value || undefined })}>
          <option value="">Any entity</option>
          {linked.map((id) => (
            <option key={id} value={id}>
              {nameOf(id)}
            </option>
          ))}
        </select>
        <select aria-label="Tag" onChange={(e) => set({ tag: e.currentTarget.value || undefined })}>
          <option value="">Any tag</option>
          {tags.map((t) => (
            <option key={t} value={t}>
              #{t}
            </option>
          ))}
        </select>
        <select aria-label="Site" onChange={(e) => set({ site: e.currentTarget.value || undefined })}>
          <option value="">Any site</option>
          {sites.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <select
          aria-label="Date"
          onChange={(e) =>
            set({
              since: e.currentTarget.value ? Date.now() - Number(e.currentTarget.value) * DAY : undefined,
            })
          }
        >
          <option value="">Any time</option>
          <option value="7">Past week</option>
          <option value="30">Past month</option>
          <option value="365">Past year</option>
        </select>
        <select
          aria-label="Sort"
          onChange={(e) => set({ sort: e.currentTarget.value as NoteFilters['sort'] })}
        >
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
          <option value="site">By site</option>
        </select>
      </div>
    );
  }, [linked, tags, sites, nameOf]);
  const more = () => setGrown({ query: found.query, filters: found.filters, limit: limit + MORE });
  const items = useMemo(
    () =>
      shown
        .slice(0, limit)
        .map((note) => (
          <NoteItem
            device={device}
            key={note.id}
            note={note}
            nameOf={nameOf}
            onOpenEntity={onOpenEntity}
            onDeleted={onDeleted}
          />
        )),
    [shown, limit, device, nameOf, onOpenEntity, onDeleted],
  );

  const importFile = async (file: File) => {
    // Checked before reading: a huge file is never loaded into the panel's memory.
    if (file.size > MAX_IMPORT_BYTES) {
      setMessage(`Nothing imported. The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`);
      return;
    }
    const answer = await send('notes:import', { text: await file.text() });
    setMessage(
      answer.ok
        ? `Imported: ${answer.value.added} added, ${answer.value.updated} updated, ${answer.value.skipped} already here.`
        : `Nothing imported. ${answer.error}`,
    );
  };

  return (
    <section class="notes-view" data-testid="notes-view">
      <label class="search">
        <span>Search your notes and the knowledge base, in any language</span>
        <input
          type="search"
          data-testid="search"
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
          placeholder="Zangezur, Сюник, Սյունիք…"
        />
      </label>
      {filterBar}
      {query && (entities ?? []).length > 0 && (
        <ul class="results" data-testid="entity-results">
          {(entities ?? []).map((e) => (
            <li key={e.id} data-entity-id={e.id}>
              <button type="button" class="result" onClick={() => onOpenEntity(e.id)}>
                <strong>{nameIn(e)}</strong> <span class="type">{e.type}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <p class="muted" data-testid="note-count">
        {shown.length} of {notes?.length ?? 0} notes
      </p>
      <ul class="note-list" data-testid="notes">
        {items}
      </ul>
      {shown.length > limit && <ShowMore count={Math.min(MORE, shown.length - limit)} onMore={more} />}
      <div class="row">
        <button
          type="button"
          data-testid="export-json"
          onClick={() =>
            download(
              'caucasus-lens-notes.jsonld',
              JSON.stringify(toAnnotationCollection(shown, 'Caucasus Lens notes'), null, 2),
              'application/ld+json',
            )
          }
        >
          Export JSON
        </button>
        <button
          type="button"
          data-testid="export-markdown"
          onClick={() =>
            download(
              'caucasus-lens-notes.md',
              toMarkdown(shown, { title: 'Caucasus Lens notes', nameOf }),
              'text/markdown',
            )
          }
        >
          Export Markdown
        </button>
        <label class="import">
          Import…
          <input
            type="file"
            data-testid="import"
            accept=".json,.jsonld,application/json,application/ld+json"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) void importFile(file);
              e.currentTarget.value = '';
            }}
          />
        </label>
      </div>
      {message && (
        <p role="status" data-testid="import-result">
          {message}
        </p>
      )}
    </section>
  );
}

/** "Show N more", pressed by the reader or by scrolling near it. */
function ShowMore({ count, onMore }: { count: number; onMore: () => void }) {
  const button = useRef<HTMLButtonElement>(null);
  const latest = useRef(onMore);
  latest.current = onMore;
  useEffect(() => {
    const target = button.current;
    if (!target || typeof IntersectionObserver === 'undefined') return;
    const seen = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) latest.current();
      },
      { rootMargin: '400px' },
    );
    seen.observe(target);
    return () => seen.disconnect();
  }, []);
  return (
    <button type="button" class="link" ref={button} data-testid="show-more" onClick={() => latest.current()}>
      Show {count} more
    </button>
  );
}
