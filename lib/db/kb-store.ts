/** Loads the bundled knowledge base into IndexedDB and answers knowledge-base queries. */
import type { KbRows } from '../kb/rows.ts';
import { fold } from '../text/fold.ts';
import type { EntityRow, LensDatabase } from './database.ts';

/**
 * Replaces the knowledge base in one transaction, so readers see the old one or the new one, never a
 * mix. Skips the work when the stored hash already matches. Notes live in other tables: untouched.
 */
export async function loadKb(
  db: LensDatabase,
  hash: string,
  fetchBundle: () => Promise<KbRows>,
): Promise<'loaded' | 'unchanged'> {
  const current = await db.meta.get('kb');
  if (current?.hash === hash) return 'unchanged';
  const started = performance.now();
  const bundle = await fetchBundle();
  const fetched = performance.now();
  if (bundle.hash !== hash)
    throw new Error(`bundled knowledge base ${bundle.hash} does not match build ${hash}`);
  const rows = bundle.rows;
  await db.transaction('rw', db.entities, db.meta, db.notes, async () => {
    await db.entities.clear();
    await db.entities.bulkPut(rows);
    await followReplacements(db, rows);
    await db.meta.put({ key: 'kb', hash, loadedAt: Date.now(), entities: rows.length, loadMs: 0 });
  });
  await db.meta.update('kb', {
    loadMs: Math.round(performance.now() - started),
    fetchMs: Math.round(fetched - started),
  });
  return 'loaded';
}

/** Entities whose name or alias in any language starts with the query (folded). */
export async function lookup(db: LensDatabase, query: string, limit = 20): Promise<EntityRow[]> {
  const q = fold(query);
  if (!q) return [];
  const rows = await db.entities
    .where('terms')
    .startsWith(q)
    .limit(limit * 4)
    .toArray();
  const unique = [...new Map(rows.map((r) => [r.id, r])).values()];
  // Exact name matches first.
  unique.sort((a, b) => Number(b.terms.includes(q)) - Number(a.terms.includes(q)));
  return unique.slice(0, limit);
}

/** Links in a replacedBy chain followed at most (a cycle in a broken bundle must not hang a write). */
const MAX_HOPS = 16;

function finalOf(replacedBy: ReadonlyMap<string, string>, id: string): string {
  let current = id;
  for (let hops = 0; hops < MAX_HOPS && replacedBy.has(current); hops++)
    current = replacedBy.get(current) as string;
  return current;
}

/**
 * Notes attached to an entity the new knowledge base replaced (renamed, merged) move to its
 * successor, following chains. Notes on an id that vanished without a successor stay as they are:
 * a note is never dropped.
 */
async function followReplacements(db: LensDatabase, rows: readonly EntityRow[]): Promise<void> {
  const replacedBy = new Map(rows.filter((r) => r.replacedBy).map((r) => [r.id, r.replacedBy as string]));
  if (!replacedBy.size) return;
  const moved = await db.notes
    .where('entityIds')
    .anyOf([...replacedBy.keys()])
    .distinct()
    .toArray();
  for (const note of moved) {
    await db.notes.update(note.id, {
      entityIds: [...new Set(note.entityIds.map((id) => finalOf(replacedBy, id)))],
    });
  }
}

/**
 * The current id of each of `ids`, through the stored knowledge base's replacedBy chains: for notes
 * that arrive after the load that moved the others (sync, import). Ids the knowledge base does not
 * know, or knows without a successor, map to themselves. Reads `db.entities`: call it inside the
 * writing transaction, with that table in its scope.
 */
export async function currentEntityIds(
  db: LensDatabase,
  ids: Iterable<string>,
): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const replacedBy = new Map<string, string>();
  let frontier = unique;
  for (let hops = 0; hops <= MAX_HOPS && frontier.length; hops++) {
    const rows = await db.entities.bulkGet(frontier);
    frontier = [];
    for (const row of rows) {
      if (!row?.replacedBy || replacedBy.has(row.id)) continue;
      replacedBy.set(row.id, row.replacedBy);
      if (!replacedBy.has(row.replacedBy)) frontier.push(row.replacedBy);
    }
  }
  return new Map(unique.map((id) => [id, finalOf(replacedBy, id)]));
}
