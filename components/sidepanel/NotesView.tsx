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
 * Of those, rendered before a new search's first paint: more than a side panel shows (a note is
 * 120-400 px high); the rest follow once that frame is painted. panel.css lays these out eagerly.
 */
const FIRST_PAINT = 5;

/**
 * All notes: search over notes and the knowledge base together, filters, sort, export and import.
 *
 * A keystroke in the search box costs the panel's main thread the rendering of what it shows, not the
 * search (a worker's: use-note-search.ts): the first FIRST_PAINT results before the frame that shows
 * them, the rest of the first FIRST after it. The filter menus and the rows that stay are not rendered
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
  // The answer last painted (Preact runs effects after the paint). A new search (another query or
  // filters) renders FIRST_PAINT results until its first frame is painted; new notes for the same
  // search keep the rows the reader may have scrolled to.
  const [painted, setPainted] = useState<typeof found | null>(null);
  useEffect(() => setPainted(found), [found]);
  const fresh = painted !== found && (painted?.query !== found.query || painted.filters !== found.filters);
  const count = fresh ? Math.min(limit, FIRST_PAINT) : limit;
  const tags = useMemo(() => [...new Set((notes ?? []).flatMap((n) => n.tags))].sort(), [notes]);
  const sites = useMemo(
    () => [...new Set((notes ?? []).map(siteOf).filter((s): s is string => Boolean(s)))].sort(),
    [notes],
  );
  const linked = useMemo(() => [...new Set((notes ?? []).flatMap((n) => n.entityIds))], [notes]);
  // The menus list every linked entity, tag and site: a memoized component, so that the renders of a
  // keystroke skip it (Preact diffs a memoized element again, but not a memoized component).
  const filterBar = useMemo(
    () => <FilterBar linked={linked} tags={tags} sites={sites} nameOf={nameOf} onChange={setFilters} />,
    [linked, tags, sites, nameOf],
  );
  const more = () => setGrown({ query: found.query, filters: found.filters, limit: limit + MORE });
  const items = useMemo(
    () =>
      shown
        .slice(0, count)
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
    [shown, count, device, nameOf, onOpenEntity, onDeleted],
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
      <p class="muted" data-testid="note-count" data-query={found.query}>
        {shown.length} of {notes?.length ?? 0} notes
      </p>
      <ul class="note-list" data-testid="notes">
        {items}
      </ul>
      {shown.length > limit && (
        <ShowMore count={Math.min(MORE, shown.length - limit)} onMore={more} observe={count === limit} />
      )}
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

/** The filter and sort menus. Each change makes a new filters object (which restarts the search). */
function FilterBar({
  linked,
  tags,
  sites,
  nameOf,
  onChange,
}: {
  linked: string[];
  tags: string[];
  sites: string[];
  nameOf: (id: string) => string;
  onChange: (update: (current: NoteFilters) => NoteFilters) => void;
}) {
  const set = (patch: NoteFilters) => onChange((current) => ({ ...current, ...patch }));
  return (
    <div class="filters">
      <Menu
        label="Entity"
        any="Any entity"
        options={linked.map((id) => [id, nameOf(id)])}
        onPick={(id) => set({ entityId: id || undefined })}
      />
      <Menu
        label="Tag"
        any="Any tag"
        options={tags.map((t) => [t, `#${t}`])}
        onPick={(tag) => set({ tag: tag || undefined })}
      />
      <Menu
        label="Site"
        any="Any site"
        options={sites.map((s) => [s, s])}
        onPick={(site) => set({ site: site || undefined })}
      />
      <Menu
        label="Date"
        any="Any time"
        options={[
          ['7', 'Past week'],
          ['30', 'Past month'],
          ['365', 'Past year'],
        ]}
        onPick={(days) => set({ since: days ? Date.now() - Number(days) * DAY : undefined })}
      />
      <select aria-label="Sort" onChange={(e) => set({ sort: e.currentTarget.value as NoteFilters['sort'] })}>
        <option value="newest">Newest first</option>
        <option value="oldest">Oldest first</option>
        <option value="site">By site</option>
      </select>
    </div>
  );
}

/** A menu of values (value, text), after "any" (the empty value). */
function Menu({
  label,
  any,
  options,
  onPick,
}: {
  label: string;
  any: string;
  options: [value: string, text: string][];
  onPick: (value: string) => void;
}) {
  return (
    <select aria-label={label} onChange={(e) => onPick(e.currentTarget.value)}>
      <option value="">{any}</option>
      {options.map(([value, text]) => (
        <option key={value} value={value}>
          {text}
        </option>
      ))}
    </select>
  );
}

/**
 * "Show N more", pressed by the reader or by scrolling near it once `observe` (not while the first
 * page of results is only partly rendered, when the button stands close to the top).
 */
function ShowMore({ count, onMore, observe }: { count: number; onMore: () => void; observe: boolean }) {
  const button = useRef<HTMLButtonElement>(null);
  const latest = useRef(onMore);
  latest.current = onMore;
  useEffect(() => {
    const target = button.current;
    if (!observe || !target || typeof IntersectionObserver === 'undefined') return;
    const seen = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) latest.current();
      },
      { rootMargin: '400px' },
    );
    seen.observe(target);
    return () => seen.disconnect();
  }, [observe]);
  return (
    <button type="button" class="link" ref={button} data-testid="show-more" onClick={() => latest.current()}>
      Show {count} more
    </button>
  );
}
