import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { LensDatabase } from '../../lib/db/database.ts';
import { addEntityNote, cardNotes } from '../../lib/db/notes-store.ts';
import { canonicalUrl } from '../../lib/notes/page-url.ts';

const author = (device: string) => ({ device, clock: new Clock(device) });

import { Clock } from '../../lib/sync/clock.ts';

const names: string[] = [];
const fresh = () => {
  const name = `notes-${Math.random()}`;
  names.push(name);
  return name;
};
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

describe('notes database', () => {
  it('migrates version 2 entity notes (one entityId) to version 3 (entityIds)', async () => {
    const name = fresh();
    const v2 = new Dexie(name);
    v2.version(1).stores({ entities: 'id, type, *terms, *targets', meta: 'key' });
    v2.version(2).stores({ notes: 'id, entityId, updatedAt, *tags' });
    await v2.table('notes').add({
      id: 'n1',
      kind: 'entity',
      entityId: 'armenia',
      body: 'Kept across the upgrade',
      tags: [],
      createdAt: 1,
      updatedAt: 1,
      device: 'd',
    });
    v2.close();
    const db = new LensDatabase(name);
    const note = await db.notes.get('n1');
    expect(note?.entityIds).toEqual(['armenia']);
    expect(note && 'entityId' in note).toBe(false);
    expect(await db.notes.where('entityIds').equals('armenia').count()).toBe(1);
    db.close();
  });

  it('shows a card the count of all notes on an entity but only the text of those from its own page', async () => {
    const db = new LensDatabase(fresh());
    const here = 'https://news.example/a';
    await addEntityNote(
      db,
      { entityId: 'tripp', body: 'Written elsewhere, private' },
      { device: 'd', clock: new Clock('d') },
    );
    await addEntityNote(db, { entityId: 'tripp', body: 'From this page', page: { url: here } }, author('d'));
    const onPage = await cardNotes(db, 'tripp', here);
    expect(onPage).toMatchObject({ total: 2, onPage: 1, latest: { body: 'From this page' } });
    const elsewhere = await cardNotes(db, 'tripp', 'https://other.example/');
    expect(elsewhere).toMatchObject({ total: 2, onPage: 0, latest: null });
    db.close();
  });
});

describe('canonicalUrl', () => {
  it.each([
    ['https://news.example/a?utm_source=x&utm_medium=y#part', 'https://news.example/a'],
    ['https://news.example/a?id=7&fbclid=abc', 'https://news.example/a?id=7'],
    ['https://News.Example:443/a?gclid=1&page=2', 'https://news.example/a?page=2'],
    ['not a url', 'not a url'],
  ])('%s → %s', (raw, canonical) => {
    expect(canonicalUrl(raw)).toBe(canonical);
  });
});
