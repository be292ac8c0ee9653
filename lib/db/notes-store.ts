/** The reader's notes in IndexedDB. Every write is one transaction. */
import type { NoteView } from '../protocol.ts';
import type { LensDatabase, NoteRow } from './database.ts';

const TAG = /(?:^|\s)#([\p{L}\p{N}_-]{1,40})/gu;

export function tagsOf(body: string): string[] {
  return [...new Set([...body.matchAll(TAG)].map((m) => (m[1] as string).toLowerCase()))];
}

export function toView(note: NoteRow): NoteView {
  return {
    id: note.id,
    kind: note.kind,
    entityIds: note.entityIds,
    ...(note.url ? { url: note.url } : {}),
    ...(note.title ? { title: note.title } : {}),
    body: note.body,
    tags: note.tags,
    createdAt: note.createdAt,
    updatedAt: note.updatedAt,
  };
}

export interface EntityNoteInput {
  entityId: string;
  body: string;
  device: string;
  /** The page it was written on, if any. */
  page?: { url: string; title?: string };
}

export async function addEntityNote(db: LensDatabase, input: EntityNoteInput): Promise<NoteRow> {
  const now = Date.now();
  const note: NoteRow = {
    id: crypto.randomUUID(),
    kind: 'entity',
    entityIds: [input.entityId],
    ...(input.page ? { url: input.page.url } : {}),
    ...(input.page?.title ? { title: input.page.title } : {}),
    body: input.body,
    tags: tagsOf(input.body),
    createdAt: now,
    updatedAt: now,
    device: input.device,
  };
  await db.transaction('rw', db.notes, () => db.notes.add(note));
  return note;
}

/** Every note about an entity, newest first. */
export function notesForEntity(db: LensDatabase, entityId: string): Promise<NoteRow[]> {
  return db.notes.where('entityIds').equals(entityId).reverse().sortBy('updatedAt');
}

/**
 * What the hover card may show of the reader's notes on an entity: how many there are in all, and
 * the latest of those written on this page. A content script is told nothing else: notes from other
 * pages stay in the side panel, out of reach of any page.
 */
export async function cardNotes(
  db: LensDatabase,
  entityId: string,
  pageUrl: string | undefined,
): Promise<{ total: number; onPage: number; latest: NoteView | null }> {
  const notes = await notesForEntity(db, entityId);
  const here = pageUrl ? notes.filter((note) => note.url === pageUrl) : [];
  const latest = here[0];
  return { total: notes.length, onPage: here.length, latest: latest ? toView(latest) : null };
}
