/**
 * The reader's notes in IndexedDB. Every write is one transaction. A deleted note stays as a
 * tombstone (deletedAt) so it can be restored, and so sync never brings it back.
 */
import { searchText } from '../notes/search.ts';
import type { NoteView } from '../protocol.ts';
import type { LensDatabase, NoteRow, PassageTarget } from './database.ts';

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
    ...(note.target ? { target: note.target } : {}),
    body: note.body,
    tags: note.tags,
    createdAt: note.createdAt,
    updatedAt: note.updatedAt,
  };
}

export interface NoteInput {
  kind: NoteRow['kind'];
  entityIds: string[];
  body: string;
  device: string;
  url?: string;
  canonical?: string;
  title?: string;
  target?: PassageTarget;
}

export async function addNote(db: LensDatabase, input: NoteInput): Promise<NoteRow> {
  const now = Date.now();
  const note: NoteRow = {
    id: crypto.randomUUID(),
    kind: input.kind,
    entityIds: [...new Set(input.entityIds)],
    ...(input.url ? { url: input.url } : {}),
    ...(input.canonical ? { canonical: input.canonical } : {}),
    ...(input.title ? { title: input.title } : {}),
    ...(input.target ? { target: input.target } : {}),
    body: input.body,
    tags: tagsOf(input.body),
    createdAt: now,
    updatedAt: now,
    device: input.device,
  };
  note.search = searchText(note);
  await db.transaction('rw', db.notes, () => db.notes.add(note));
  return note;
}

export interface EntityNoteInput {
  entityId: string;
  body: string;
  device: string;
  /** The page it was written on, if any. */
  page?: { url: string; title?: string };
}

export function addEntityNote(db: LensDatabase, input: EntityNoteInput): Promise<NoteRow> {
  return addNote(db, {
    kind: 'entity',
    entityIds: [input.entityId],
    body: input.body,
    device: input.device,
    ...(input.page ? { url: input.page.url, ...(input.page.title ? { title: input.page.title } : {}) } : {}),
  });
}

/** Edits a note's body or entities; the edit is stamped with the time and the device. */
export async function updateNote(
  db: LensDatabase,
  id: string,
  patch: { body?: string; entityIds?: string[] },
  device: string,
): Promise<NoteRow> {
  return db.transaction('rw', db.notes, async () => {
    const note = await db.notes.get(id);
    if (!note || note.deletedAt) throw new Error(`no note ${id}`);
    const next: NoteRow = {
      ...note,
      ...(patch.body !== undefined ? { body: patch.body, tags: tagsOf(patch.body) } : {}),
      ...(patch.entityIds ? { entityIds: [...new Set(patch.entityIds)] } : {}),
      updatedAt: Math.max(Date.now(), note.updatedAt + 1),
      device,
    };
    next.search = searchText(next);
    await db.notes.put(next);
    return next;
  });
}

/** Deletes (deleted: true) or restores a note; both are edits like any other. */
export async function setDeleted(
  db: LensDatabase,
  id: string,
  deleted: boolean,
  device: string,
): Promise<void> {
  await db.transaction('rw', db.notes, async () => {
    const note = await db.notes.get(id);
    if (!note) throw new Error(`no note ${id}`);
    const { deletedAt: _, ...rest } = note;
    const now = Math.max(Date.now(), note.updatedAt + 1);
    await db.notes.put(
      deleted ? { ...rest, deletedAt: now, updatedAt: now, device } : { ...rest, updatedAt: now, device },
    );
  });
}

const live = (note: NoteRow) => !note.deletedAt;

/** Every note about an entity, newest first. */
export async function notesForEntity(db: LensDatabase, entityId: string): Promise<NoteRow[]> {
  return (await db.notes.where('entityIds').equals(entityId).reverse().sortBy('updatedAt')).filter(live);
}

/** The notes filed under a page (its canonical URL), newest first. */
export async function notesForPage(db: LensDatabase, url: string): Promise<NoteRow[]> {
  return (await db.notes.where('url').equals(url).reverse().sortBy('updatedAt')).filter(live);
}

/** Every note that is not deleted, newest first. */
export async function allNotes(db: LensDatabase): Promise<NoteRow[]> {
  return (await db.notes.orderBy('updatedAt').reverse().toArray()).filter(live);
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

export interface MergeResult {
  added: number;
  updated: number;
  skipped: number;
}

/** Merges notes by id in one transaction: new ones added, the newer edit winning over an older one. */
export async function mergeNotes(db: LensDatabase, incoming: readonly NoteRow[]): Promise<MergeResult> {
  const result: MergeResult = { added: 0, updated: 0, skipped: 0 };
  await db.transaction('rw', db.notes, async () => {
    const existing = await db.notes.bulkGet(incoming.map((n) => n.id));
    const writes: NoteRow[] = [];
    incoming.forEach((note, i) => {
      const current = existing[i];
      if (!current) result.added++;
      else if (note.updatedAt > current.updatedAt) result.updated++;
      else {
        result.skipped++;
        return;
      }
      writes.push({ ...note, search: searchText(note) });
    });
    await db.notes.bulkPut(writes);
  });
  return result;
}
