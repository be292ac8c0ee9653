/**
 * The reader's notes in IndexedDB. Every write is one transaction that also records the note in the
 * outbox, so sync sends every change exactly as it was made. A local change is a new version (clock
 * stamp, version vector) on top of the one shown; versions from other devices are merged by
 * lib/sync/versions.ts. A deleted note stays as a tombstone (deletedAt): undo is another version,
 * and sync never brings a deleted note back.
 */
import { searchText } from '../notes/search.ts';
import type { NoteView } from '../protocol.ts';
import type { Clock } from '../sync/clock.ts';
import { mergeVersions, resolve } from '../sync/versions.ts';
import type { LensDatabase, NoteData, NoteRow, NoteVersion, PassageTarget } from './database.ts';
import { currentEntityIds } from './kb-store.ts';

/** Who writes: this device, and its clock. */
export interface Author {
  device: string;
  clock: Clock;
}

/** The stamp and vector of a local edit on top of `current` (its conflicts stay: see resolveConflicts). */
function nextVersion(author: Author, current: Pick<NoteRow, 'hlc' | 'vv'> | undefined) {
  if (current) author.clock.observe(current.hlc);
  const vv = { ...(current?.vv ?? {}) };
  vv[author.device] = (vv[author.device] ?? 0) + 1;
  return { hlc: author.clock.tick(), vv };
}

/**
 * Notes that arrive after a knowledge-base load (sync, import) may name entities it renamed or merged:
 * they follow to the successors, as the notes already stored did. Unknown ids stay as they are.
 */
async function withCurrentEntities<T extends { entityIds: string[] }>(
  db: LensDatabase,
  notes: readonly T[],
): Promise<T[]> {
  const current = await currentEntityIds(
    db,
    notes.flatMap((n) => n.entityIds),
  );
  return notes.map((n) => ({
    ...n,
    entityIds: [...new Set(n.entityIds.map((id) => current.get(id) ?? id))],
  }));
}

/** Writes rows and records them in the outbox, in one transaction. */
async function write(db: LensDatabase, rows: NoteRow[]): Promise<void> {
  await db.transaction('rw', db.notes, db.outbox, async () => {
    await db.notes.bulkPut(rows.map((row) => ({ ...row, search: searchText(row) })));
    await db.outbox.bulkAdd(rows.map((row) => ({ noteId: row.id })));
  });
}

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
  url?: string;
  canonical?: string;
  title?: string;
  target?: PassageTarget;
}

export async function addNote(db: LensDatabase, input: NoteInput, author: Author): Promise<NoteRow> {
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
    device: author.device,
    ...nextVersion(author, undefined),
  };
  await write(db, [note]);
  return note;
}

export interface EntityNoteInput {
  entityId: string;
  body: string;
  /** The page it was written on, if any. */
  page?: { url: string; title?: string };
}

export function addEntityNote(db: LensDatabase, input: EntityNoteInput, author: Author): Promise<NoteRow> {
  return addNote(
    db,
    {
      kind: 'entity',
      entityIds: [input.entityId],
      body: input.body,
      ...(input.page
        ? { url: input.page.url, ...(input.page.title ? { title: input.page.title } : {}) }
        : {}),
    },
    author,
  );
}

/** Edits a note's body or entities; the edit is stamped with the time and the device. */
export async function updateNote(
  db: LensDatabase,
  id: string,
  patch: { body?: string; entityIds?: string[] },
  author: Author,
): Promise<NoteRow> {
  const note = await db.notes.get(id);
  if (!note || note.deletedAt) throw new Error(`no note ${id}`);
  const next: NoteRow = {
    ...note,
    ...(patch.body !== undefined ? { body: patch.body, tags: tagsOf(patch.body) } : {}),
    ...(patch.entityIds ? { entityIds: [...new Set(patch.entityIds)] } : {}),
    updatedAt: Math.max(Date.now(), note.updatedAt + 1),
    device: author.device,
    ...nextVersion(author, note),
  };
  await write(db, [next]);
  return next;
}

/** Deletes (deleted: true) or restores a note; both are edits like any other. */
export async function setDeleted(
  db: LensDatabase,
  id: string,
  deleted: boolean,
  author: Author,
): Promise<void> {
  const note = await db.notes.get(id);
  if (!note) throw new Error(`no note ${id}`);
  const { deletedAt: _, ...rest } = note;
  const now = Math.max(Date.now(), note.updatedAt + 1);
  const version = nextVersion(author, note);
  await write(db, [
    deleted
      ? { ...rest, deletedAt: now, updatedAt: now, device: author.device, ...version }
      : { ...rest, updatedAt: now, device: author.device, ...version },
  ]);
}

/**
 * The reader settles a conflict: `keep` is the stamp of the version to keep (the shown one or a
 * conflict's); `alsoAsNote` keeps the other texts as notes of their own. The new version supersedes
 * every version the device holds.
 */
export async function resolveConflicts(
  db: LensDatabase,
  id: string,
  keep: string,
  alsoAsNote: boolean,
  author: Author,
): Promise<void> {
  const note = await db.notes.get(id);
  if (!note) throw new Error(`no note ${id}`);
  const all = versionsOf(note);
  const kept = all.find((v) => v.hlc === keep);
  if (!kept) throw new Error('no such version');
  const vv = {
    ...all.reduce<Record<string, number>>((m, v) => {
      for (const [d, n] of Object.entries(v.vv)) m[d] = Math.max(m[d] ?? 0, n);
      return m;
    }, {}),
  };
  vv[author.device] = (vv[author.device] ?? 0) + 1;
  for (const v of all) author.clock.observe(v.hlc);
  const now = Date.now();
  const rows: NoteRow[] = [
    {
      ...kept.data,
      id,
      updatedAt: Math.max(now, note.updatedAt + 1),
      device: author.device,
      hlc: author.clock.tick(),
      vv,
    },
  ];
  if (alsoAsNote) {
    for (const other of all.filter((v) => v !== kept && !v.deleted)) {
      rows.push({
        ...other.data,
        id: crypto.randomUUID(),
        createdAt: now,
        updatedAt: now,
        device: author.device,
        ...nextVersion(author, undefined),
      });
    }
  }
  await write(db, rows);
}

/** A row's versions: the one shown, then its conflicts. */
export function versionsOf(row: NoteRow): NoteVersion[] {
  const { id, hlc, vv, deletedAt, conflicts, search: _, ...data } = row;
  return [{ id, hlc, vv, deleted: deletedAt !== undefined, data }, ...(conflicts ?? [])];
}

function rowOf(current: NoteVersion, conflicts: NoteVersion[]): NoteRow {
  return {
    ...current.data,
    id: current.id,
    hlc: current.hlc,
    vv: current.vv,
    ...(current.deleted ? { deletedAt: current.data.updatedAt } : {}),
    ...(conflicts.length ? { conflicts } : {}),
  };
}

/**
 * Merges versions received from other devices, in one transaction. Idempotent: a version seen twice
 * changes nothing. Nothing goes to the outbox: these changes are not this device's to send.
 */
export async function applyRemote(db: LensDatabase, incoming: readonly NoteVersion[]): Promise<number> {
  let changed = 0;
  await db.transaction('rw', db.notes, db.entities, async () => {
    const datas = await withCurrentEntities(
      db,
      incoming.map((v) => v.data),
    );
    const byId = new Map<string, NoteVersion[]>();
    incoming.forEach((v, i) => {
      byId.set(v.id, [...(byId.get(v.id) ?? []), { ...v, data: datas[i] as NoteData }]);
    });
    const rows = await db.notes.bulkGet([...byId.keys()]);
    const writes: NoteRow[] = [];
    [...byId.entries()].forEach(([, versions], i) => {
      const row = rows[i];
      const local = row ? versionsOf(row) : [];
      const merged = mergeVersions(local, versions);
      const key = (vs: NoteVersion[]) =>
        vs
          .map((v) => v.hlc)
          .sort()
          .join(' ');
      if (row && key(merged) === key(local)) return;
      const { current, conflicts } = resolve(merged);
      writes.push(rowOf(current, conflicts));
    });
    changed = writes.length;
    await db.notes.bulkPut(writes.map((row) => ({ ...row, search: searchText(row) })));
  });
  return changed;
}

/** The versions of the notes changed locally since outbox sequence `after`, and the last sequence. */
export async function outboxSince(
  db: LensDatabase,
  after: number,
): Promise<{ versions: NoteVersion[]; last: number }> {
  return db.transaction('r', db.notes, db.outbox, async () => {
    const entries = await db.outbox.where('seq').above(after).toArray();
    const ids = [...new Set(entries.map((e) => e.noteId))];
    const rows = await db.notes.bulkGet(ids);
    const last = entries.reduce((m, e) => Math.max(m, e.seq ?? 0), after);
    return { versions: rows.flatMap((row) => (row ? versionsOf(row) : [])), last };
  });
}

/** Every version of every note (a snapshot for a device that starts from nothing). */
export async function allVersions(db: LensDatabase): Promise<NoteVersion[]> {
  return (await db.notes.toArray()).flatMap(versionsOf);
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

/** A note read from an export: its content, without this device's sync bookkeeping. */
export type ImportedNote = NoteData & { id: string };

/**
 * Imports notes by id: new ones added, a newer edit (by its edit time) winning over an older one.
 * Each imported change is a local edit here, so sync carries it on.
 */
export async function importNotes(
  db: LensDatabase,
  incoming: readonly ImportedNote[],
  author: Author,
): Promise<MergeResult> {
  const result: MergeResult = { added: 0, updated: 0, skipped: 0 };
  await db.transaction('rw', db.notes, db.outbox, db.entities, async () => {
    const notes = await withCurrentEntities(db, incoming);
    const existing = await db.notes.bulkGet(notes.map((n) => n.id));
    const writes: NoteRow[] = [];
    notes.forEach((note, i) => {
      const current = existing[i];
      if (!current) result.added++;
      else if (note.updatedAt > current.updatedAt) result.updated++;
      else {
        result.skipped++;
        return;
      }
      const { deletedAt: _, conflicts, ...kept } = current ?? {};
      writes.push({ ...note, ...(conflicts ? { conflicts } : {}), ...nextVersion(author, current) });
      void kept;
    });
    await write(db, writes);
  });
  return result;
}
