import type { EntityCard } from '../lib/protocol.ts';

/** Who calls a contested place or event by which name: the same words in the card and the panel. */
export function NamingNote({ naming }: { naming: NonNullable<EntityCard['naming']> }) {
  return (
    <section class="naming" aria-label="Naming">
      <p>{naming.note}</p>
      <ul>
        {naming.usage.map((u) => (
          <li key={u.name}>
            <b>{u.name}</b>: {u.usedBy}
          </li>
        ))}
      </ul>
    </section>
  );
}
