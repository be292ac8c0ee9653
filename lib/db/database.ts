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

/** A note of the reader's. Entity notes for now; page and passage notes arrive with the notes issue. */
export interface NoteRow {
  id: string;
  kind: 'entity';
  entityId: string;
  body: string;
  tags: string[];
  createdAt: number;
  updatedAt: number;
  /** The device it was written on (random per install). */
  device: string;
}

export class LensDatabase extends Dexie {
  entities!: Table<EntityRow, string>;
  meta!: Table<MetaRow, string>;
  notes!: Table<NoteRow, string>;

  constructor(name = 'caucasus-lens') {
    super(name);
    // Version history: never edit a released version; add a new one with its upgrade.
    this.version(1).stores({
      entities: 'id, type, *terms, *targets',
      meta: 'key',
    });
    // 2: the reader's notes, in a table the knowledge-base loads never touch.
    this.version(2).stores({
      notes: 'id, entityId, updatedAt, *tags',
    });
  }
}

let instance: LensDatabase | undefined;
export function getDb(): LensDatabase {
  instance ??= new LensDatabase();
  return instance;
}
