import { describe, expect, it } from 'vitest';
import { loadKb } from '../../lib/db/kb-store.ts';
import { addNote, allVersions, applyRemote, importNotes, notesForEntity } from '../../lib/db/notes-store.ts';
import { bundleKb } from '../../lib/kb/bundle.ts';
import { type KbRows, toRow } from '../../lib/kb/rows.ts';
import type { Entity } from '../../lib/kb/schema.ts';
import { readAnnotationCollection, toAnnotationCollection } from '../../lib/notes/interchange.ts';
import { Clock } from '../../lib/sync/clock.ts';
import { freshDb } from './fresh-db.ts';
import { testEntity } from './test-entity.ts';

const author = (device: string) => ({ device, clock: new Clock(device) });

const entity = (id: string, replacedBy?: string) => testEntity(id, replacedBy ? { replacedBy } : {});
const kbOf = (...entities: Entity[]): KbRows => {
  const b = bundleKb(entities);
  return { hash: b.hash, rows: b.entities.map(toRow) };
};

// v1 knows the corridor under its old name; v2 renames it twice over (a chain), merges
// another entity into Georgia, and drops Armenia altogether.
const v1 = kbOf(entity('zangezur-corridor'), entity('tripp'), entity('armenia'), entity('georgia'));
const v2 = kbOf(
  entity('zangezur-corridor', 'tripp'),
  entity('tripp', 'tripp-route'),
  entity('tripp-route'),
  entity('iberia', 'georgia'),
  entity('georgia'),
);
/** What an old device, still on v1, wrote. */
const OLD_IDS = ['zangezur-corridor', 'armenia', 'iberia', 'not-in-any-kb', 'tripp-route'];
const EXPECTED = ['tripp-route', 'armenia', 'georgia', 'not-in-any-kb'];

/** A device on the new knowledge base, with one note that moved at load time. */
async function deviceOnV2() {
  const db = freshDb();
  await loadKb(db, v1.hash, async () => v1);
  const early = await addNote(db, { kind: 'entity', entityIds: ['tripp'], body: 'early' }, author('a'));
  await loadKb(db, v2.hash, async () => v2);
  expect((await db.notes.get(early.id))?.entityIds).toEqual(['tripp-route']);
  return db;
}

/** A device without the update writes a note on the old ids. */
async function noteFromOldDevice() {
  const db = freshDb();
  const note = await addNote(db, { kind: 'entity', entityIds: OLD_IDS, body: 'late' }, author('b'));
  return { db, note };
}

describe('notes arriving after a knowledge-base update', () => {
  it('imported: moved to the successors through chains, other ids kept, nothing dropped', async () => {
    const db = await deviceOnV2();
    const old = await noteFromOldDevice();
    const file = JSON.stringify(toAnnotationCollection([old.note], 'export'));
    const read = readAnnotationCollection(file);
    if (!read.ok) throw new Error(read.error);
    expect(read.notes[0]?.entityIds).toEqual(OLD_IDS);

    expect(await importNotes(db, read.notes, author('a'))).toEqual({ added: 1, updated: 0, skipped: 0 });
    expect((await db.notes.get(old.note.id))?.entityIds).toEqual(EXPECTED);
    expect((await notesForEntity(db, 'tripp-route')).map((n) => n.body).sort()).toEqual(['early', 'late']);
    expect(await notesForEntity(db, 'zangezur-corridor')).toEqual([]);
    expect(await db.notes.count()).toBe(2);
  });

  it('synced: every version moved, including a conflict kept alongside', async () => {
    const db = await deviceOnV2();
    const old = await noteFromOldDevice();
    expect(await applyRemote(db, await allVersions(old.db))).toBe(1);
    const row = await db.notes.get(old.note.id);
    expect(row?.entityIds).toEqual(EXPECTED);
    expect((await notesForEntity(db, 'georgia')).map((n) => n.id)).toEqual([old.note.id]);

    // A concurrent edit from a third old device: kept as a conflict, on the current ids too.
    const [base] = await allVersions(old.db);
    if (!base) throw new Error('no version');
    const concurrent = {
      ...base,
      hlc: `${base.hlc}-c`,
      vv: { c: 1, ...base.vv },
      data: { ...base.data, body: 'concurrent', entityIds: ['iberia'], device: 'c' },
    };
    const edit = {
      ...base,
      hlc: `${base.hlc}-b`,
      vv: { ...base.vv, b: 2 },
      data: { ...base.data, body: 'edit' },
    };
    await applyRemote(db, [edit, concurrent]);
    const merged = await db.notes.get(old.note.id);
    const all = [merged, ...(merged?.conflicts ?? []).map((c) => c.data)];
    expect(all.map((n) => n?.entityIds)).toContainEqual(['georgia']);
    expect(all.flatMap((n) => n?.entityIds ?? [])).not.toContain('iberia');
    expect(all.flatMap((n) => n?.entityIds ?? [])).not.toContain('zangezur-corridor');
  });

  it('without a knowledge base, ids pass through unchanged', async () => {
    const db = freshDb();
    const old = await noteFromOldDevice();
    await applyRemote(db, await allVersions(old.db));
    expect((await db.notes.get(old.note.id))?.entityIds).toEqual(OLD_IDS);
  });
});
