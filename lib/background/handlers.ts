/** What the background answers to each protocol message. Wiring only; the logic lives in lib/. */
import type { LensDatabase } from '../db/database.ts';
import { displayName } from '../db/kb-store.ts';
import { addEntityNote, notesForEntity, toView } from '../db/notes-store.ts';
import type { KbName } from '../protocol.ts';
import { isSiteEnabled, readSettings, type SyncArea, setSiteEnabled } from '../settings.ts';
import type { Handlers } from './router.ts';

export interface HandlerDeps {
  db: () => LensDatabase;
  /** Resolves once the bundled knowledge base is in IndexedDB. */
  kbReady: () => Promise<void>;
  sync: SyncArea;
  version: string;
  /** This install's device id, stamped on notes. */
  device: () => Promise<string>;
}

export function createHandlers(deps: HandlerDeps): Handlers {
  let namesCache: { hash: string; names: KbName[] } | undefined;

  async function names(): Promise<KbName[]> {
    await deps.kbReady();
    const db = deps.db();
    const hash = (await db.meta.get('kb'))?.hash ?? '';
    if (namesCache?.hash === hash) return namesCache.names;
    const list: KbName[] = [];
    await db.entities.each((entity) => {
      if (entity.replacedBy) return;
      const seen = new Set<string>();
      const add = (text: string, caseSensitive: boolean) => {
        if (seen.has(text)) return;
        seen.add(text);
        list.push({ text, entityId: entity.id, type: entity.type, caseSensitive });
      };
      for (const alias of entity.aliases ?? []) add(alias.text, alias.caseSensitive ?? false);
      for (const nameList of Object.values(entity.names)) for (const name of nameList ?? []) add(name, false);
    });
    namesCache = { hash, names: list };
    return list;
  }

  return {
    'sys:ping': async () => {
      await deps.kbReady();
      const meta = await deps.db().meta.get('kb');
      return {
        version: deps.version,
        kbHash: meta?.hash ?? null,
        entities: meta?.entities ?? 0,
        kbLoadMs: meta?.loadMs ?? null,
        kbFetchMs: meta?.fetchMs ?? null,
      };
    },
    'kb:names': async () => ({ names: await names() }),
    'kb:entity': async ({ id }) => {
      await deps.kbReady();
      const row = await deps.db().entities.get(id);
      if (!row) return { entity: null };
      return {
        entity: {
          id: row.id,
          type: row.type,
          name: displayName(row),
          summary: row.summary,
          asOf: row.asOf,
          sources: row.sources,
        },
      };
    },
    'site:status': async ({ host }) => ({ enabled: isSiteEnabled(await readSettings(deps.sync), host) }),
    'site:set-enabled': async ({ host, enabled }) => ({
      enabled: isSiteEnabled(await setSiteEnabled(deps.sync, host, enabled), host),
    }),
    'notes:add-entity': async ({ entityId, body }) => {
      await deps.kbReady();
      if (!(await deps.db().entities.get(entityId))) throw new Error(`unknown entity ${entityId}`);
      return { note: toView(await addEntityNote(deps.db(), entityId, body, await deps.device())) };
    },
    'notes:for-entity': async ({ entityId }) => ({
      notes: (await notesForEntity(deps.db(), entityId)).map(toView),
    }),
  };
}
