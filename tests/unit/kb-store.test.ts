import { describe, expect, it, vi } from 'vitest';
import { loadKb, lookup } from '../../lib/db/kb-store.ts';
import { addEntityNote, notesForEntity } from '../../lib/db/notes-store.ts';
import { bundleKb } from '../../lib/kb/bundle.ts';
import { type KbRows, toRow } from '../../lib/kb/rows.ts';
import type { Entity } from '../../lib/kb/schema.ts';
import { freshDb } from './fresh-db.ts';

const author = (device: string) => ({ device, clock: new Clock(device) });

import { Clock } from '../../lib/sync/clock.ts';

function entity(id: string, names: Partial<Entity['names']> = {}): Entity {
  return {
    id,
    type: 'state',
    subtype: 'country',
    names: { en: [id], ru: [id], az: [id], hy: [id], ka: [id], tr: [id], fa: [id], ...names },
    summary: 'A test entity with a summary long enough to pass the schema check of eighty characters.',
    sources: ['https://example.org/'],
    asOf: '2026-11-01',
  };
}

describe('knowledge base in IndexedDB', () => {
  const asRows = (b: ReturnType<typeof bundleKb>): KbRows => ({ hash: b.hash, rows: b.entities.map(toRow) });
  const v1 = asRows(
    bundleKb([
      entity('azerbaijan', { en: ['Azerbaijan'], ru: ['Азербайджан'], az: ['Azərbaycan'], hy: ['Ադրբեջան'] }),
      entity('armenia', { en: ['Armenia'] }),
    ]),
  );

  it('loads the bundle once and skips the load when the hash is unchanged', async () => {
    const db = freshDb();
    const fetchBundle = vi.fn(async () => v1);
    expect(await loadKb(db, v1.hash, fetchBundle)).toBe('loaded');
    expect(await loadKb(db, v1.hash, fetchBundle)).toBe('unchanged');
    expect(fetchBundle).toHaveBeenCalledOnce();
    expect(await db.entities.count()).toBe(2);
    expect(await db.meta.get('kb')).toMatchObject({ hash: v1.hash, entities: 2 });
  });

  it('replaces the old knowledge base entirely on update', async () => {
    const db = freshDb();
    await loadKb(db, v1.hash, async () => v1);
    const v2 = asRows(bundleKb([entity('georgia')]));
    expect(await loadKb(db, v2.hash, async () => v2)).toBe('loaded');
    expect((await db.entities.toArray()).map((e) => e.id)).toEqual(['georgia']);
  });

  it('keeps the old knowledge base when the new bundle does not match the build', async () => {
    const db = freshDb();
    await loadKb(db, v1.hash, async () => v1);
    const v2 = asRows(bundleKb([entity('georgia')]));
    await expect(loadKb(db, 'another-hash', async () => v2)).rejects.toThrow(/does not match/);
    expect(await db.entities.count()).toBe(2);
  });

  it('finds an entity by a name in any language, accent- and case-insensitively', async () => {
    const db = freshDb();
    await loadKb(db, v1.hash, async () => v1);
    for (const query of ['azerbaijan', 'АЗЕРБАЙДЖАН', 'Azerbaycan', 'Ադրբեջան', 'azer']) {
      expect((await lookup(db, query)).map((e) => e.id)).toContain('azerbaijan');
    }
    expect(await lookup(db, 'zzz')).toEqual([]);
    expect(await lookup(db, '   ')).toEqual([]);
  });

  it('indexes relation targets', () => {
    const row = toRow({
      ...entity('btc'),
      relations: [
        { type: 'passes_through', target: 'georgia', source: 'https://example.org/', asOf: '2026-01-01' },
        { type: 'passes_through', target: 'georgia', source: 'https://example.org/', asOf: '2026-01-01' },
      ],
    });
    expect(row.targets).toEqual(['georgia']);
  });
});

describe('notes across knowledge-base updates', () => {
  const rowsOf = (...entities: Entity[]): KbRows => {
    const b = bundleKb(entities);
    return { hash: b.hash, rows: b.entities.map(toRow) };
  };

  it('keeps notes when the knowledge base is replaced, and moves them to a successor', async () => {
    const db = freshDb();
    const v1 = rowsOf(entity('zangezur-corridor'), entity('tripp'), entity('armenia'));
    await loadKb(db, v1.hash, async () => v1);
    const onCorridor = await addEntityNote(
      db,
      {
        entityId: 'zangezur-corridor',
        body: 'Watch the #tripp talks',
      },
      author('device-a'),
    );
    const onArmenia = await addEntityNote(
      db,
      {
        entityId: 'armenia',
        body: 'Elections in June',
      },
      author('device-a'),
    );
    // v2 merges the corridor into TRIPP and drops Armenia altogether (a bad update, for the test).
    const v2 = rowsOf({ ...entity('zangezur-corridor'), replacedBy: 'tripp' }, entity('tripp'));
    await loadKb(db, v2.hash, async () => v2);
    expect((await db.notes.get(onCorridor.id))?.entityIds).toEqual(['tripp']);
    expect((await db.notes.get(onArmenia.id))?.entityIds).toEqual(['armenia']);
    expect(await db.notes.count()).toBe(2);
    expect((await notesForEntity(db, 'tripp')).map((n) => n.body)).toEqual(['Watch the #tripp talks']);
  });

  it('reads tags from the body', async () => {
    const db = freshDb();
    const note = await addEntityNote(
      db,
      {
        entityId: 'armenia',
        body: 'On #Energy and #energy, #ТРИПП too',
      },
      author('d'),
    );
    expect(note.tags).toEqual(['energy', 'трипп']);
  });
});
