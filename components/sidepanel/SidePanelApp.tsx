import { useState } from 'preact/hooks';
import { getDb } from '../../lib/db/database.ts';
import { lookup } from '../../lib/db/kb-store.ts';
import { nameIn } from '../../lib/kb/entity-card.ts';
import { useLiveQuery } from '../use-live-query.ts';

/** The reader's panel. For now: the knowledge base's state and a look-up by any name in any language. */
export function SidePanelApp() {
  const [query, setQuery] = useState('');
  const meta = useLiveQuery(() => getDb().meta.get('kb'), []);
  const results = useLiveQuery(() => lookup(getDb(), query), [query]);

  return (
    <main class="panel">
      <header>
        <h1>Caucasus Lens</h1>
        <p class="kb-status" data-testid="kb-status">
          {meta ? `${meta.entities} entities in the knowledge base` : 'Loading the knowledge base…'}
        </p>
      </header>
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
            <strong>{nameIn(entity)}</strong> <span class="type">{entity.type}</span>
            <p>{entity.summary}</p>
          </li>
        ))}
      </ul>
    </main>
  );
}
