import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { LensDatabase, type NoteRow } from '../../lib/db/database.ts';
import { addNote, allNotes, type ImportedNote, importNotes } from '../../lib/db/notes-store.ts';
import { readAnnotationCollection, toAnnotationCollection, toMarkdown } from '../../lib/notes/interchange.ts';
import { Clock } from '../../lib/sync/clock.ts';

const dbs: LensDatabase[] = [];
const fresh = () => {
  const db = new LensDatabase(`interchange-${Math.random()}`);
  dbs.push(db);
  return db;
};
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

const author = (device: string) => ({ device, clock: new Clock(device) });

/** Stored rows carry derived search and sync fields that an export leaves out. */
const withoutSearch = (notes: NoteRow[]): ImportedNote[] =>
  notes.map(({ search: _s, hlc: _h, vv: _v, conflicts: _c, ...note }) => note);

async function sample(db: LensDatabase): Promise<ImportedNote[]> {
  await addNote(
    db,
    {
      kind: 'entity',
      entityIds: ['tripp'],
      body: 'Watch the **route** #tripp',
    },
    author('d1'),
  );
  await addNote(
    db,
    {
      kind: 'page',
      entityIds: ['armenia'],
      body: 'Good overview',
      url: 'https://news.example/a',
      title: 'An article',
    },
    author('d1'),
  );
  await addNote(
    db,
    {
      kind: 'passage',
      entityIds: ['iran', 'armenia'],
      body: 'Iran on the Aras border — Արաքս, Аракս',
      url: 'https://news.example/a',
      canonical: 'https://news.example/canonical-a',
      target: {
        quote: { exact: 'border with Armenia', prefix: 'change to its ', suffix: ' along the Aras' },
        position: { start: 120, end: 139 },
      },
    },
    author('d2'),
  );
  return withoutSearch(await allNotes(db));
}

describe('export and import', () => {
  it('round-trips every note through a W3C AnnotationCollection', async () => {
    const notes = await sample(fresh());
    const json = JSON.stringify(toAnnotationCollection(notes, 'All notes'));
    const back = readAnnotationCollection(json);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    const key = (n: ImportedNote) => n.id;
    expect([...back.notes].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      [...notes].sort((a, b) => key(a).localeCompare(key(b))),
    );
    const target = fresh();
    expect(await importNotes(target, back.notes, author('d3'))).toEqual({ added: 3, updated: 0, skipped: 0 });
    expect(await importNotes(target, back.notes, author('d3'))).toEqual({ added: 0, updated: 0, skipped: 3 });
  });

  it('merges by id, the newer edit winning', async () => {
    const db = fresh();
    const [note] = await sample(db);
    if (!note) throw new Error('no note');
    const newer = { ...note, body: 'Edited elsewhere', updatedAt: note.updatedAt + 1000 };
    const older = { ...note, body: 'Stale copy', updatedAt: note.updatedAt - 1000 };
    expect(await importNotes(db, [older], author('d3'))).toEqual({ added: 0, updated: 0, skipped: 1 });
    expect(await importNotes(db, [newer], author('d3'))).toEqual({ added: 0, updated: 1, skipped: 0 });
    expect((await db.notes.get(note.id))?.body).toBe('Edited elsewhere');
  });

  it.each([
    ['not JSON', '{"type": "AnnotationCollection", "first": ', /Not JSON/],
    ['a foreign file', '{"hello": "world"}', /Not a Caucasus Lens notes export: @context/],
    [
      'a wrong kind',
      JSON.stringify({
        '@context': ['http://www.w3.org/ns/anno.jsonld', { lens: 'https://caucasus-lens.org/ns#' }],
        type: 'AnnotationCollection',
        first: { items: [{ type: 'Annotation' }] },
      }),
      /first\.items\.0\.id/,
    ],
    ['an array', '[1, 2, 3]', /Not a Caucasus Lens notes export/],
    ['too large', 'x'.repeat(32 * 1024 * 1024 + 1), /larger than 32 MB/],
  ])('refuses %s with a clear message', (_name, raw, message) => {
    const result = readAnnotationCollection(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it('refuses a truncated export, and never throws on random JSON', async () => {
    const notes = await sample(fresh());
    const json = JSON.stringify(toAnnotationCollection(notes, 'All'));
    for (let cut = 1; cut < json.length; cut += 97)
      expect(readAnnotationCollection(json.slice(0, cut)).ok).toBe(false);
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = readAnnotationCollection(JSON.stringify(value));
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it('writes a dossier that reads on its own: notes grouped by page, quotes, links', async () => {
    const notes = await sample(fresh());
    const md = toMarkdown(notes, { title: 'Armenia', nameOf: (id) => id.toUpperCase() });
    expect(md).toMatch(/^# Armenia\n/);
    expect(md).toContain('## [An article](https://news.example/a)');
    expect(md).toContain('> border with Armenia');
    expect(md).toContain('IRAN, ARMENIA');
  });
});
