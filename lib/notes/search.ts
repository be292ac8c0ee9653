/**
 * Full-text search over the reader's notes, accent- and case-insensitive in every script (the same
 * folding as the recognizer). Each note's folded text is computed once per edit and kept, so a query
 * over 10,000 notes is a pass of substring tests.
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

const folded = new Map<string, { updatedAt: number; text: string }>();

function haystack(note: NoteRow): string {
  const cached = folded.get(note.id);
  if (cached && cached.updatedAt === note.updatedAt) return cached.text;
  const text = fold(
    [note.body, note.target?.quote.exact ?? '', note.title ?? '', note.tags.join(' ')].join('\n'),
  );
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
  const sort = filters.sort ?? 'newest';
  return matches.sort((a, b) =>
    sort === 'oldest'
      ? a.updatedAt - b.updatedAt
      : sort === 'site'
        ? (siteOf(a) ?? '').localeCompare(siteOf(b) ?? '') || b.updatedAt - a.updatedAt
        : b.updatedAt - a.updatedAt,
  );
}
