import { describe, expect, it } from 'vitest';
import type { LensDatabase, NoteVersion } from '../../../lib/db/database.ts';
import { loadKb } from '../../../lib/db/kb-store.ts';
import { addNote, allNotes, importNotes, setDeleted, updateNote } from '../../../lib/db/notes-store.ts';
import { bundleKb } from '../../../lib/kb/bundle.ts';
import { type KbRows, toRow } from '../../../lib/kb/rows.ts';
import { Clock } from '../../../lib/sync/clock.ts';
import { decodeBatch } from '../../../lib/sync/codec.ts';
import { syncWebDav } from '../../../lib/sync/engine.ts';
import { type WebDav, WebDavTransport } from '../../../lib/sync/webdav.ts';
import { countReliability } from '../../reliability/counts.ts';
import { freshDb } from '../fresh-db.ts';
import { testEntity } from '../test-entity.ts';

const author = (device: string) => ({ device, clock: new Clock(device) });
const crash = () => new Error('service worker stopped');

/** A WebDAV folder in memory, with the real transport on top. `failAt` stops the caller at a write. */
class MemoryDav {
  readonly files = new Map<string, string>();
  /** Every PUT of a log file, in order (what the server saw). */
  readonly logPuts: string[] = [];
  /** Counts down on each write; at 0 the write fails, before (or after) reaching the server. */
  failAt = Number.POSITIVE_INFINITY;
  failAfterWrite = false;

  private write(path: string, apply: () => void) {
    this.failAt--;
    if (this.failAt === 0 && !this.failAfterWrite) throw crash();
    apply();
    if (path.includes('/log-')) this.logPuts.push(path);
    if (this.failAt === 0) throw crash();
  }
  async list(path: string) {
    const names = new Set<string>();
    for (const key of this.files.keys())
      if (key.startsWith(path) && key !== path) names.add(key.slice(path.length).split('/')[0] as string);
    return [...names];
  }
  async get(path: string) {
    return this.files.get(path) ?? null;
  }
  async put(path: string, body: string) {
    this.write(path, () => this.files.set(path, body));
  }
  async mkcol(path: string) {
    if (!this.files.has(path)) this.files.set(path, '');
  }
  async delete(path: string) {
    this.write(path, () => this.files.delete(path));
  }
  transport(device: string) {
    return new WebDavTransport(this as unknown as WebDav, device);
  }
}

/** Makes the device's `n`-th save of its sync state fail (the worker stopped right there). */
function failStateSave(db: LensDatabase, n: number) {
  const put = db.sync.put.bind(db.sync);
  let left = n;
  db.sync.put = ((row: Parameters<typeof put>[0]) => {
    if (--left === 0) return Promise.reject(crash());
    return put(row);
  }) as typeof put;
  return () => {
    db.sync.put = put;
  };
}

/** Every version the device's log files on the server hold, as "id hlc" strings. */
async function loggedVersions(dav: MemoryDav, device: string): Promise<string[]> {
  const out: string[] = [];
  for (const [path, body] of dav.files) {
    if (!path.includes(`devices/${device}/log-`)) continue;
    out.push(...(await decodeBatch(body, null)).map((v: NoteVersion) => `${v.id} ${v.hlc}`));
  }
  return out.sort();
}

describe('a WebDAV round cut short at any point', () => {
  // A round saves its state after the pull, before the upload and after it.
  const points = [
    ...[1, 2, 3].map((n) => ({ kind: 'state save', n, afterWrite: false })),
    { kind: 'log upload', n: 1, afterWrite: false },
    { kind: 'log upload', n: 1, afterWrite: true },
  ];

  it.each(points)(
    'stopped at $kind #$n (after the write reached the server: $afterWrite): every version sent exactly once',
    async ({ kind, n, afterWrite }) => {
      const dav = new MemoryDav();
      const a = { db: freshDb(), author: author('a'), transport: dav.transport('a') };
      const b = { db: freshDb(), transport: dav.transport('b') };
      await a.transport.open(async () => ({ key: null, salt: null }));
      await b.transport.open(async () => ({ key: null, salt: null }));
      const first = await addNote(a.db, { kind: 'entity', entityIds: [], body: 'first' }, a.author);
      await updateNote(a.db, first.id, { body: 'first, edited' }, a.author);

      let restore = () => {};
      if (kind === 'state save') restore = failStateSave(a.db, n);
      else {
        dav.failAt = n;
        dav.failAfterWrite = afterWrite;
      }
      await expect(syncWebDav(a.db, a.transport)).rejects.toThrow('service worker stopped');
      restore();
      dav.failAt = Number.POSITIVE_INFINITY;

      // B reads whatever landed; A writes again, then finishes; B reads the rest.
      await syncWebDav(b.db, b.transport);
      await addNote(a.db, { kind: 'entity', entityIds: [], body: 'second' }, a.author);
      await syncWebDav(a.db, a.transport);
      await syncWebDav(b.db, b.transport);

      const rows = await a.db.notes.toArray();
      const expected = rows.map((r) => `${r.id} ${r.hlc}`).sort();
      expect(await loggedVersions(dav, 'a')).toEqual(expected);
      expect(await a.db.outbox.count()).toBe(0);
      expect((await allNotes(b.db)).map((r) => r.body).sort()).toEqual(['first, edited', 'second']);
      countReliability('faults');
    },
  );
});

describe('a note write cut short', () => {
  /** Stops the transaction after the note row is written, before its outbox entry is. */
  function stopBeforeOutbox(db: LensDatabase) {
    const hook = () => {
      throw crash();
    };
    db.outbox.hook('creating', hook);
    return () => db.outbox.hook('creating').unsubscribe(hook);
  }

  it('leaves neither the note nor its outbox entry, for every kind of write', async () => {
    const db = freshDb();
    const me = author('a');
    const kept = await addNote(db, { kind: 'entity', entityIds: ['armenia'], body: 'kept' }, me);
    const before = { notes: await db.notes.toArray(), outbox: await db.outbox.toArray() };
    const writes: [string, () => Promise<unknown>][] = [
      ['add', () => addNote(db, { kind: 'page', entityIds: [], body: 'new', url: 'https://x.org/' }, me)],
      ['edit', () => updateNote(db, kept.id, { body: 'edited' }, me)],
      ['delete', () => setDeleted(db, kept.id, true, me)],
      [
        'import',
        () =>
          importNotes(
            db,
            [{ ...kept, id: 'imported', body: 'imported', device: 'b', updatedAt: kept.updatedAt + 5 }],
            me,
          ),
      ],
    ];
    for (const [, write] of writes) {
      const restore = stopBeforeOutbox(db);
      await expect(write()).rejects.toThrow('service worker stopped');
      restore();
      expect({ notes: await db.notes.toArray(), outbox: await db.outbox.toArray() }).toEqual(before);
      countReliability('faults');
    }
    // And the same writes, not stopped, each leave the note and one outbox entry.
    for (const [, write] of writes) await write();
    const outboxIds = new Set((await db.outbox.toArray()).map((e) => e.noteId));
    expect((await db.notes.toArray()).every((n) => outboxIds.has(n.id))).toBe(true);
  });
});

describe('a knowledge-base load cut short', () => {
  const entity = (id: string) => testEntity(id);
  const rows = (ids: string[], replaced: Record<string, string> = {}): KbRows => {
    const b = bundleKb(
      ids.map((id) => ({ ...entity(id), ...(replaced[id] ? { replacedBy: replaced[id] } : {}) })),
    );
    return { hash: b.hash, rows: b.entities.map(toRow) };
  };

  it('at any row of the new one, leaves the old one whole (entities, hash, notes)', async () => {
    const db = freshDb();
    const oldKb = rows(['armenia', 'zangezur', 'azerbaijan']);
    await loadKb(db, oldKb.hash, async () => oldKb);
    const note = await addNote(db, { kind: 'entity', entityIds: ['zangezur'], body: 'n' }, author('a'));
    const newKb = rows(['armenia', 'zangezur', 'tripp', 'georgia'], { zangezur: 'tripp' });
    const snapshot = async () => ({
      entities: await db.entities.toArray(),
      meta: (await db.meta.get('kb'))?.hash,
      note: await db.notes.get(note.id),
    });
    const before = await snapshot();
    for (let stopAt = 1; stopAt <= newKb.rows.length; stopAt++) {
      let left = stopAt;
      const hook = () => {
        if (--left === 0) throw crash();
      };
      db.entities.hook('creating', hook);
      await expect(loadKb(db, newKb.hash, async () => newKb)).rejects.toThrow();
      db.entities.hook('creating').unsubscribe(hook);
      expect(await snapshot()).toEqual(before);
      countReliability('faults');
    }
    // Uninterrupted, the new one replaces it whole, and the note follows its entity.
    await loadKb(db, newKb.hash, async () => newKb);
    expect((await db.entities.toArray()).map((e) => e.id).sort()).toEqual(
      ['armenia', 'georgia', 'tripp', 'zangezur'].sort(),
    );
    expect((await db.notes.get(note.id))?.entityIds).toEqual(['tripp']);
  });
});
