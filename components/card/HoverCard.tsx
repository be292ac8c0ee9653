import type { EntityCard } from '../../lib/protocol.ts';

const TYPE_LABELS: Record<EntityCard['type'], string> = {
  state: 'State',
  organization: 'Organization',
  person: 'Person',
  place: 'Place',
  corridor: 'Corridor',
  company: 'Company',
  event: 'Event',
};

/** The card shown over a mention: text only, rendered by Preact (never as HTML). */
export function HoverCard({ entity }: { entity: EntityCard }) {
  return (
    <div
      class="card"
      role="dialog"
      aria-label={`${entity.name}: ${TYPE_LABELS[entity.type]}`}
      data-entity-id={entity.id}
    >
      <header>
        <strong class="name">{entity.name}</strong>
        <span class="type">{TYPE_LABELS[entity.type]}</span>
      </header>
      <p class="summary">{entity.summary}</p>
      <footer>
        <span>As of {entity.asOf}</span>
        {entity.sources.slice(0, 2).map((source) => (
          <a key={source} href={source} target="_blank" rel="noopener noreferrer">
            {new URL(source).hostname.replace(/^www\./, '')}
          </a>
        ))}
      </footer>
    </div>
  );
}
