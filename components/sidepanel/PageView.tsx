import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { getDb } from '../../lib/db/database.ts';
import { notesForPage } from '../../lib/db/notes-store.ts';
import { ENTITY_TYPES } from '../../lib/kb/schema.ts';
import { send } from '../../lib/messaging.ts';
import { canonicalUrl } from '../../lib/notes/page-url.ts';
import type { PanelRequestRecord } from '../../lib/panel-request.ts';
import type { ContentResults } from '../../lib/protocol.ts';
import { sendToTab } from '../../lib/tab-messaging.ts';
import { TYPE_PLURALS } from '../type-labels.ts';
import { useLiveQuery } from '../use-live-query.ts';
import { NoteItem, useDeviceId } from './NoteItem.tsx';
import { SaveError } from './SaveError.tsx';
import { useSave } from './use-save.ts';

type Summary = ContentResults['page:summary'];

/**
 * The tab the panel acts on: the active tab of this window, followed as the reader switches and
 * navigates; `?tab=ID` pins one (the real-browser tests open the panel as a page).
 */
function useActiveTab(): number | undefined {
  const [tabId, setTabId] = useState<number | undefined>(undefined);
  useEffect(() => {
    const pinned = Number(new URLSearchParams(location.search).get('tab'));
    if (pinned) {
      setTabId(pinned);
      return;
    }
    const update = () =>
      void browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => setTabId(tab?.id));
    update();
    browser.tabs.onActivated.addListener(update);
    return () => browser.tabs.onActivated.removeListener(update);
  }, []);
  return tabId;
}

/** This page: its entities by type with counts (click: go to the next mention), and its notes. */
export function PageView({
  passage,
  nameOf,
  onOpenEntity,
  onDeleted,
}: {
  passage: PanelRequestRecord['passage'] | null;
  nameOf: (id: string) => string;
  onOpenEntity: (id: string) => void;
  onDeleted: (id: string) => void;
}) {
  const device = useDeviceId();
  const tabId = useActiveTab();
  const [summary, setSummary] = useState<Summary | null | undefined>(undefined);
  const [draft, setDraft] = useState('');
  const [writingPassage, setWritingPassage] = useState(passage);
  const composer = useRef<HTMLTextAreaElement>(null);
  useEffect(() => setWritingPassage(passage), [passage]);
  // A passage to write on: the composer takes focus as soon as it is there.
  useEffect(() => {
    if (writingPassage) composer.current?.focus();
  }, [writingPassage, summary === undefined]);

  const refresh = async () => {
    if (tabId === undefined) return;
    const answer = await sendToTab(tabId, 'page:summary', {});
    setSummary(answer.ok ? answer.value : null);
  };
  useEffect(() => {
    void refresh();
    const onUpdated = (id: number, change: { status?: string }) => {
      if (id === tabId && change.status === 'complete') setTimeout(() => void refresh(), 300);
    };
    browser.tabs.onUpdated.addListener(onUpdated);
    return () => browser.tabs.onUpdated.removeListener(onUpdated);
  }, [tabId]);

  const url = summary ? canonicalUrl(summary.url) : null;
  const notes = useLiveQuery(async () => (url ? notesForPage(getDb(), url) : []), [url]);
  const pageChanged = async () => {
    if (tabId !== undefined) await sendToTab(tabId, 'page:notes-changed', {});
    await refresh();
  };

  const { error, waiting, save } = useSave(async () => {
    const body = draft.trim();
    if (!body || !summary) return null;
    const passageHere = writingPassage && writingPassage.url === url ? writingPassage : null;
    const answer = await send('notes:add', {
      kind: passageHere ? 'passage' : 'page',
      entityIds: [],
      body,
      url: passageHere?.url ?? summary.url,
      title: summary.title.slice(0, 2000),
      ...(summary.canonical ? { canonical: summary.canonical } : {}),
      ...(passageHere ? { target: passageHere.target } : {}),
    });
    if (!answer.ok) return answer;
    setDraft('');
    setWritingPassage(null);
    await pageChanged();
    return answer;
  });

  if (summary === undefined) return <p class="muted">Reading the page…</p>;
  if (summary === null) {
    return <p class="muted">Caucasus Lens does not run on this page (a browser page, or reload it).</p>;
  }
  const orphaned = new Set(summary.orphaned);
  return (
    <section class="page-view" data-testid="page-view">
      <h2 class="page-title">{summary.title || summary.url}</h2>
      {ENTITY_TYPES.map((type) => {
        const entities = summary.entities.filter((e) => e.type === type);
        if (!entities.length) return null;
        return (
          <div key={type} class="group">
            <h3>{TYPE_PLURALS[type]}</h3>
            <ul class="chips">
              {entities.map((e) => (
                <li key={e.id}>
                  <button
                    type="button"
                    class="chip"
                    data-entity={e.id}
                    title="Go to its next mention on the page"
                    onClick={() =>
                      tabId !== undefined &&
                      void sendToTab(tabId, 'page:step', { direction: 'next', entityId: e.id })
                    }
                  >
                    {nameOf(e.id)} <span class="muted">{e.count}</span>
                  </button>{' '}
                  <button
                    type="button"
                    class="link"
                    onClick={() => onOpenEntity(e.id)}
                    aria-label={`About ${nameOf(e.id)}`}
                  >
                    ⓘ
                  </button>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      {!summary.entities.length && (
        <p class="muted">Nothing from the knowledge base is named on this page.</p>
      )}
      <h3>Notes on this page ({notes?.length ?? 0})</h3>
      <label class="composer">
        <span>
          {writingPassage && writingPassage.url === url ? 'Note on the passage' : 'Note on this page'}
        </span>
        {writingPassage && writingPassage.url === url && (
          <blockquote class="quote" data-testid="passage-quote" dir="auto">
            {writingPassage.target.quote.exact}
          </blockquote>
        )}
        <textarea
          data-testid="page-composer"
          rows={3}
          value={draft}
          ref={composer}
          onInput={(e) => setDraft(e.currentTarget.value)}
          placeholder="What this says, with #tags"
        />
      </label>
      <button type="button" data-testid="save-page-note" disabled={!draft.trim()} onClick={() => void save()}>
        Save note
      </button>
      <SaveError error={error} waiting={waiting} retry={save} />
      <ul class="note-list" data-testid="page-notes">
        {(notes ?? []).map((note) => (
          <NoteItem
            device={device}
            key={note.id}
            note={note}
            nameOf={nameOf}
            onOpenEntity={onOpenEntity}
            orphan={orphaned.has(note.id)}
            onChanged={() => void pageChanged()}
            onDeleted={(id) => {
              onDeleted(id);
              void pageChanged();
            }}
          />
        ))}
      </ul>
    </section>
  );
}
