import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createNoteSearch, prepareSearch, searchNotes } from '../../lib/notes/search.ts';
import { fold } from '../../lib/text/fold.ts';
import { testNote as note } from './test-note.ts';

// Newest first, as the side panel reads them.
const NOTES = [
  note('5', 'Ереван и Баку: переговоры', { tags: ['talks'], url: 'https://www.news.example/a' }),
  note('4', 'Erdoğan visited Azərbaycan', { entityIds: ['turkey'] }),
  note('3', 'Սյունիքի ճանապարհ', { url: 'https://other.example/b' }),
  note('2', 'Plain English note about Georgia', { tags: ['talks'] }),
];

describe('note search', () => {
  it.each([
    ['баку', ['5']],
    ['ЕРЕВАН переговоры', ['5']],
    ['erdogan azerbaycan', ['4']],
    ['ՍՅՈՒՆԻՔԻ', ['3']],
    ['georgia', ['2']],
    ['', ['5', '4', '3', '2']],
  ])('"%s" finds %j, whatever the case and accents', (query, ids) => {
    expect(searchNotes(NOTES, query).map((n) => n.id)).toEqual(ids);
  });

  it('filters by tag, entity and site, and sorts', () => {
    expect(searchNotes(NOTES, '', { tag: 'talks' }).map((n) => n.id)).toEqual(['5', '2']);
    expect(searchNotes(NOTES, '', { entityId: 'turkey' }).map((n) => n.id)).toEqual(['4']);
    expect(searchNotes(NOTES, '', { site: 'news.example' }).map((n) => n.id)).toEqual(['5']);
    expect(searchNotes(NOTES, '', { sort: 'oldest' }).map((n) => n.id)).toEqual(['2', '3', '4', '5']);
    expect(searchNotes(NOTES, '', { since: 4 }).map((n) => n.id)).toEqual(['5', '4']);
  });

  it('finds exactly the notes containing every word, whatever the text (the pair prefilter loses none)', () => {
    const text = fc.string({ unit: fc.constantFrom(...'abcdeабвгդեզ \u0130ı'), maxLength: 40 });
    fc.assert(
      fc.property(fc.array(text, { maxLength: 30 }), text, (bodies, query) => {
        const notes = bodies.map((body, i) => note(String(i + 1), body));
        const words = fold(query).split(/\s+/).filter(Boolean);
        const naive = notes.filter((n) => words.every((w) => (n.search as string).includes(w)));
        // Before the pair sets are built (the text alone), with some, and with all of them.
        expect(searchNotes(notes, query)).toEqual(naive);
        let half = notes.length >> 1;
        prepareSearch(notes, 0, () => half-- > 0);
        expect(searchNotes(notes, query)).toEqual(naive);
        prepareSearch(notes, 0, () => true);
        expect(searchNotes(notes, query)).toEqual(naive);
      }),
      { numRuns: 500 },
    );
  });

  it('narrows the last answer as the query grows, and starts again when it does not', () => {
    const search = createNoteSearch();
    const filters = {};
    const typed = ['е', 'ер', 'ере', 'ереван', 'ереван ', 'ереван п', 'e', 'er', ''];
    for (const query of typed) {
      expect(search(NOTES, query, filters).map((n) => n.id)).toEqual(
        searchNotes(NOTES, query, filters).map((n) => n.id),
      );
    }
    // New filters, same query: a search over every note again.
    expect(search(NOTES, 'talks', { tag: 'talks' }).map((n) => n.id)).toEqual(['5', '2']);
    expect(search(NOTES, 'talks', { tag: 'talks', sort: 'oldest' }).map((n) => n.id)).toEqual(['2', '5']);
  });
});
