/**
 * The knowledge base as IndexedDB rows: each entity with its folded names (for look-up in any
 * language) and its relation targets. Built at build time, so the background only stores them.
 */
import { fold } from '../text/fold.ts';
import type { Entity } from './schema.ts';

export interface EntityRow extends Entity {
  /** Folded names and aliases in every language, for look-up by any of them. */
  terms: string[];
  /** Relation targets, for "what points at X". */
  targets: string[];
}

/** What kb.json holds. */
export interface KbRows {
  hash: string;
  rows: EntityRow[];
}

export function toRow(entity: Entity): EntityRow {
  const terms = new Set<string>();
  for (const list of Object.values(entity.names)) for (const name of list ?? []) terms.add(fold(name));
  for (const alias of entity.aliases ?? []) terms.add(fold(alias.text));
  const targets = [...new Set((entity.relations ?? []).map((r) => r.target))];
  return { ...entity, terms: [...terms], targets };
}
