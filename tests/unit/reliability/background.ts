/**
 * The background as the browser runs it, minus the browser: the real router and handlers over a
 * fake-indexeddb database holding the real knowledge base, an in-memory storage.sync, and a sync
 * service and panel opener that only record that they were asked. `dump()` is everything a message
 * could change, so "no effect" is `dump()` before and after being equal.
 */
import { fileURLToPath } from 'node:url';
import { createHandlers } from '../../../lib/background/handlers.ts';
import { createRouter, type SenderInfo } from '../../../lib/background/router.ts';
import type { SyncService, SyncStatus } from '../../../lib/background/sync-service.ts';
import { LensDatabase } from '../../../lib/db/database.ts';
import { loadKb } from '../../../lib/db/kb-store.ts';
import { buildKbFromDisk } from '../../../lib/kb/bundle.ts';
import { toRow } from '../../../lib/kb/rows.ts';
import { compileRecognizer } from '../../../lib/recognizer/compile.ts';
import { loadRecognizer, recognize } from '../../../lib/recognizer/index.ts';
import type { SyncArea } from '../../../lib/settings.ts';
import { Clock } from '../../../lib/sync/clock.ts';

export const OWN = { id: 'lens-id', origin: 'chrome-extension://lens-id/' };
export const PAGE_URL = 'https://news.example/article';
/** A content script in a web page, as the browser describes it. */
export const CONTENT: SenderInfo = { id: OWN.id, url: PAGE_URL, tab: { id: 3, url: PAGE_URL } };
/** The side panel. */
export const EXTENSION: SenderInfo = { id: OWN.id, url: `${OWN.origin}sidepanel.html` };

const kb = buildKbFromDisk(fileURLToPath(new URL('../../../kb', import.meta.url)));
const compiled = compileRecognizer(kb.entities, { hash: kb.hash });
const recognizer = loadRecognizer(JSON.parse(JSON.stringify(compiled)));

const STATUS: SyncStatus = {
  browser: { enabled: true, notSynced: 0 },
  configured: false,
  pending: 0,
  conflicts: 0,
};

export interface Background {
  route: (message: unknown, sender: SenderInfo) => Promise<{ ok: boolean; error?: string; value?: unknown }>;
  db: LensDatabase;
  /** Every table, storage.sync and the calls to sync and the panel, as one string. */
  dump: () => Promise<string>;
  close: () => Promise<void>;
}

export async function startBackground(): Promise<Background> {
  const db = new LensDatabase(`reliability-${Math.random()}`);
  await loadKb(db, kb.hash, async () => ({ hash: kb.hash, rows: kb.entities.map(toRow) }));
  const stored = new Map<string, unknown>();
  const sync: SyncArea = {
    get: async (key) => (stored.has(key) ? { [key]: structuredClone(stored.get(key)) } : {}),
    set: async (items) => {
      for (const [key, value] of Object.entries(items)) stored.set(key, structuredClone(value));
    },
  };
  const asked: string[] = [];
  const record =
    <T>(what: string, answer: T) =>
    async (...args: unknown[]) => {
      asked.push(`${what} ${JSON.stringify(args)}`);
      return answer;
    };
  const syncService = {
    changed: () => asked.push('sync changed'),
    configure: record('sync configure', STATUS),
    disconnect: record('sync disconnect', undefined),
    setBrowserSync: record('sync browser', STATUS),
    run: record('sync run', undefined),
    status: async () => STATUS,
  } as unknown as SyncService;
  const device = 'device-under-test';
  const clock = new Clock(device);
  const handlers = createHandlers({
    db: () => db,
    kbReady: async () => {},
    sync,
    version: '0.0.0-test',
    recognizer: async () => recognizer,
    author: async () => ({ device, clock }),
    syncService,
    entitiesIn: async (text) => [...new Set(recognize(recognizer, text).map((m) => m.entityId))],
    openPanel: record('open panel', 'panel' as const),
  });
  const route = createRouter(handlers, OWN) as Background['route'];
  // The knowledge base is large: instead of reading it back each time, count writes to it.
  let entityWrites = 0;
  db.entities.hook('creating', () => {
    entityWrites++;
  });
  db.entities.hook('updating', () => {
    entityWrites++;
  });
  db.entities.hook('deleting', () => {
    entityWrites++;
  });
  return {
    route,
    db,
    dump: async () => {
      return JSON.stringify({
        entityWrites,
        meta: await db.meta.toArray(),
        notes: await db.notes.toArray(),
        outbox: await db.outbox.toArray(),
        sync: await db.sync.toArray(),
        storage: [...stored],
        asked,
      });
    },
    close: () => db.delete(),
  };
}
