/**
 * Full-text search over the reader's notes, accent- and case-insensitive in every script (the same
 * folding as the recognizer). Each note's folded text is stored with it when written, so a query over
 * 10,000 notes is a pass of substring tests.
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

const folded = new Map<string, { updatedAt: number; text: string }>();

/** Rows written before the search field existed get it computed once here. */
function haystack(note: NoteRow): string {
  if (note.search !== undefined) return note.search;
  const cached = folded.get(note.id);
  if (cached && cached.updatedAt === note.updatedAt) return cached.text;
  const text = searchText(note);
  folded.set(note.id, { updatedAt: note.updatedAt, text });
  return text;
}

export function siteOf(note: NoteRow): string | null {
  if (!note.url) return null;
  try {
    return new URL(note.url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}

/** `notes` newest first, as allNotes gives them. */
export function searchNotes(notes: readonly NoteRow[], query: string, filters: NoteFilters = {}): NoteRow[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const matches = notes.filter((note) => {
    if (filters.entityId && !note.entityIds.includes(filters.entityId)) return false;
    if (filters.tag && !note.tags.includes(filters.tag)) return false;
    if (filters.site && siteOf(note) !== filters.site) return false;
    if (filters.since && note.updatedAt < filters.since) return false;
    if (!words.length) return true;
    const text = haystack(note);
    return words.every((word) => text.includes(word));
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
