import { useEffect, useRef, useState } from 'preact/hooks';
import { getDb } from '../../lib/db/database.ts';
import { notesForEntity } from '../../lib/db/notes-store.ts';
import { nameIn, RELATION_LABELS } from '../../lib/kb/entity-card.ts';
import { send } from '../../lib/messaging.ts';
import { toAnnotationCollection, toMarkdown } from '../../lib/notes/interchange.ts';
import { NamingNote } from '../NamingNote.tsx';
import { useLiveQuery } from '../use-live-query.ts';
import { download } from './download.ts';
import { NoteItem, useDeviceId } from './NoteItem.tsx';
import { SaveError } from './SaveError.tsx';
import { useSave } from './use-save.ts';

/**
 * One entity in full: summary, naming note, every fact with its source and date, relations to
 * follow, timeline, sources; and the reader's notes on it from every page, with a composer.
 */
export function EntityView({
  id,
  compose,
  onOpen,
  onBack,
  nameOf,
  onDeleted,
}: {
  id: string;
  compose: boolean;
  onOpen: (id: string) => void;
  onBack: () => void;
  nameOf: (id: string) => string;
  onDeleted: (id: string) => void;
}) {
  const device = useDeviceId();
  const entity = useLiveQuery(() => getDb().entities.get(id), [id]);
  const targets = useLiveQuery(
    async () => (entity ? await getDb().entities.bulkGet(entity.targets) : []),
    [entity],
  );
  const notes = useLiveQuery(() => notesForEntity(getDb(), id), [id]);
  const [draft, setDraft] = useState('');
  const composer = useRef<HTMLTextAreaElement>(null);

  const { error, waiting, save } = useSave(async () => {
    const body = draft.trim();
    if (!body) return null;
    const answer = await send('notes:add-entity', { entityId: id, body });
    if (answer.ok) setDraft('');
    return answer;
  });

  const loaded = Boolean(entity);
  useEffect(() => {
    if (compose && loaded) composer.current?.focus();
  }, [compose, id, loaded]);

  if (entity === undefined) return <p class="muted">Loading…</p>;
  if (!entity) return <p class="muted">This entity is not in the knowledge base.</p>;
  const targetNames = new Map((targets ?? []).flatMap((t) => (t ? [[t.id, nameIn(t)] as const] : [])));

  return (
    <article class="entity" data-entity-id={entity.id}>
      <button type="button" class="back" onClick={onBack}>
        ← Back
      </button>
      <h2>{nameIn(entity)}</h2>
      <p class="type">
        {entity.type} · {entity.subtype}
      </p>
      <p>{entity.summary}</p>
      {entity.naming && <NamingNote naming={entity.naming} />}
      {(entity.facts ?? []).length > 0 && (
        <section>
          <h3>Key facts</h3>
          <dl class="facts">
            {(entity.facts ?? []).map((f) => (
              <div key={f.label}>
                <dt>{f.label}</dt>
                <dd>
                  {f.value}{' '}
                  <a href={f.source} target="_blank" rel="noopener noreferrer">
                    source
                  </a>
                  , as of {f.asOf}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      {(entity.relations ?? []).length > 0 && (
        <section>
          <h3>Relations</h3>
          <ul class="chips">
            {(entity.relations ?? []).map((r) => (
              <li key={`${r.type}-${r.target}-${r.from ?? ''}`}>
                <button type="button" class="chip" data-target={r.target} onClick={() => onOpen(r.target)}>
                  <span class="muted">{r.role ?? RELATION_LABELS[r.type]}</span>{' '}
                  {targetNames.get(r.target) ?? r.target}
                  {(r.from || r.to) && (
                    <span class="muted">
                      {' '}
                      ({r.from ?? '…'}–{r.to ?? ''})
                    </span>
                  )}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {(entity.timeline ?? []).length > 0 && (
        <section>
          <h3>Timeline</h3>
          <ol class="timeline">
            {(entity.timeline ?? []).map((t) => (
              <li key={`${t.date}-${t.text}`}>
                <time>{t.date}</time> {t.text}{' '}
                <a href={t.source} target="_blank" rel="noopener noreferrer">
                  source
                </a>
              </li>
            ))}
          </ol>
        </section>
      )}
      <p class="muted">
        As of {entity.asOf}. Sources:{' '}
        {entity.sources.map((s, i) => (
          <span key={s}>
            {i > 0 && ', '}
            <a href={s} target="_blank" rel="noopener noreferrer">
              {new URL(s).hostname.replace(/^www\./, '')}
            </a>
          </span>
        ))}
      </p>
      <section class="notes" data-testid="entity-notes">
        <h3>Your notes ({notes?.length ?? 0})</h3>
        <label class="composer">
          <span>New note on {nameIn(entity)}</span>
          <textarea
            ref={composer}
            data-testid="composer"
            rows={3}
            value={draft}
            onInput={(e) => setDraft(e.currentTarget.value)}
            placeholder="What you learnt, with #tags"
          />
        </label>
        <button type="button" data-testid="save-note" onClick={() => void save()} disabled={!draft.trim()}>
          Save note
        </button>
        <SaveError error={error} waiting={waiting} retry={save} />
        <ul class="note-list">
          {(notes ?? []).map((n) => (
            <NoteItem
              device={device}
              key={n.id}
              note={n}
              nameOf={nameOf}
              onOpenEntity={onOpen}
              onDeleted={onDeleted}
            />
          ))}
        </ul>
        <div class="row">
          <button
            type="button"
            data-testid="dossier-json"
            onClick={() =>
              download(
                `${entity.id}-dossier.jsonld`,
                JSON.stringify(toAnnotationCollection(notes ?? [], `Dossier: ${nameIn(entity)}`), null, 2),
                'application/ld+json',
              )
            }
          >
            Dossier as JSON
          </button>
          <button
            type="button"
            data-testid="dossier-markdown"
            onClick={() =>
              download(
                `${entity.id}-dossier.md`,
                toMarkdown(notes ?? [], { title: nameIn(entity), entity, nameOf }),
                'text/markdown',
              )
            }
          >
            Dossier as Markdown
          </button>
        </div>
      </section>
    </article>
  );
}
