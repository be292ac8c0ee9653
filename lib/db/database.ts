/**
 * The extension's IndexedDB, owned by the background (the only writer). Extension pages may read it
 * (liveQuery). Constructed lazily: WXT imports entrypoints in Node at build time.
 */
import Dexie, { type Table } from 'dexie';
import type { Entity } from '../kb/schema.ts';

export interface EntityRow extends Entity {
  /** Folded names and aliases in every language, for look-up by any of them. */
  terms: string[];
  /** Relation targets, for "what points at X". */
  targets: string[];
}

export interface MetaRow {
  key: 'kb';
  hash: string;
  loadedAt: number;
  entities: number;
}

export class LensDatabase extends Dexie {
  entities!: Table<EntityRow, string>;
  meta!: Table<MetaRow, string>;

  constructor(name = 'caucasus-lens') {
    super(name);
    // Version history: never edit a released version; add a new one with its upgrade.
    this.version(1).stores({
      entities: 'id, type, *terms, *targets',
      meta: 'key',
    });
  }
}

let instance: LensDatabase | undefined;
export function getDb(): LensDatabase {
  instance ??= new LensDatabase();
  return instance;
}
