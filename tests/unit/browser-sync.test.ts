import { afterEach, describe, expect, it } from 'vitest';
import { LensDatabase } from '../../lib/db/database.ts';
import { addNote, allNotes } from '../../lib/db/notes-store.ts';
import {
  itemBytes,
  openSpace,
  pullBrowserSync,
  pushBrowserSync,
  type SyncArea,
} from '../../lib/sync/browser-sync.ts';
import { Clock } from '../../lib/sync/clock.ts';
import { WrongPassphraseError } from '../../lib/sync/crypto.ts';

/** One storage.sync area shared by the test's "browsers", enforcing the per-item limit. */
function memoryArea(): SyncArea & { items: Map<string, unknown> } {
  const items = new Map<string, unknown>();
  return {
    items,
    get: async (keys) => {
      if (keys === null) return Object.fromEntries(items);
      return Object.fromEntries([keys].flat().flatMap((k) => (items.has(k) ? [[k, items.get(k)]] : [])));
    },
    set: async (next) => {
      for (const [k, v] of Object.entries(next)) {
        if (itemBytes(k, v) > 8192) throw new Error('QUOTA_BYTES_PER_ITEM quota exceeded');
        items.set(k, v);
      }
    },
    remove: async (keys) => {
      for (const k of [keys].flat()) items.delete(k);
    },
  };
}

const dbs: LensDatabase[] = [];
const device = (name: string) => {
  const db = new LensDatabase(`bsync-${name}-${Math.random()}`);
  dbs.push(db);
  return { name, db, author: { device: name, clock: new Clock(name) } };
};
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

describe('browser sync', () => {
  it('publishes within the item limit and another browser merges it', async () => {
    const area = memoryArea();
    const a = device('browser-a');
    const b = device('browser-b');
    for (let i = 0; i < 40; i++) {
      await addNote(
        a.db,
        { kind: 'entity', entityIds: [], body: `Note ${i} ${Math.random().toString(36).repeat(8)}` },
        a.author,
      );
    }
    expect(await pushBrowserSync(a.db, area, a.name, null)).toEqual({ published: 40, notSynced: 0 });
    expect((await pullBrowserSync(b.db, area, b.name, null)).received).toBe(40);
    expect((await allNotes(b.db)).length).toBe(40);
  });

  it('with a passphrase the area holds no plaintext; the same passphrase reads it, another is refused', async () => {
    const area = memoryArea();
    const a = device('browser-a');
    const b = device('browser-b');
    const keyA = await openSpace(area, 'a long shared passphrase');
    await addNote(a.db, { kind: 'entity', entityIds: [], body: 'Սյունիք, a private thought' }, a.author);
    await pushBrowserSync(a.db, area, a.name, keyA);
    const stored = JSON.stringify([...area.items.values()]);
    expect(stored).not.toContain('private');
    const keyB = await openSpace(area, 'a long shared passphrase');
    expect((await pullBrowserSync(b.db, area, b.name, keyB)).received).toBe(1);
    expect((await allNotes(b.db))[0]?.body).toBe('Սյունիք, a private thought');
    await expect(openSpace(area, 'the wrong passphrase')).rejects.toBeInstanceOf(WrongPassphraseError);
    // A browser without the passphrase reads nothing, and says how many it could not read.
    expect(await pullBrowserSync(device('browser-c').db, area, 'browser-c', null)).toEqual({
      received: 0,
      unreadable: 1,
    });
  });
});
