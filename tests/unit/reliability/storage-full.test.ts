/**
 * The browser's storage full, simulated in Node: IndexedDB refuses a note write with a
 * QuotaExceededError, in each shape Dexie 4 passes it on. The background answers with a plain message
 * marked storageFull (so the panel keeps the note and retries), the failed transaction leaves the
 * database as it was, and the same request succeeds once there is space. (In a real Chromium, with
 * a real quota: tests/e2e/reliability/storage-full.test.ts.)
 */
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isQuotaError, STORAGE_FULL } from '../../../lib/db/storage-full.ts';
import { toAnnotationCollection } from '../../../lib/notes/interchange.ts';
import { countReliability } from '../../reliability/counts.ts';
import { type Background, EXTENSION, startBackground } from './background.ts';

const domQuota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

/** How the refusal reaches our code: as IndexedDB raises it, and as Dexie 4 wraps it. */
const SHAPES: [string, () => Error][] = [
  ['the DOMException itself', domQuota],
  ['mapped by Dexie (inner: the DOMException)', () => new Dexie.QuotaExceededError(domQuota())],
  ['a transaction aborted at commit (AbortError, inner)', () => new Dexie.AbortError(domQuota())],
  ['among the failures of a bulk write', () => new Dexie.BulkError('bulkAdd failed', { 0: domQuota() })],
];

describe('recognizing a full storage', () => {
  it.each(SHAPES)('%s', (_, make) => {
    expect(isQuotaError(make())).toBe(true);
  });

  it('and nothing else', () => {
    for (const error of [
      new Error('QuotaExceededError'),
      new Dexie.AbortError(new DOMException('gone', 'UnknownError')),
      new Dexie.ConstraintError('key exists'),
      null,
      'QuotaExceededError',
    ]) {
      expect(isQuotaError(error)).toBe(false);
    }
  });
});

let bg: Background | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await bg?.close();
  bg = undefined;
});

describe('a note write refused for lack of space', () => {
  const WRITES = ['notes:add-entity', 'notes:add', 'notes:update', 'notes:delete', 'notes:import'] as const;

  async function seeded() {
    bg = await startBackground();
    const first = await bg.route(
      { type: 'notes:add-entity', payload: { entityId: 'armenia', body: 'already stored' } },
      EXTENSION,
    );
    const id = (first.value as { note: { id: string } }).note.id;
    const stored = await bg.db.notes.get(id);
    if (!stored) throw new Error('not stored');
    return { bg, id, stored };
  }

  function message(type: (typeof WRITES)[number], id: string, stored: object) {
    switch (type) {
      case 'notes:add-entity':
        return { type, payload: { entityId: 'azerbaijan', body: 'x'.repeat(20_000) } };
      case 'notes:add':
        return { type, payload: { kind: 'page', entityIds: [], body: 'new', url: 'https://news.example/a' } };
      case 'notes:update':
        return { type, payload: { id, body: 'edited' } };
      case 'notes:delete':
        return { type, payload: { id, deleted: true } };
      case 'notes:import': {
        const imported = { ...stored, id: crypto.randomUUID(), body: 'imported' };
        return { type, payload: { text: JSON.stringify(toAnnotationCollection([imported as never], 'x')) } };
      }
    }
  }

  it.each(SHAPES)(
    '(%s): a clear message, nothing stored changed, and the retry saves it',
    async (_, make) => {
      const { bg, id, stored } = await seeded();
      for (const type of WRITES) {
        const before = await bg.dump();
        // The note row is written first in the transaction; its outbox entry is refused.
        const full = vi.spyOn(bg.db.outbox, 'bulkAdd').mockRejectedValue(make());
        const request = message(type, id, stored);
        const refused = await bg.route(request, EXTENSION);
        expect(full).toHaveBeenCalled();
        expect(refused).toEqual({ ok: false, error: STORAGE_FULL, storageFull: true });
        // Rolled back whole: the note, the outbox, everything else as before (but the sync nudge,
        // which is not sent for a failed write either).
        expect(await bg.dump()).toEqual(before);
        full.mockRestore();

        // Space again: the same request, retried as the panel does, goes through.
        const retried = await bg.route(request, EXTENSION);
        expect(retried.ok).toBe(true);
        expect(await bg.dump()).not.toEqual(before);
        if (type === 'notes:delete') await bg.route({ type, payload: { id, deleted: false } }, EXTENSION);
        countReliability('faults');
      }
      expect(await bg.db.notes.get(id)).toMatchObject({ body: 'edited' });
    },
  );

  it('another failure is not reported as a full storage', async () => {
    const { bg } = await seeded();
    vi.spyOn(bg.db.outbox, 'bulkAdd').mockRejectedValue(new Dexie.ConstraintError('key exists'));
    const refused = await bg.route(
      { type: 'notes:add-entity', payload: { entityId: 'armenia', body: 'n' } },
      EXTENSION,
    );
    expect(refused.ok).toBe(false);
    expect(refused).not.toHaveProperty('storageFull');
    expect(refused.error).not.toBe(STORAGE_FULL);
  });
});
