import { useState } from 'preact/hooks';
import type { CardNotes, EntityCard, NoteView } from '../../lib/protocol.ts';
import { NamingNote } from '../NamingNote.tsx';
import { NoteBody } from '../NoteBody.tsx';

const TYPE_LABELS: Record<EntityCard['type'], string> = {
  state: 'State',
  organization: 'Organization',
  person: 'Person',
  place: 'Place',
  corridor: 'Corridor',
  company: 'Company',
  event: 'Event',
};

export interface CardActions {
  /** Opens an entity (this one or a relation's) in the side panel. */
  openInPanel(entityId: string): void;
  addNote(entityId: string): void;
  mute(entityId: string, muted: boolean): void;
  notHere(entityId: string, dismissed: boolean): void;
  /** Opens the side panel on this page's notes. */
  openNotes(): void;
  close(): void;
}

/** The two ways to stop a mark: everywhere (mute) or on this site (a false mark). */
const DISMISSALS = [
  {
    action: 'mute',
    call: 'mute',
    done: 'muted',
    label: 'Mute',
    title: 'Stop marking this entity on every site',
  },
  {
    action: 'not-here',
    call: 'notHere',
    done: 'dismissed',
    label: 'Not this entity here',
    title: 'This mark is wrong: stop marking this entity on this site',
  },
] as const;

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
};

/**
 * The card shown over a mention. Everything is text rendered by Preact, never HTML: knowledge-base
 * strings and the reader's notes cannot inject markup. Links are https sources, opened in a new tab.
 */
export function HoverCard({
  entity,
  notes,
  actions,
}: {
  entity: EntityCard;
  notes: CardNotes | null;
  actions: CardActions;
}) {
  const [done, setDone] = useState<'muted' | 'dismissed' | null>(null);
  const titleId = `lens-card-title-${entity.id}`;
  const elsewhere = notes ? notes.total - notes.onPage : 0;

  return (
    <div class="card" role="dialog" aria-labelledby={titleId} tabIndex={-1} data-entity-id={entity.id}>
      <header>
        <strong class="name" id={titleId}>
          {entity.name}
        </strong>
        {entity.englishName && <span class="english">{entity.englishName}</span>}
        <span class="type">
          {TYPE_LABELS[entity.type]} · {entity.subtype}
        </span>
      </header>
      <p class="summary">{entity.summary}</p>
      {entity.naming && <NamingNote naming={entity.naming} />}
      {entity.facts.length > 0 && (
        <dl class="facts">
          {entity.facts.map((fact) => (
            <div key={fact.label}>
              <dt>{fact.label}</dt>
              <dd>
                {fact.value}{' '}
                <a href={fact.source} target="_blank" rel="noopener noreferrer" title={`as of ${fact.asOf}`}>
                  [{hostOf(fact.source)}]
                </a>
              </dd>
            </div>
          ))}
        </dl>
      )}
      {entity.relations.length > 0 && (
        <ul class="chips" aria-label="Related">
          {entity.relations.map((r) => (
            <li key={r.targetId}>
              <button
                type="button"
                class="chip"
                data-target={r.targetId}
                title={`Open ${r.targetName} in the side panel`}
                onClick={() => actions.openInPanel(r.targetId)}
              >
                <span class="rel">{r.label}</span> {r.targetName}
              </button>
            </li>
          ))}
        </ul>
      )}
      {notes && notes.total > 0 && (
        <section class="notes" aria-label="Your notes" data-notes={notes.total}>
          {notes.latest && (
            // dir=auto: a right-to-left note reads as written; the block keeps its overrides in.
            <blockquote class="latest" dir="auto">
              {notes.latest.body}
            </blockquote>
          )}
          <p>
            {notes.onPage > 0 && `${notes.onPage} ${notes.onPage === 1 ? 'note' : 'notes'} on this page`}
            {notes.onPage > 0 && elsewhere > 0 && ' · '}
            {elsewhere > 0 && `${elsewhere} elsewhere, in the side panel`}
          </p>
        </section>
      )}
      <footer>
        <span>As of {entity.asOf}</span>
        {entity.sources.slice(0, 3).map((source) => (
          <a key={source} href={source} target="_blank" rel="noopener noreferrer">
            {hostOf(source)}
          </a>
        ))}
      </footer>
      {done ? (
        // In place of the actions, so the card keeps its size under the pointer and Undo is in reach.
        <div class="actions" role="status">
          <span class="done">
            {done === 'muted' ? 'No longer marked anywhere.' : 'No longer marked on this site.'}
          </span>
          <button
            type="button"
            data-action="undo"
            onClick={() => {
              if (done === 'muted') actions.mute(entity.id, false);
              else actions.notHere(entity.id, false);
              setDone(null);
            }}
          >
            Undo
          </button>
          <button type="button" data-action="close" onClick={actions.close}>
            Close
          </button>
        </div>
      ) : (
        <div class="actions">
          <button type="button" data-action="add-note" onClick={() => actions.addNote(entity.id)}>
            Add note
          </button>
          <button type="button" data-action="open-panel" onClick={() => actions.openInPanel(entity.id)}>
            Open in side panel
          </button>
          {DISMISSALS.map((d) => (
            <button
              key={d.action}
              type="button"
              data-action={d.action}
              title={d.title}
              onClick={() => {
                actions[d.call](entity.id, true);
                setDone(d.done);
              }}
            >
              {d.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/** The card over a passage the reader annotated: the note, rendered safely, and a way to the panel. */
export function NoteCard({ note, actions }: { note: NoteView; actions: CardActions }) {
  const titleId = `lens-note-${note.id}`;
  return (
    <div class="card" role="dialog" aria-labelledby={titleId} tabIndex={-1} data-note-id={note.id}>
      <header>
        <strong class="name" id={titleId}>
          Your note
        </strong>
        <span class="type">{new Date(note.updatedAt).toLocaleDateString()}</span>
      </header>
      <NoteBody body={note.body} />
      <div class="actions">
        <button type="button" data-action="open-notes" onClick={actions.openNotes}>
          Open in side panel
        </button>
      </div>
    </div>
  );
}
