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
    entityId: note.entityId,
    body: note.body,
    tags: note.tags,
    createdAt: note.createdAt,
    updatedAt: note.updatedAt,
  };
}

export async function addEntityNote(
  db: LensDatabase,
  entityId: string,
  body: string,
  device: string,
): Promise<NoteRow> {
  const now = Date.now();
  const note: NoteRow = {
    id: crypto.randomUUID(),
    kind: 'entity',
    entityId,
    body,
    tags: tagsOf(body),
    createdAt: now,
    updatedAt: now,
    device,
  };
  await db.transaction('rw', db.notes, () => db.notes.add(note));
  return note;
}

export function notesForEntity(db: LensDatabase, entityId: string): Promise<NoteRow[]> {
  return db.notes.where('entityId').equals(entityId).reverse().sortBy('updatedAt');
}
