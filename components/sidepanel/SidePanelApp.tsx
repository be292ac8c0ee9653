import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { getDb } from '../../lib/db/database.ts';
import { PANEL_REQUEST_KEY, type PanelRequestRecord } from '../../lib/panel-request.ts';
import { useLiveQuery } from '../use-live-query.ts';
import { EntityView } from './EntityView.tsx';
import { UndoBar } from './NoteItem.tsx';
import { NotesView } from './NotesView.tsx';
import { PageView } from './PageView.tsx';
import { SyncView } from './SyncView.tsx';
import { useEntityNames } from './use-names.ts';

type View =
  | { name: 'page' }
  | { name: 'notes' }
  | { name: 'sync' }
  | { name: 'entity'; id: string; compose: boolean };

/**
 * The reader's panel: This page (its entities and notes), Notes (all of them, with search), and one
 * entity in full. It follows what the hover card, the selection button and the context menu ask for
 * (storage.session, written by the background), and updates live as notes change anywhere.
 */
export function SidePanelApp() {
  const [view, setView] = useState<View>({ name: 'page' });
  const [history, setHistory] = useState<View[]>([]);
  const [passage, setPassage] = useState<PanelRequestRecord['passage'] | null>(null);
  const [deleted, setDeleted] = useState<string | null>(null);
  const meta = useLiveQuery(() => getDb().meta.get('kb'), []);
  const nameOf = useEntityNames();

  const go = (next: View) => {
    setHistory([...history, view].slice(-20));
    setView(next);
  };
  const openEntity = (id: string) => go({ name: 'entity', id, compose: false });

  useEffect(() => {
    const follow = (request: PanelRequestRecord | undefined) => {
      if (!request) return;
      if (request.passage) {
        setPassage(request.passage);
        setView({ name: 'page' });
      } else if (request.entityId)
        setView({ name: 'entity', id: request.entityId, compose: Boolean(request.compose) });
    };
    void browser.storage.session
      .get(PANEL_REQUEST_KEY)
      .then((stored) => follow(stored[PANEL_REQUEST_KEY] as PanelRequestRecord | undefined));
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'session' && changes[PANEL_REQUEST_KEY]) {
        follow(changes[PANEL_REQUEST_KEY].newValue as PanelRequestRecord | undefined);
      }
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, []);

  useEffect(() => {
    if (!deleted) return;
    const timer = setTimeout(() => setDeleted(null), 8000);
    return () => clearTimeout(timer);
  }, [deleted]);

  return (
    <main class="panel">
      <header>
        <h1>Caucasus Lens</h1>
        <p class="kb-status" data-testid="kb-status">
          {meta ? `${meta.entities} entities in the knowledge base` : 'Loading the knowledge base…'}
        </p>
        <nav class="tabs">
          <button
            type="button"
            data-testid="tab-page"
            aria-pressed={view.name === 'page'}
            onClick={() => go({ name: 'page' })}
          >
            This page
          </button>
          <button
            type="button"
            data-testid="tab-notes"
            aria-pressed={view.name === 'notes'}
            onClick={() => go({ name: 'notes' })}
          >
            Notes
          </button>
          <button
            type="button"
            data-testid="tab-sync"
            aria-pressed={view.name === 'sync'}
            onClick={() => go({ name: 'sync' })}
          >
            Sync
          </button>
        </nav>
      </header>
      {deleted && <UndoBar id={deleted} onDone={() => setDeleted(null)} />}
      {view.name === 'page' && (
        <PageView passage={passage} nameOf={nameOf} onOpenEntity={openEntity} onDeleted={setDeleted} />
      )}
      {view.name === 'sync' && <SyncView />}
      {view.name === 'notes' && (
        <NotesView nameOf={nameOf} onOpenEntity={openEntity} onDeleted={setDeleted} />
      )}
      {view.name === 'entity' && (
        <EntityView
          id={view.id}
          compose={view.compose}
          nameOf={nameOf}
          onOpen={openEntity}
          onDeleted={setDeleted}
          onBack={() => {
            setView(history[history.length - 1] ?? { name: 'page' });
            setHistory(history.slice(0, -1));
          }}
        />
      )}
    </main>
  );
}
