import { Component } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { NoteRow } from '../../lib/db/database.ts';
import { getDb } from '../../lib/db/database.ts';
import { lookup } from '../../lib/db/kb-store.ts';
import { nameIn } from '../../lib/kb/entity-card.ts';
import { send } from '../../lib/messaging.ts';
import { NoteBody } from '../NoteBody.tsx';
import { useLiveQuery } from '../use-live-query.ts';
import { SaveError } from './SaveError.tsx';
import { useSave } from './use-save.ts';

/**
 * The page scrolled to the passage: a text fragment (`#:~:text=start,end`), which Chrome and Firefox
 * follow; long quotes are named by their first and last words.
 */
export function passageLink(url: string, exact: string): string {
  const words = exact.trim().split(/\s+/);
  const enc = (s: string) => encodeURIComponent(s).replace(/-/g, '%2D');
  const fragment =
    words.length <= 8
      ? enc(words.join(' '))
      : `${enc(words.slice(0, 4).join(' '))},${enc(words.slice(-4).join(' '))}`;
  return `${url.split('#')[0]}#:~:text=${fragment}`;
}

/**
 * Whether a note's page address may be a link. Notes written here have http(s) or file pages, but a
 * synced or imported note may carry anything (javascript:, data:): those are shown as text.
 */
export function pageHref(url: string): boolean {
  return /^(https?|file):/i.test(url);
}

type NoteItemProps = Parameters<typeof NoteItemView>[0];

/**
 * One note: its passage, body, entities and page; edit in place; delete with undo. Rendered again
 * only when a prop changes (a new version of the note is a new row object), so a list that re-renders
 * on each keystroke of a search leaves the notes it keeps alone.
 */
export class NoteItem extends Component<NoteItemProps> {
  override shouldComponentUpdate(next: NoteItemProps): boolean {
    const now = this.props as Record<string, unknown>;
    const then = next as Record<string, unknown>;
    const keys = new Set([...Object.keys(now), ...Object.keys(then)]);
    for (const key of keys) if (key !== 'children' && now[key] !== then[key]) return true;
    return false;
  }
  override render(props: NoteItemProps) {
    return <NoteItemView {...props} />;
  }
}

/** Dates as toLocaleString() writes them, with one formatter for every note. */
const dateTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

function NoteItemView({
  note,
  nameOf,
  onOpenEntity,
  orphan = false,
  onChanged,
  onDeleted,
  device,
}: {
  note: NoteRow;
  nameOf: (id: string) => string;
  onOpenEntity: (id: string) => void;
  orphan?: boolean;
  /** After an edit or deletion (the page may have to find its passages again). */
  onChanged?: () => void;
  onDeleted: (id: string) => void;
  /** This device's id (from useDeviceId in the list's owner), to tell notes from elsewhere. */
  device: string | null;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(note.body);
  const [error, setError] = useState<string | null>(null);

  // An edit is saved as a new note is: kept and retried while storage is full (use-save.ts).
  const edit = useSave(async () => {
    if (!editing || !draft.trim()) return null;
    const answer = await send('notes:update', { id: note.id, body: draft });
    if (answer.ok) {
      setEditing(false);
      onChanged?.();
    }
    return answer;
  });

  const run = async (work: Promise<{ ok: boolean; error?: string }>) => {
    const answer = await work;
    setError(answer.ok ? null : (answer.error ?? 'failed'));
    if (answer.ok) onChanged?.();
    return answer.ok;
  };

  return (
    <li class={`note ${orphan ? 'orphan' : ''}`} data-note-id={note.id} data-kind={note.kind}>
      {note.target && (
        <blockquote class="quote" dir="auto">
          {note.target.quote.exact}
        </blockquote>
      )}
      {orphan && <p class="warning">Not found on this page any more: the passage changed or was removed.</p>}
      {editing ? (
        <div class="composer">
          <textarea
            data-testid="edit-note"
            rows={3}
            value={draft}
            onInput={(e) => setDraft(e.currentTarget.value)}
          />
          <div class="row">
            <button
              type="button"
              data-testid="save-edit"
              disabled={!draft.trim()}
              onClick={() => void edit.save()}
            >
              Save
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
          <SaveError error={edit.error} waiting={edit.waiting} retry={edit.save} />
        </div>
      ) : (
        <NoteBody body={note.body} />
      )}
      {note.conflicts?.length ? (
        <fieldset class="conflict" data-testid="conflict">
          <legend class="warning">Edited on two devices at the same time. The other version:</legend>
          {note.conflicts.map((other) => (
            <div key={other.hlc}>
              <NoteBody body={other.data.body} />
              <button
                type="button"
                class="link"
                onClick={() =>
                  void run(send('notes:resolve', { id: note.id, keep: other.hlc, alsoAsNote: false }))
                }
              >
                Keep this version instead
              </button>
            </div>
          ))}
          <div class="row">
            <button
              type="button"
              data-testid="keep-shown"
              onClick={() =>
                void run(send('notes:resolve', { id: note.id, keep: note.hlc, alsoAsNote: false }))
              }
            >
              Keep the version above
            </button>
            <button
              type="button"
              data-testid="keep-both"
              onClick={() =>
                void run(send('notes:resolve', { id: note.id, keep: note.hlc, alsoAsNote: true }))
              }
            >
              Keep both, as two notes
            </button>
          </div>
        </fieldset>
      ) : null}
      <ul class="chips">
        {note.entityIds.map((id) => (
          <li key={id}>
            <button type="button" class="chip" data-target={id} onClick={() => onOpenEntity(id)}>
              {nameOf(id)}
            </button>
            <button
              type="button"
              class="unlink"
              title={`Unlink ${nameOf(id)}`}
              aria-label={`Unlink ${nameOf(id)}`}
              onClick={() =>
                void run(
                  send('notes:update', { id: note.id, entityIds: note.entityIds.filter((e) => e !== id) }),
                )
              }
            >
              ×
            </button>
          </li>
        ))}
        <li>
          <LinkEntity
            onPick={(id) =>
              void run(send('notes:update', { id: note.id, entityIds: [...note.entityIds, id] }))
            }
          />
        </li>
      </ul>
      <p class="muted meta">
        {note.updatedAt - note.createdAt > 60_000 && `written ${dateTime.format(note.createdAt)}, edited `}
        {dateTime.format(note.updatedAt)}
        {device && note.device !== device && ' · from another device'}
        {note.url && (
          <>
            {' · '}
            {pageHref(note.url) ? (
              <a
                href={note.target ? passageLink(note.url, note.target.quote.exact) : note.url}
                target="_blank"
                rel="noopener noreferrer"
              >
                <bdi>{note.title ?? note.url}</bdi>
              </a>
            ) : (
              <bdi>{note.title ?? note.url}</bdi>
            )}
          </>
        )}
        {' · '}
        <button type="button" class="link" data-testid="edit" onClick={() => setEditing(true)}>
          Edit
        </button>
        {' · '}
        <button
          type="button"
          class="link"
          data-testid="delete"
          onClick={async () => {
            if (await run(send('notes:delete', { id: note.id, deleted: true }))) onDeleted(note.id);
          }}
        >
          Delete
        </button>
      </p>
      {error && <p class="error">{error}</p>}
    </li>
  );
}

/** The last deleted note, with a way back, until the next deletion or a few seconds pass. */
export function UndoBar({ id, onDone }: { id: string; onDone: () => void }) {
  return (
    <div class="undo" role="status">
      Note deleted.{' '}
      <button
        type="button"
        data-testid="undo-delete"
        onClick={async () => {
          await send('notes:delete', { id, deleted: false });
          onDone();
        }}
      >
        Undo
      </button>
    </div>
  );
}

/** This install's device id (the background stamps it on every note it writes); read once. */
let deviceRead: Promise<string | null> | undefined;
export function useDeviceId(): string | null {
  const [device, setDevice] = useState<string | null>(null);
  useEffect(() => {
    deviceRead ??= browser.storage.local
      .get('device')
      .then((stored) => (typeof stored.device === 'string' ? stored.device : null));
    void deviceRead.then(setDevice);
  }, []);
  return device;
}

/** Links a note to another entity, looked up by any of its names. */
function LinkEntity({ onPick }: { onPick: (id: string) => void }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" class="link" data-testid="link-entity" onClick={() => setOpen(true)}>
        + entity
      </button>
    );
  }
  return (
    <EntityPicker
      onPick={(id) => {
        onPick(id);
        setOpen(false);
      }}
    />
  );
}

/** The look-up itself, mounted only while open: a list of notes keeps no queries running. */
function EntityPicker({ onPick }: { onPick: (id: string) => void }) {
  const [query, setQuery] = useState('');
  const found = useLiveQuery(() => lookup(getDb(), query, 5), [query]);
  return (
    <span class="link-entity">
      <input
        type="search"
        data-testid="link-entity-query"
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
        placeholder="Name, any language"
      />
      {(query ? (found ?? []) : []).map((row) => (
        <button type="button" class="chip" key={row.id} data-pick={row.id} onClick={() => onPick(row.id)}>
          {nameIn(row)}
        </button>
      ))}
    </span>
  );
}
