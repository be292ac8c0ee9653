/** Figures about the knowledge base, for `npm run kb -- stats` and the closing notes. */
import { type Entity, LANGS } from './schema.ts';

export interface KbStats {
  entities: number;
  byType: Record<string, number>;
  namesByLang: Record<string, number>;
  entitiesNamedIn: Record<string, number>;
  facts: number;
  relations: number;
  timelineEntries: number;
  namingNotes: number;
  ambiguityRules: number;
  factsWithoutSource: number;
  /** Entities with at least one fact (summary, fact, relation, timeline) last checked over a year ago. */
  staleEntities: string[];
}

const DAY = 86_400_000;

export function kbStats(entities: readonly Entity[], today = new Date()): KbStats {
  const byType: Record<string, number> = {};
  const namesByLang: Record<string, number> = Object.fromEntries(LANGS.map((l) => [l, 0]));
  const entitiesNamedIn: Record<string, number> = Object.fromEntries(LANGS.map((l) => [l, 0]));
  let facts = 0;
  let relations = 0;
  let timelineEntries = 0;
  let factsWithoutSource = 0;
  const yearAgo = new Date(today.getTime() - 365 * DAY).toISOString().slice(0, 10);
  const staleEntities: string[] = [];

  for (const e of entities) {
    byType[e.type] = (byType[e.type] ?? 0) + 1;
    for (const lang of LANGS) {
      const names = e.names[lang];
      if (names?.length) {
        namesByLang[lang] = (namesByLang[lang] ?? 0) + names.length;
        entitiesNamedIn[lang] = (entitiesNamedIn[lang] ?? 0) + 1;
      }
    }
    const dated = [
      e,
      ...(e.facts ?? []),
      ...(e.relations ?? []),
      ...(e.timeline ?? []),
      ...(e.naming ? [e.naming] : []),
    ];
    facts += e.facts?.length ?? 0;
    relations += e.relations?.length ?? 0;
    timelineEntries += e.timeline?.length ?? 0;
    for (const item of dated) {
      const source = 'source' in item ? item.source : (item as Entity).sources?.[0];
      if (!source) factsWithoutSource++;
    }
    if (dated.some((item) => item.asOf < yearAgo)) staleEntities.push(e.id);
  }
  return {
    entities: entities.length,
    byType,
    namesByLang,
    entitiesNamedIn,
    facts,
    relations,
    timelineEntries,
    namingNotes: entities.filter((e) => e.naming).length,
    ambiguityRules: entities.reduce((n, e) => n + (e.ambiguity?.length ?? 0), 0),
    factsWithoutSource,
    staleEntities,
  };
}
