/**
 * Full-text search over the reader's notes, accent- and case-insensitive in every script (the same
 * folding as the recognizer). Each note's folded text is stored with it when written, so a query over
 * 10,000 notes is a pass of substring tests; a 1,024-bit set of the character pairs in each note's text
 * (kept per note version) rules out most notes before any substring test. The side panel runs it in a
 * worker (search-channel.ts).
 */
import type { NoteRow } from '../db/database.ts';
import { fold } from '../text/fold.ts';

export interface NoteFilters {
  entityId?: string;
  tag?: string;
  site?: string;
  /** Only notes edited on or after this time (ms). */
  since?: number;
  sort?: 'newest' | 'oldest' | 'site';
}

/** What a note is searched by, folded: written with the note (notes-store), so queries only compare. */
export function searchText(note: Pick<NoteRow, 'body' | 'target' | 'title' | 'tags'>): string {
  return fold([note.body, note.target?.quote.exact ?? '', note.title ?? '', note.tags.join(' ')].join('\n'));
}

/** A note as the search reads it: its folded text and what the filters look at. */
export type SearchRow = Pick<NoteRow, 'id' | 'entityIds' | 'tags' | 'url' | 'updatedAt'> & { search: string };

const folded = new Map<string, { updatedAt: number; text: string }>();

/** The search's view of a note. Rows written before the search field existed get it computed once. */
export function searchRowOf(note: NoteRow): SearchRow {
  let text = note.search;
  if (text === undefined) {
    const cached = folded.get(note.id);
    if (cached && cached.updatedAt === note.updatedAt) text = cached.text;
    else {
      text = searchText(note);
      folded.set(note.id, { updatedAt: note.updatedAt, text });
    }
  }
  return {
    id: note.id,
    entityIds: note.entityIds,
    tags: note.tags,
    ...(note.url === undefined ? {} : { url: note.url }),
    updatedAt: note.updatedAt,
    search: text,
  };
}

/** The character pairs of a text, hashed into 1,024 bits (32 words). */
const GRAM_WORDS = 32;
function gramsOf(text: string, into = new Int32Array(GRAM_WORDS)): Int32Array {
  let prev = text.charCodeAt(0);
  for (let i = 1; i < text.length; i++) {
    const next = text.charCodeAt(i);
    const h = (Math.imul(prev, 0x9e3779b1) ^ Math.imul(next, 0x85ebca6b)) >>> 22;
    into[h >>> 5] = (into[h >>> 5] as number) | (1 << (h & 31));
    prev = next;
  }
  return into;
}

/** Each row's pair set; a new row of a note (another version) reuses it while the text is the same. */
const gramsOfRow = new WeakMap<SearchRow, Int32Array>();
const gramsById = new Map<string, { text: string; grams: Int32Array }>();
function noteGrams(note: SearchRow): Int32Array {
  const text = note.search;
  let grams = gramsOfRow.get(note);
  if (grams) return grams;
  const known = gramsById.get(note.id);
  if (known && known.text === text) grams = known.grams;
  else {
    grams = gramsOf(text);
    if (gramsById.size > 100_000) gramsById.clear();
    gramsById.set(note.id, { text, grams });
  }
  gramsOfRow.set(note, grams);
  return grams;
}

/**
 * Builds the pair sets of `notes` ahead of searching, from index `from` while `more()` says there is
 * time; returns where it stopped. A note without its pair set yet is searched by its text alone (the
 * same answer): a search does not wait for the sets, which take longer than testing the text once.
 */
export function prepareSearch(notes: readonly SearchRow[], from: number, more: () => boolean): number {
  let i = from;
  for (; i < notes.length && more(); i++) noteGrams(notes[i] as SearchRow);
  return i;
}

/** A folded query: its words, and the pairs a note must contain to contain them all. */
interface Query {
  words: string[];
  grams: Int32Array;
  /** The words of `grams` with a bit set. */
  used: number[];
}
function parseQuery(folded: string): Query {
  const words = folded.split(/\s+/).filter(Boolean);
  const grams = new Int32Array(GRAM_WORDS);
  for (const word of words) gramsOf(word, grams);
  const used = [...grams.keys()].filter((i) => grams[i] !== 0);
  return { words, grams, used };
}

function contains(note: SearchRow, query: Query): boolean {
  const text = note.search;
  const grams = query.used.length ? gramsOfRow.get(note) : undefined;
  if (grams) {
    for (const i of query.used) {
      const want = query.grams[i] as number;
      if (((grams[i] as number) & want) !== want) return false;
    }
  }
  for (const word of query.words) if (!text.includes(word)) return false;
  return true;
}

const sites = new Map<string, string | null>();

/** The note's site (host without www.); parsed once per address. */
export function siteOf(note: Pick<NoteRow, 'url'>): string | null {
  if (!note.url) return null;
  let site = sites.get(note.url);
  if (site === undefined) {
    try {
      site = new URL(note.url).hostname.replace(/^www\./, '');
    } catch {
      site = null;
    }
    if (sites.size > 50_000) sites.clear();
    sites.set(note.url, site);
  }
  return site;
}

/** `notes` newest first, as allNotes gives them. */
export function searchNotes<T extends SearchRow>(
  notes: readonly T[],
  query: string,
  filters: NoteFilters = {},
): T[] {
  const parsed = parseQuery(fold(query));
  const matches = notes.filter((note) => {
    if (filters.entityId && !note.entityIds.includes(filters.entityId)) return false;
    if (filters.tag && !note.tags.includes(filters.tag)) return false;
    if (filters.site && siteOf(note) !== filters.site) return false;
    if (filters.since && note.updatedAt < filters.since) return false;
    return !parsed.words.length || contains(note, parsed);
  });
  // The notes arrive newest first (allNotes): filtering keeps that order, so only the others sort.
  const sort = filters.sort ?? 'newest';
  if (sort === 'newest') return matches;
  return matches.sort((a, b) =>
    sort === 'oldest'
      ? a.updatedAt - b.updatedAt
      : (siteOf(a) ?? '').localeCompare(siteOf(b) ?? '') || b.updatedAt - a.updatedAt,
  );
}

/**
 * searchNotes for a search box: remembers its last answer, and when the query only grew (the reader
 * typed on) over the same notes and filters, searches within that answer instead of every note.
 * Whatever a longer query finds, the shorter one found too: each of its words contains one of the
 * shorter query's words, so typing narrows a shrinking list.
 */
export function createNoteSearch<T extends SearchRow>(): (
  notes: readonly T[],
  query: string,
  filters?: NoteFilters,
) => T[] {
  let last: { notes: readonly T[]; filters: NoteFilters; folded: string; found: T[] } | null = null;
  return (notes, query, filters = {}) => {
    const folded = fold(query);
    const narrows =
      last !== null &&
      last.notes === notes &&
      sameFilters(last.filters, filters) &&
      folded.startsWith(last.folded);
    // The previous answer is already filtered and in order: only the words are left to test.
    const found = narrows ? narrow(last?.found ?? [], folded) : searchNotes(notes, query, filters);
    last = { notes, filters, folded, found };
    return found;
  };
}

/** Filters compare by value: each request to the worker brings its own copy. */
function sameFilters(a: NoteFilters, b: NoteFilters): boolean {
  return (
    a.entityId === b.entityId &&
    a.tag === b.tag &&
    a.site === b.site &&
    a.since === b.since &&
    (a.sort ?? 'newest') === (b.sort ?? 'newest')
  );
}

function narrow<T extends SearchRow>(found: readonly T[], folded: string): T[] {
  const parsed = parseQuery(folded);
  return parsed.words.length ? found.filter((note) => contains(note, parsed)) : [...found];
}
