import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { getDb } from '../../lib/db/database.ts';
import { lookup } from '../../lib/db/kb-store.ts';
import { nameIn } from '../../lib/kb/entity-card.ts';
import { PANEL_REQUEST_KEY, type PanelRequestRecord } from '../../lib/panel-request.ts';
import { useLiveQuery } from '../use-live-query.ts';
import { EntityView } from './EntityView.tsx';

/**
 * The reader's panel: look-up by any name in any language, and one entity in full with the reader's
 * notes. It follows what the hover card asks for (storage.session, written by the background).
 */
export function SidePanelApp() {
  const [query, setQuery] = useState('');
  const [view, setView] = useState<{ id: string; compose: boolean } | null>(null);
  const meta = useLiveQuery(() => getDb().meta.get('kb'), []);
  const results = useLiveQuery(() => lookup(getDb(), query), [query]);

  useEffect(() => {
    const follow = (request: PanelRequestRecord | undefined) => {
      if (request?.entityId) setView({ id: request.entityId, compose: Boolean(request.compose) });
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

  return (
    <main class="panel">
      <header>
        <h1>Caucasus Lens</h1>
        <p class="kb-status" data-testid="kb-status">
          {meta ? `${meta.entities} entities in the knowledge base` : 'Loading the knowledge base…'}
        </p>
      </header>
      {view ? (
        <EntityView
          id={view.id}
          compose={view.compose}
          onOpen={(id) => setView({ id, compose: false })}
          onBack={() => setView(null)}
        />
      ) : (
        <>
          <label class="search">
            <span>Look up a name, in any language</span>
            <input
              type="search"
              data-testid="lookup"
              value={query}
              onInput={(event) => setQuery(event.currentTarget.value)}
              placeholder="Azerbaijan, Азербайджан, Ադրբեջան…"
            />
          </label>
          <ul class="results" data-testid="results">
            {(results ?? []).map((entity) => (
              <li key={entity.id} data-entity-id={entity.id}>
                <button
                  type="button"
                  class="result"
                  onClick={() => setView({ id: entity.id, compose: false })}
                >
                  <strong>{nameIn(entity)}</strong> <span class="type">{entity.type}</span>
                </button>
                <p>{entity.summary}</p>
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}
