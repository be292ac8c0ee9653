/**
 * Upgrades: the database as each earlier schema version wrote it (tests/fixtures/db/v<N>.json),
 * opened with the current schema. Every note is still there with its words, its entities and its
 * page, gets its sync fields, and goes into the outbox once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { LensDatabase } from '../../../lib/db/database.ts';
import { searchNotes, searchRowOf } from '../../../lib/notes/search.ts';

interface Fixture {
  version: number;
  stores: Record<string, string>;
  tables: Record<string, Record<string, unknown>[]>;
}

const DIR = new URL('../../fixtures/db/', import.meta.url);
const fixtures = readdirSync(DIR)
  .filter((f) => /^v\d+\.json$/.test(f))
  .map((f) => JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as Fixture);

const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

describe('opening an older database with the current schema', () => {
  it('has a fixture for every earlier version', () => {
    const current = new LensDatabase(`probe-${Math.random()}`).verno;
    expect(fixtures.map((f) => f.version).sort()).toEqual(
      Array.from({ length: current - 1 }, (_, i) => i + 1),
    );
  });

  it.each(fixtures)('version $version: every note intact', async (fixture) => {
    const name = `upgrade-${fixture.version}-${Math.random()}`;
    names.push(name);
    const old = new Dexie(name);
    old.version(fixture.version).stores(fixture.stores);
    for (const [table, rows] of Object.entries(fixture.tables)) await old.table(table).bulkAdd(rows);
    old.close();

    const db = new LensDatabase(name);
    const notes = await db.notes.orderBy('id').toArray();
    const before = (fixture.tables.notes ?? []).sort((a, b) => String(a.id).localeCompare(String(b.id)));
    expect(notes.map((n) => n.id)).toEqual(before.map((n) => n.id));
    for (const [i, note] of notes.entries()) {
      const was = before[i] as Record<string, unknown>;
      const { entityId, ...rest } = was;
      // Everything the note had, as it had it (v2's single entity became the list's only entry).
      expect(note).toMatchObject({ ...rest, entityIds: entityId ? [entityId] : was.entityIds });
      expect(note.hlc).toMatch(/\S/);
      expect(note.vv).toEqual({ [String(was.device)]: 1 });
    }
    expect((await db.outbox.toArray()).map((e) => e.noteId).sort()).toEqual(before.map((n) => n.id).sort());
    expect(await db.entities.count()).toBe(fixture.tables.entities?.length ?? 0);
    // Found by search, including rows written before the folded search text existed.
    for (const note of notes.filter((n) => !n.deletedAt)) {
      expect(searchNotes(notes.map(searchRowOf), note.body).map((n) => n.id)).toContain(note.id);
    }
    db.close();
  });
});
