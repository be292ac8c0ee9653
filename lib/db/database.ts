/**
 * The extension's IndexedDB, owned by the background (the only writer). Extension pages may read it
 * (liveQuery). Constructed lazily: WXT imports entrypoints in Node at build time.
 */
import Dexie, { type Table } from 'dexie';
import type { EntityRow } from '../kb/rows.ts';

export type { EntityRow };

export interface MetaRow {
  key: 'kb';
  hash: string;
  loadedAt: number;
  entities: number;
  /** How long the last load into IndexedDB took (parse, rows, transaction), for the benchmark. */
  loadMs: number;
  /** Of which reading and parsing the bundle. */
  fetchMs?: number;
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
