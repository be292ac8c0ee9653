/** Builds the hover card's view of an entity from its knowledge-base row. */
import type { EntityCard } from '../protocol.ts';
import type { Entity, Lang, RelationType } from './schema.ts';

/** How a relation reads on a chip, from the entity's side. */
export const RELATION_LABELS: Record<RelationType, string> = {
  member_of: 'Member of',
  observer_of: 'Observer in',
  partner_of: 'Partner of',
  part_of: 'Part of',
  located_in: 'In',
  capital_of: 'Capital of',
  borders: 'Borders',
  passes_through: 'Through',
  connects: 'Connects',
  feeds: 'Feeds',
  operated_by: 'Operated by',
  owned_by: 'Owned by',
  shareholder_of: 'Shareholder of',
  office_in: 'Office in',
  party_to: 'Party to',
  participant_in: 'Took part in',
  successor_of: 'Successor of',
  predecessor_of: 'Predecessor of',
  controlled_by: 'Controlled by',
  claimed_by: 'Claimed by',
  recognized_by: 'Recognized by',
  caused: 'Led to',
  related_to: 'Related to',
};

/** The card keeps to what a glance takes in; the side panel has the rest. */
const MAX_FACTS = 4;
const MAX_RELATIONS = 8;

export function nameIn(entity: Pick<Entity, 'names' | 'id'>, lang: Lang = 'en'): string {
  const names = entity.names as Partial<Record<Lang, string[]>>;
  return names[lang]?.[0] ?? entity.names.en[0] ?? entity.id;
}

export function toEntityCard(
  entity: Entity,
  lang: Lang,
  targetName: (id: string) => string | undefined,
): EntityCard {
  const name = nameIn(entity, lang);
  const english = nameIn(entity, 'en');
  const seen = new Set<string>();
  const relations: EntityCard['relations'] = [];
  for (const relation of entity.relations ?? []) {
    // Former offices and ended memberships are history: the timeline in the side panel tells it.
    if (relation.to || seen.has(relation.target)) continue;
    const target = targetName(relation.target);
    if (!target) continue;
    seen.add(relation.target);
    relations.push({
      type: relation.type,
      label: relation.role ?? RELATION_LABELS[relation.type],
      targetId: relation.target,
      targetName: target,
      ...(relation.role ? { role: relation.role } : {}),
    });
    if (relations.length === MAX_RELATIONS) break;
  }
  return {
    id: entity.id,
    type: entity.type,
    subtype: entity.subtype,
    name,
    ...(name !== english ? { englishName: english } : {}),
    summary: entity.summary,
    asOf: entity.asOf,
    sources: entity.sources,
    facts: (entity.facts ?? []).slice(0, MAX_FACTS).map(({ label, value, source, asOf }) => ({
      label,
      value,
      source,
      asOf,
    })),
    relations,
    ...(entity.naming
      ? {
          naming: {
            note: entity.naming.note,
            usage: entity.naming.usage,
            source: entity.naming.source,
            asOf: entity.naming.asOf,
          },
        }
      : {}),
  };
}
