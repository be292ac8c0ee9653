/** What the background answers to each protocol message. Wiring only; the logic lives in lib/. */
import type { LensDatabase } from '../db/database.ts';
import { displayName } from '../db/kb-store.ts';
import { addEntityNote, notesForEntity, toView } from '../db/notes-store.ts';
import type { CompiledRecognizer } from '../recognizer/compiled.ts';
import {
  isSiteEnabled,
  marksOn,
  readSettings,
  type SyncArea,
  setSiteEnabled,
  updateSettings,
} from '../settings.ts';
import type { Handlers } from './router.ts';

export interface HandlerDeps {
  db: () => LensDatabase;
  /** Resolves once the bundled knowledge base is in IndexedDB. */
  kbReady: () => Promise<void>;
  sync: SyncArea;
  version: string;
  /** The compiled recognizer shipped in the package (recognizer.json). */
  recognizer: () => Promise<CompiledRecognizer>;
  /** This install's device id, stamped on notes. */
  device: () => Promise<string>;
}

export function createHandlers(deps: HandlerDeps): Handlers {
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
    'kb:recognizer': async () => ({ recognizer: await deps.recognizer() }),
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
    'site:status': async ({ host }) => {
      const settings = await readSettings(deps.sync);
      return {
        enabled: marksOn(settings, host),
        hiddenTypes: settings.hiddenTypes,
        firstMentionOnly: settings.firstMentionOnly,
      };
    },
    'site:set-enabled': async ({ host, enabled }) => ({
      enabled: isSiteEnabled(await setSiteEnabled(deps.sync, host, enabled), host),
    }),
    'settings:get': async () => ({ settings: await readSettings(deps.sync) }),
    'settings:update': async (patch) => ({ settings: await updateSettings(deps.sync, patch) }),
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
