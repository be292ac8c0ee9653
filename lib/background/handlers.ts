/** What the background answers to each protocol message. Wiring only; the logic lives in lib/. */
import type { LensDatabase } from '../db/database.ts';
import {
  type Author,
  addEntityNote,
  addNote,
  cardNotes,
  importNotes,
  notesForEntity,
  notesForPage,
  resolveConflicts,
  setDeleted,
  toView,
  updateNote,
} from '../db/notes-store.ts';
import { nameIn, toEntityCard } from '../kb/entity-card.ts';
import { readAnnotationCollection } from '../notes/interchange.ts';
import { canonicalUrl } from '../notes/page-url.ts';
import type { PanelRequestRecord } from '../panel-request.ts';
import { recognizeBlocks } from '../recognizer/page-blocks.ts';
import type { Recognizer } from '../recognizer/recognizer.ts';
import {
  isSiteEnabled,
  marksOn,
  readSettings,
  type SyncArea,
  setMuted,
  setNotHere,
  setSiteEnabled,
  suppressedOn,
  updateSettings,
} from '../settings.ts';
import type { Handlers, SenderInfo } from './router.ts';
import type { SyncService } from './sync-service.ts';

export type PanelRequest = Omit<PanelRequestRecord, 'at'>;

export interface HandlerDeps {
  db: () => LensDatabase;
  /** Resolves once the bundled knowledge base is in IndexedDB. */
  kbReady: () => Promise<void>;
  sync: SyncArea;
  version: string;
  /** The recognizer shipped in the package (recognizer.json), loaded once per wake-up. */
  recognizer: () => Promise<Recognizer>;
  /** This install's device id and clock, stamped on every note it writes. */
  author: () => Promise<Author>;
  /** Sync: told of every local note change; configured and run from the side panel. */
  syncService: SyncService;
  /** The entities named in a text (for linking a note to what its quote and body mention). */
  entitiesIn: (text: string) => Promise<string[]>;
  /** Opens the side panel (or a window when the browser will not) on what the request names. */
  openPanel: (request: PanelRequest, sender: SenderInfo) => Promise<'panel' | 'window'>;
}

/** The page a content script runs in, as the browser reports it (never as the script claims). */
function senderPage(sender: SenderInfo): { url: string; host: string } | null {
  const raw = sender.url ?? sender.tab?.url;
  if (!raw) return null;
  try {
    return { url: canonicalUrl(raw), host: new URL(raw).hostname || 'local' };
  } catch {
    return null;
  }
}

export function createHandlers(deps: HandlerDeps): Handlers {
  // Settings live in storage.sync (8 KB per item): only real entities may be added to their lists,
  // so a forged stream of made-up ids cannot fill the quota and lock the reader out of their settings.
  const knownEntity = async (id: string) => {
    await deps.kbReady();
    if (!(await deps.db().entities.get(id))) throw new Error(`unknown entity ${id}`);
  };
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
    'kb:recognize': async ({ texts, page }) => recognizeBlocks(await deps.recognizer(), texts, page),
    'kb:entity': async ({ id, lang = 'en' }) => {
      await deps.kbReady();
      const row = await deps.db().entities.get(id);
      if (!row) return { entity: null };
      const targets = await deps.db().entities.bulkGet(row.targets);
      const names = new Map(targets.flatMap((t) => (t ? [[t.id, nameIn(t, lang)] as const] : [])));
      return { entity: toEntityCard(row, lang, (target) => names.get(target)) };
    },
    'site:status': async ({ host: asked }, { kind, sender }) => {
      // A page learns only its own site's status: other sites' switches and dismissals are the
      // reader's browsing, not the page's business. Extension pages may ask about any site.
      const host = kind === 'content' ? senderPage(sender)?.host : asked;
      if (!host) throw new Error('no page to tell the status of');
      const settings = await readSettings(deps.sync);
      return {
        enabled: marksOn(settings, host),
        hiddenTypes: settings.hiddenTypes,
        firstMentionOnly: settings.firstMentionOnly,
        suppressed: suppressedOn(settings, host),
      };
    },
    'site:set-enabled': async ({ host, enabled }) => ({
      enabled: isSiteEnabled(await setSiteEnabled(deps.sync, host, enabled), host),
    }),
    'settings:get': async () => ({ settings: await readSettings(deps.sync) }),
    'settings:update': async (patch) => ({ settings: await updateSettings(deps.sync, patch) }),
    'entity:mute': async ({ entityId, muted }) => {
      // Removing is always allowed: an entity gone from a newer knowledge base can still be unmuted.
      if (muted) await knownEntity(entityId);
      return { settings: await setMuted(deps.sync, entityId, muted) };
    },
    'entity:not-here': async ({ entityId, dismissed }, { sender }) => {
      const page = senderPage(sender);
      if (!page) throw new Error('no page to dismiss the mark on');
      if (dismissed) await knownEntity(entityId);
      return { settings: await setNotHere(deps.sync, page.host, entityId, dismissed) };
    },
    'panel:open': async ({ passage, ...request }, { sender }) => {
      const page = senderPage(sender);
      return {
        opened: await deps.openPanel(
          { ...request, ...(passage && page ? { passage: { ...passage, url: page.url } } : {}) },
          sender,
        ),
      };
    },
    'notes:add-entity': async ({ entityId, body }, { kind, sender }) => {
      await knownEntity(entityId);
      const page = kind === 'content' ? senderPage(sender) : null;
      const note = await addEntityNote(
        deps.db(),
        { entityId, body, ...(page ? { page: { url: page.url } } : {}) },
        await deps.author(),
      );
      deps.syncService.changed();
      return { note: toView(note) };
    },
    'notes:add': async ({ kind, entityIds, body, url, canonical, title, target }) => {
      if (kind === 'passage' && (!target || !url))
        throw new Error('a passage note needs its passage and page');
      if (kind === 'page' && !url) throw new Error('a page note needs its page');
      // Linked to the entities its quote and body name, after those the reader chose.
      const named = await deps.entitiesIn(`${target?.quote.exact ?? ''}\n${body}`);
      const note = await addNote(
        deps.db(),
        {
          kind,
          entityIds: [...entityIds, ...named],
          body,
          ...(url ? { url: canonicalUrl(url) } : {}),
          ...(canonical ? { canonical } : {}),
          ...(title ? { title } : {}),
          ...(target ? { target } : {}),
        },
        await deps.author(),
      );
      deps.syncService.changed();
      return { note: toView(note) };
    },
    'notes:update': async ({ id, body, entityIds }) => {
      // A new body may name new entities: they are added; removing links is the reader's call.
      const named = body === undefined ? [] : await deps.entitiesIn(body);
      const current = entityIds ?? (await deps.db().notes.get(id))?.entityIds ?? [];
      const note = await updateNote(
        deps.db(),
        id,
        { ...(body !== undefined ? { body } : {}), entityIds: entityIds ?? [...current, ...named] },
        await deps.author(),
      );
      deps.syncService.changed();
      return { note: toView(note) };
    },
    'notes:delete': async ({ id, deleted }) => {
      await setDeleted(deps.db(), id, deleted, await deps.author());
      deps.syncService.changed();
      return { id, deleted };
    },
    'notes:resolve': async ({ id, keep, alsoAsNote }) => {
      await resolveConflicts(deps.db(), id, keep, alsoAsNote, await deps.author());
      deps.syncService.changed();
      return { id };
    },
    'notes:import': async ({ text }) => {
      const read = readAnnotationCollection(text);
      if (!read.ok) throw new Error(read.error);
      const result = await importNotes(deps.db(), read.notes, await deps.author());
      deps.syncService.changed();
      return result;
    },
    'sync:webdav-configure': ({ url, user, password, passphrase }) =>
      deps.syncService.configure({ url, user, password }, passphrase),
    'sync:webdav-disconnect': async () => {
      await deps.syncService.disconnect();
      return deps.syncService.status();
    },
    'sync:browser': ({ enabled, passphrase }) => deps.syncService.setBrowserSync(enabled, passphrase),
    'sync:now': async () => {
      await deps.syncService.run();
      return deps.syncService.status();
    },
    'sync:status': () => deps.syncService.status(),
    'notes:for-page': async (_payload, { sender }) => {
      const page = senderPage(sender);
      return { notes: page ? (await notesForPage(deps.db(), page.url)).map(toView) : [] };
    },
    'notes:for-card': async ({ entityId }, { kind, sender }) =>
      cardNotes(deps.db(), entityId, kind === 'content' ? senderPage(sender)?.url : undefined),
    'notes:for-entity': async ({ entityId }) => ({
      notes: (await notesForEntity(deps.db(), entityId)).map(toView),
    }),
  };
}
