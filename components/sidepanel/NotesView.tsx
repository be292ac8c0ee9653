import { useMemo, useState } from 'preact/hooks';
import { getDb } from '../../lib/db/database.ts';
import { lookup } from '../../lib/db/kb-store.ts';
import { allNotes } from '../../lib/db/notes-store.ts';
import { nameIn } from '../../lib/kb/entity-card.ts';
import { send } from '../../lib/messaging.ts';
import { MAX_IMPORT_BYTES, toAnnotationCollection, toMarkdown } from '../../lib/notes/interchange.ts';
import { type NoteFilters, searchNotes, siteOf } from '../../lib/notes/search.ts';
import { useLiveQuery } from '../use-live-query.ts';
import { download } from './download.ts';
import { NoteItem, useDeviceId } from './NoteItem.tsx';

const DAY = 24 * 60 * 60 * 1000;
/** Notes rendered at a time: a long list grows on demand. */
const PAGE_SIZE = 25;

/** All notes: search over notes and the knowledge base together, filters, sort, export and import. */
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
  const [limit, setLimit] = useState(PAGE_SIZE);
  const notes = useLiveQuery(() => allNotes(getDb()), []);
  const entities = useLiveQuery(() => lookup(getDb(), query, 8), [query]);
  const shown = useMemo(() => searchNotes(notes ?? [], query, filters), [notes, query, filters]);
  const tags = useMemo(() => [...new Set((notes ?? []).flatMap((n) => n.tags))].sort(), [notes]);
  const sites = useMemo(
    () => [...new Set((notes ?? []).map(siteOf).filter((s): s is string => Boolean(s)))].sort(),
    [notes],
  );
  const linked = useMemo(() => [...new Set((notes ?? []).flatMap((n) => n.entityIds))], [notes]);
  const set = (patch: NoteFilters) => setFilters({ ...filters, ...patch });

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
        {shown.slice(0, limit).map((note) => (
          <NoteItem
            device={device}
            key={note.id}
            note={note}
            nameOf={nameOf}
            onOpenEntity={onOpenEntity}
            onDeleted={onDeleted}
          />
        ))}
      </ul>
      {shown.length > limit && (
        <button type="button" class="link" onClick={() => setLimit(limit + PAGE_SIZE)}>
          Show {Math.min(PAGE_SIZE, shown.length - limit)} more
        </button>
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
