/** Loads the bundled knowledge base into IndexedDB and answers knowledge-base queries. */
import type { Entity } from '../kb/schema.ts';
import { fold } from '../text/fold.ts';
import type { EntityRow, LensDatabase } from './database.ts';

export function toRow(entity: Entity): EntityRow {
  const terms = new Set<string>();
  for (const list of Object.values(entity.names)) for (const name of list ?? []) terms.add(fold(name));
  for (const alias of entity.aliases ?? []) terms.add(fold(alias.text));
  const targets = [...new Set((entity.relations ?? []).map((r) => r.target))];
  return { ...entity, terms: [...terms], targets };
}

/**
 * Replaces the knowledge base in one transaction, so readers see the old one or the new one, never a
 * mix. Skips the work when the stored hash already matches. Notes live in other tables: untouched.
 */
export async function loadKb(
  db: LensDatabase,
  hash: string,
  fetchBundle: () => Promise<{ hash: string; entities: Entity[] }>,
): Promise<'loaded' | 'unchanged'> {
  const current = await db.meta.get('kb');
  if (current?.hash === hash) return 'unchanged';
  const bundle = await fetchBundle();
  if (bundle.hash !== hash)
    throw new Error(`bundled knowledge base ${bundle.hash} does not match build ${hash}`);
  const rows = bundle.entities.map(toRow);
  await db.transaction('rw', db.entities, db.meta, async () => {
    await db.entities.clear();
    await db.entities.bulkPut(rows);
    await db.meta.put({ key: 'kb', hash, loadedAt: Date.now(), entities: rows.length });
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

export function displayName(entity: Entity, lang = 'en'): string {
  const names = entity.names as Record<string, string[] | undefined>;
  return names[lang]?.[0] ?? entity.names.en[0] ?? entity.id;
}
