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

import type { PassageTarget } from '../notes/anchor.ts';
import { stamp } from '../sync/clock.ts';
import type { Version, VersionVector } from '../sync/versions.ts';

export type { PassageTarget };

/**
 * A note of the reader's: about an entity, a page, or a passage of a page.
 * - entityIds: what the note is about; for an entity note its entity first, then the entities named
 *   in its quote and body.
 * - url: the canonical page URL (fragment and tracking parameters removed) for page and passage notes,
 *   and, for an entity note written from a page, the page it was written on.
 */
export interface NoteRow {
  id: string;
  kind: 'entity' | 'page' | 'passage';
  entityIds: string[];
  url?: string;
  /** The page's own <link rel=canonical>, when it declares one. */
  canonical?: string;
  title?: string;
  target?: PassageTarget;
  body: string;
  tags: string[];
  createdAt: number;
  updatedAt: number;
  /** The device it was written on (random per install). */
  device: string;
  /** Set when deleted: the row stays as a tombstone (undo, and sync must not bring it back). */
  deletedAt?: number;
  /** Folded body, quote, title and tags for search; derived on every write, never exported. */
  search?: string;
  /** Sync: this version's clock stamp and version vector (lib/sync/versions.ts). */
  hlc: string;
  vv: VersionVector;
  /** Sync: concurrent versions from other devices, kept with their words until the reader resolves them. */
  conflicts?: NoteVersion[];
}

/** A note's content as it travels between devices (everything but derived and sync fields). */
export type NoteData = Omit<NoteRow, 'id' | 'search' | 'hlc' | 'vv' | 'conflicts' | 'deletedAt'>;
export type NoteVersion = Version<NoteData>;

/** A local change waiting to be sent by each transport (each keeps its own cursor in `sync`). */
export interface OutboxRow {
  seq?: number;
  noteId: string;
}

/** Sync bookkeeping: cursors, server layout state, settings that stay on this device. */
export interface SyncRow {
  key: string;
  value: unknown;
}

export class LensDatabase extends Dexie {
  entities!: Table<EntityRow, string>;
  meta!: Table<MetaRow, string>;
  notes!: Table<NoteRow, string>;
  outbox!: Table<OutboxRow, number>;
  sync!: Table<SyncRow, string>;

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
    // 3: notes about pages and passages too; a note may concern several entities.
    this.version(3)
      .stores({ notes: 'id, kind, *entityIds, url, updatedAt, *tags' })
      .upgrade((tx) =>
        tx
          .table('notes')
          .toCollection()
          .modify((note: NoteRow & { entityId?: string }) => {
            note.entityIds = note.entityId ? [note.entityId] : [];
            delete note.entityId;
          }),
      );
    // 4: sync. Every note gets a clock stamp and a version vector, and goes into the outbox once.
    this.version(4)
      .stores({ outbox: '++seq, noteId', sync: 'key' })
      .upgrade(async (tx) => {
        const ids: string[] = [];
        await tx
          .table('notes')
          .toCollection()
          .modify((note: NoteRow) => {
            note.hlc ??= stamp(note.updatedAt, 0, note.device);
            note.vv ??= { [note.device]: 1 };
            ids.push(note.id);
          });
        await tx.table('outbox').bulkAdd(ids.map((noteId) => ({ noteId })));
      });
  }
}

let instance: LensDatabase | undefined;
export function getDb(): LensDatabase {
  instance ??= new LensDatabase();
  return instance;
}
