import { getDb } from '../../lib/db/database.ts';
import { nameIn } from '../../lib/kb/entity-card.ts';
import { useLiveQuery } from '../use-live-query.ts';

/** Display names of every entity (the knowledge base is small: a few hundred rows). */
export function useEntityNames(): (id: string) => string {
  const names = useLiveQuery(async () => {
    const rows = await getDb().entities.toArray();
    return new Map(rows.map((row) => [row.id, nameIn(row)]));
  }, []);
  return (id) => names?.get(id) ?? id;
}
