/**
 * Import, fuzzed through the real router and handlers: random JSON, truncated and mutated exports,
 * other @contexts (other versions of our namespace included), and 50 MB files. Each is refused with
 * an error that says what is wrong, and the database is the same afterwards (full dump compared).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allNotes } from '../../../lib/db/notes-store.ts';
import {
  MAX_IMPORT_BYTES,
  readAnnotationCollection,
  toAnnotationCollection,
} from '../../../lib/notes/interchange.ts';
import { countReliability } from '../../reliability/counts.ts';
import { type Background, EXTENSION, startBackground } from './background.ts';

let bg: Background;
/** An export of three notes (entity, page, passage) that imports cleanly into a fresh database. */
let exported: Record<string, unknown>;

beforeAll(async () => {
  bg = await startBackground();
  const source = await startBackground();
  const payloads = [
    { kind: 'entity', entityIds: ['armenia'], body: 'Entity note #one' },
    { kind: 'page', entityIds: [], body: 'Page note', url: 'https://news.example/a', title: 'A' },
    {
      kind: 'passage',
      entityIds: ['tripp'],
      body: 'Passage note',
      url: 'https://news.example/b',
      target: { quote: { exact: 'the route', prefix: 'p', suffix: 's' }, position: { start: 3, end: 12 } },
    },
  ];
  for (const payload of payloads) {
    expect((await source.route({ type: 'notes:add', payload }, EXTENSION)).ok).toBe(true);
    // The database under test holds notes of its own, so "unchanged" means something.
    expect(
      (
        await bg.route(
          { type: 'notes:add', payload: { ...payload, body: `${payload.body} (local)` } },
          EXTENSION,
        )
      ).ok,
    ).toBe(true);
  }
  exported = toAnnotationCollection(await allNotes(source.db), 'All notes');
  await source.close();
});
afterAll(async () => {
  await bg.close();
});

async function refused(text: string): Promise<string> {
  const before = await bg.dump();
  const answer = await bg.route({ type: 'notes:import', payload: { text } }, EXTENSION);
  expect(answer.ok).toBe(false);
  expect(await bg.dump()).toBe(before);
  return answer.error as string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function paths(value: Json, path: (string | number)[] = []): (string | number)[][] {
  const here = path.length ? [path] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, i) => paths(item, [...path, i]))];
  if (value && typeof value === 'object')
    return [...here, ...Object.entries(value).flatMap(([k, item]) => paths(item, [...path, k]))];
  return here;
}

describe('import of bad files', () => {
  it('the unbroken export imports (the control): the fuzzed files below fail for what was broken', async () => {
    const check = await startBackground();
    const answer = await check.route(
      { type: 'notes:import', payload: { text: JSON.stringify(exported) } },
      EXTENSION,
    );
    expect(answer).toEqual({ ok: true, value: { added: 3, updated: 0, skipped: 0 } });
    await check.close();
  });

  it('random JSON: refused, saying it is not JSON or not an export', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.json(),
          fc.string(),
          fc.jsonValue().map((j) => JSON.stringify({ type: 'AnnotationCollection', first: j })),
        ),
        async (text) => {
          runs++;
          expect(await refused(text)).toMatch(/^(Not JSON: |Not a Caucasus Lens notes export: \S)/);
        },
      ),
      { numRuns: 200 },
    );
    countReliability('fuzz-runs', runs);
  }, 60_000);

  it('truncated exports: refused as not JSON', async () => {
    const text = JSON.stringify(exported);
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: text.length - 1 }), async (cut) => {
        runs++;
        expect(await refused(text.slice(0, cut))).toMatch(/^Not JSON: /);
      }),
      { numRuns: 150 },
    );
    countReliability('fuzz-runs', runs);
  }, 60_000);

  it('one field of an export given a wrong value: refused, naming that field', async () => {
    // Fields the import reads; a wrong value in any of them is named in the error.
    const checked = paths(exported as Json).filter(
      (p) =>
        p[0] === '@context' ||
        p[0] === 'type' ||
        (p[0] === 'first' &&
          p[1] === 'items' &&
          p.length >= 4 &&
          !['motivation', 'label'].includes(String(p[3]))),
    );
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...checked),
        fc.constantFrom<Json>(null, 42, true, [], {}, 'x'.repeat(300_000), '<script>alert(1)</script>'),
        async (path, wrong) => {
          const copy = structuredClone(exported) as Record<string | number, Json>;
          let node = copy;
          for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
          const last = path[path.length - 1] as string | number;
          node[last] = wrong;
          const text = JSON.stringify(copy);
          // Some replacements are still valid (a string for a string field): those runs are skipped.
          if (readAnnotationCollection(text).ok) return;
          runs++;
          const error = await refused(text);
          // The error names the field; passage selectors are named by their note.
          const named = /^Not a Caucasus Lens notes export: (\S+): /.exec(error)?.[1];
          const where = `${path.join('.')} = ${JSON.stringify(wrong).slice(0, 40)}: ${error}`;
          const [a, b] = [`${path.join('.')}.`, `${named}.`];
          // Same line of descent: the field itself, what holds it, or (an emptied object) what it lacks.
          if (named) expect(a.startsWith(b) || b.startsWith(a), where).toBe(true);
          else expect(error, where).toMatch(/^Passage note urn:uuid:\S+ has no quote, position or page\.$/);
        },
      ),
      { numRuns: 200 },
    );
    expect(runs).toBeGreaterThan(100);
    countReliability('fuzz-runs', runs);
  }, 120_000);

  it.each([
    ['no @context', undefined],
    ['a string @context', 'http://www.w3.org/ns/anno.jsonld'],
    ['another vocabulary', ['https://schema.org/', { lens: 'https://caucasus-lens.org/ns#' }]],
    [
      'a later version of our namespace',
      ['http://www.w3.org/ns/anno.jsonld', { lens: 'https://caucasus-lens.org/ns/v2#' }],
    ],
    ['no namespace of ours', ['http://www.w3.org/ns/anno.jsonld']],
  ])('a file with %s: refused, naming the @context', async (_label, context) => {
    const copy = { ...exported, '@context': context };
    expect(await refused(JSON.stringify(copy))).toMatch(/^Not a Caucasus Lens notes export: @context: /);
    countReliability('fuzz-runs', 1);
  });

  it('50 MB files: refused by size, before they are parsed, whatever they hold', async () => {
    const fifty = 50 * 1024 * 1024;
    const valid = JSON.stringify(exported);
    const big = [
      // A valid export padded with whitespace: still JSON, only too large.
      valid.slice(0, -1) + ' '.repeat(fifty - valid.length) + valid.slice(-1),
      // Garbage.
      '\u0000'.repeat(fifty),
    ];
    for (const text of big) {
      const used = process.memoryUsage().heapUsed;
      expect(await refused(text)).toContain(`The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`);
      // Not parsed: refusing it took no memory beyond the text itself.
      expect(process.memoryUsage().heapUsed - used).toBeLessThan(20 * 1024 * 1024);
    }
    countReliability('fuzz-runs', big.length);
  }, 60_000);

  it('a file just under the limit with one bad note at its end: refused, naming that note, nothing written', async () => {
    const items = (exported as { first: { items: Record<string, unknown>[] } }).first.items;
    const many: Record<string, unknown>[] = [];
    // About 20 MB of valid notes, then one with a bad date.
    for (let i = 0; many.length < 12_000; i++) {
      const id = `urn:uuid:${crypto.randomUUID()}`;
      many.push({ ...(items[i % items.length] as object), id });
    }
    many.push({ ...(items[0] as object), id: `urn:uuid:${crypto.randomUUID()}`, modified: 'yesterday' });
    const text = JSON.stringify({ ...exported, first: { items: many } });
    expect(text.length).toBeLessThan(MAX_IMPORT_BYTES);
    expect(await refused(text)).toBe(
      `Not a Caucasus Lens notes export: first.items.${many.length - 1}.modified: not an ISO date-time`,
    );
    countReliability('fuzz-runs', 1);
  }, 60_000);
});
