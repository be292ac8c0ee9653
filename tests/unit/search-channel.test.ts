import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NoteRow } from '../../lib/db/database.ts';
import { type NoteFilters, searchNotes, searchRowOf } from '../../lib/notes/search.ts';
import {
  type Answer,
  createSearchClient,
  createSearchService,
  type ToWorker,
} from '../../lib/notes/search-channel.ts';
import { testNote as note } from './test-note.ts';

// Newest first, as the side panel reads them.
const NOTES = [
  note('5', 'Ереван и Баку: переговоры', { tags: ['talks'], url: 'https://www.news.example/a' }),
  note('4', 'Erdoğan visited Azərbaycan', { entityIds: ['turkey'] }),
  note('3', 'Սյունիքի ճանապարհ', { url: 'https://other.example/b' }),
  note('2', 'Plain English note about Georgia talks', { tags: ['talks'] }),
];

/**
 * A panel and a worker joined as the browser joins them: messages are cloned and wait in queues.
 * `work` runs the worker (its messages, then its scheduled steps), `hand` gives the panel the answers.
 */
function joined() {
  const toWorker: unknown[] = [];
  const toPanel: unknown[] = [];
  const steps: (() => void)[] = [];
  const sent: ToWorker[] = [];
  const answers: Answer[] = [];
  const receive = createSearchService(
    (answer) => {
      answers.push(answer);
      toPanel.push(structuredClone(answer));
    },
    (step) => steps.push(step),
  );
  const client = createSearchClient((message) => {
    sent.push(message);
    toWorker.push(structuredClone(message));
  });
  const found: (NoteRow[] | null)[] = [];
  const work = () => {
    for (let guard = 0; toWorker.length || steps.length; guard++) {
      if (guard > 1000) throw new Error('the worker never settles');
      if (toWorker.length) receive(toWorker.shift());
      else steps.shift()?.();
    }
  };
  const hand = () => {
    while (toPanel.length) found.push(client.receive(toPanel.shift()));
  };
  const deliver = () => {
    work();
    hand();
  };
  return { client, sent, answers, found, work, hand, deliver };
}

const ids = (notes: readonly NoteRow[] | null) => (notes ? notes.map((n) => n.id) : null);

afterEach(() => vi.restoreAllMocks());

describe('the search worker and the panel', () => {
  it.each<[string, NoteFilters]>([
    ['баку', {}],
    ['ՍՅՈՒՆԻՔԻ', {}],
    ['talks', {}],
    ['talks', { tag: 'talks', sort: 'oldest' }],
    ['', { entityId: 'turkey' }],
    ['', { site: 'news.example' }],
    ['', { sort: 'site' }],
    ['e', { since: 4 }],
  ])('find what searchNotes finds: "%s" with %j', (query, filters) => {
    const { client, found, deliver } = joined();
    expect(client.request(NOTES, query, filters)).toBeNull();
    deliver();
    expect(found).toHaveLength(1);
    expect(ids(found[0] ?? null)).toEqual(ids(searchNotes(NOTES, query, filters)));
    // The panel's own rows come back, not copies.
    for (const row of found[0] ?? []) expect(NOTES).toContain(row);
  });

  it('answers no words and no filters at once with every note, asking the worker nothing', () => {
    const { client, sent } = joined();
    expect(client.request(NOTES, '  ', { sort: 'newest' })).toBe(NOTES);
    expect(sent.map((m) => m.type)).toEqual(['notes']);
  });

  it('sends a note again only when what the search reads of it changed', () => {
    const { client, sent } = joined();
    client.request(NOTES, 'a', {});
    expect(sent[0]).toMatchObject({ type: 'notes', order: ['5', '4', '3', '2'] });
    expect((sent[0] as Extract<ToWorker, { type: 'notes' }>).put).toHaveLength(4);
    // A live query reads every row again: new objects, same content.
    const reread = NOTES.map((n) => ({ ...n, entityIds: [...n.entityIds], tags: [...n.tags] }));
    client.request(reread, 'a', {});
    // One note edited, one relinked by a knowledge-base update (same version), one deleted.
    const changed = [
      { ...note('5', 'Ереван, Баку и Тбилиси'), updatedAt: 6 },
      { ...reread[1], entityIds: ['turkiye'] } as NoteRow,
      reread[2] as NoteRow,
    ];
    client.request(changed, 'a', {});
    const notes = sent.filter((m) => m.type === 'notes');
    expect(notes.map((m) => m.put.map((r) => r.id))).toEqual([['5', '4', '3', '2'], [], ['5', '4']]);
    expect(notes.map((m) => m.order)).toEqual([
      ['5', '4', '3', '2'],
      ['5', '4', '3', '2'],
      ['5', '4', '3'],
    ]);
  });

  it('keeps the worker in step: an edited note is found by its new words, a deleted one is gone', () => {
    const { client, found, deliver } = joined();
    client.request(NOTES, 'тбилиси', {});
    deliver();
    const edited = [{ ...note('5', 'Ереван, Баку и Тбилиси'), updatedAt: 6 }, ...NOTES.slice(1, 3)];
    client.request(edited, 'тбилиси', {});
    deliver();
    client.request(edited, 'georgia', {});
    deliver();
    expect(found.map(ids)).toEqual([[], ['5'], []]);
  });

  it('drops the answer to an earlier question, and to any question over earlier notes', () => {
    const { client, found, work, hand, deliver } = joined();
    client.request(NOTES, 'баку', {});
    work();
    // Answered, but asked again before the answer reached the panel: that answer is stale.
    client.request(NOTES, 'talks', {});
    deliver();
    expect(found.map(ids)).toEqual([null, ['5', '2']]);
    // Asked, then the notes changed: the answer over the old notes is stale too.
    client.request(NOTES, 'georgia', {});
    work();
    client.request(NOTES.slice(1), 'georgia', {});
    hand();
    deliver();
    expect(found.map(ids).slice(2)).toEqual([null, ['2']]);
  });

  it('maps an answer only onto the notes it was searched over', () => {
    const client = createSearchClient(() => {});
    client.request(NOTES, 'talks', {});
    expect(client.receive({ seq: 1, version: 0, found: Int32Array.of(0) })).toBeNull();
    expect(ids(client.receive({ seq: 1, version: 1, found: Int32Array.of(0, 3) }))).toEqual(['5', '2']);
  });

  it('takes only the answer to the latest question when several cross', () => {
    const { client, found, deliver, answers } = joined();
    client.request(NOTES, 'e', {});
    client.request(NOTES, 'er', {});
    client.request(NOTES, 'баку', {});
    deliver();
    // The worker searched only the latest question waiting; the panel took its answer.
    expect(answers.map((a) => a.seq)).toEqual([3]);
    expect(found.map(ids)).toEqual([['5']]);
  });

  it('refuses malformed answers', () => {
    const client = createSearchClient(() => {});
    client.request(NOTES, 'talks', {});
    for (const bad of [
      null,
      { seq: 1, version: 1, found: [0] },
      { seq: 1, version: 1, found: Int32Array.of(7) },
      { seq: 1, version: 1, found: Int32Array.of(-1) },
      { seq: '1', version: 1, found: Int32Array.of(0) },
      { seq: 1, version: 1, found: Int32Array.of(0), extra: true },
    ])
      expect(client.receive(bad)).toBeNull();
  });

  it('ignores malformed messages and keeps searching the notes it has', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const answers: Answer[] = [];
    const steps: (() => void)[] = [];
    const receive = createSearchService(
      (a) => answers.push(a),
      (step) => steps.push(step),
    );
    const rows = NOTES.map(searchRowOf);
    const run = () => {
      while (steps.length) steps.shift()?.();
    };
    receive({ type: 'notes', version: 1, order: rows.map((r) => r.id), put: rows });
    for (const bad of [
      'search',
      { type: 'search', seq: 2, query: 'talks' },
      { type: 'search', seq: 2, query: 'talks', filters: { sort: 'random' } },
      { type: 'search', seq: -2, query: 'talks', filters: {} },
      { type: 'delete', id: '5' },
      { type: 'notes', version: 2, order: ['5'], put: [{ ...rows[0], search: 7 }] },
      { type: 'notes', version: 2, order: ['5'], put: [], extra: 1 },
      // Every row known or brought along: an unknown id leaves the notes as they were.
      { type: 'notes', version: 2, order: ['5', '9'], put: [] },
    ])
      receive(bad);
    run();
    expect(answers).toEqual([]);
    expect(error).toHaveBeenCalledTimes(8);
    receive({ type: 'search', seq: 3, query: 'talks', filters: {} });
    run();
    expect(answers).toEqual([{ seq: 3, version: 1, found: Int32Array.of(0, 3) }]);
  });

  it('prepares the search in slices between questions, and answers a question first', () => {
    // A clock that moves 1 ms each time it is read: slices of the same size on any machine.
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => now++);
    const answers: Answer[] = [];
    const steps: (() => void)[] = [];
    const receive = createSearchService(
      (a) => answers.push(a),
      (step) => steps.push(step),
    );
    const many = Array.from({ length: 200 }, (_, i) => searchRowOf(note(String(i + 10), `note ${i}`)));
    receive({ type: 'notes', version: 1, order: many.map((r) => r.id), put: many });
    expect(steps).toHaveLength(1);
    steps.shift()?.(); // one slice of preparation, and more to do
    expect(steps).toHaveLength(1);
    receive({ type: 'search', seq: 1, query: 'note 199', filters: {} });
    expect(steps).toHaveLength(1); // one step scheduled at a time
    steps.shift()?.();
    expect(answers.map((a) => [...a.found])).toEqual([[199]]);
    let slices = 0;
    while (steps.length) {
      steps.shift()?.();
      slices++;
    }
    expect(slices).toBeGreaterThan(10);
  });
});
