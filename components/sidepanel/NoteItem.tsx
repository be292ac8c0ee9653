import { useState } from 'preact/hooks';
import type { NoteRow } from '../../lib/db/database.ts';
import { send } from '../../lib/messaging.ts';
import { NoteBody } from '../NoteBody.tsx';

/** One note: its passage, body, entities and page; edit in place; delete with undo. */
export function NoteItem({
  note,
  nameOf,
  onOpenEntity,
  orphan = false,
  onChanged,
  onDeleted,
}: {
  note: NoteRow;
  nameOf: (id: string) => string;
  onOpenEntity: (id: string) => void;
  orphan?: boolean;
  /** After an edit or deletion (the page may have to find its passages again). */
  onChanged?: () => void;
  onDeleted: (id: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(note.body);
  const [error, setError] = useState<string | null>(null);

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
              onClick={async () => {
                if (await run(send('notes:update', { id: note.id, body: draft }))) setEditing(false);
              }}
            >
              Save
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <NoteBody body={note.body} />
      )}
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
      </ul>
      <p class="muted meta">
        {new Date(note.updatedAt).toLocaleString()}
        {note.url && (
          <>
            {' · '}
            <a href={note.url} target="_blank" rel="noopener noreferrer">
              {note.title ?? note.url}
            </a>
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
