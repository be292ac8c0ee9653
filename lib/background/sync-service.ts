/**
 * The background's sync: runs rounds on change (debounced), at start-up, periodically and on "Sync
 * now", one at a time; keeps the WebDAV set-up and the status the side panel shows in the extension's
 * database. The passphrase itself is never stored: only the derived key, as a non-extractable
 * CryptoKey.
 */
import type { LensDatabase } from '../db/database.ts';
import {
  openSpace,
  pullBrowserSync,
  pushBrowserSync,
  readSpace,
  type SyncArea,
} from '../sync/browser-sync.ts';
import { deriveKey, randomSalt, WrongPassphraseError } from '../sync/crypto.ts';
import { syncWebDav } from '../sync/engine.ts';
import { WebDav, type WebDavConfig, WebDavError, WebDavTransport } from '../sync/webdav.ts';

/** Local changes are gathered this long before a round (typing a note is many small saves). */
const DEBOUNCE_MS = 4000;

export interface SyncStatus {
  /** Browser sync (storage.sync): on unless the reader turned it off. */
  browser: {
    enabled: boolean;
    lastOk?: number;
    /** This device's notes that did not fit in the browser's sync storage. */
    notSynced: number;
    encrypted?: boolean;
    error?: { problem: string; message: string; at: number };
  };
  configured: boolean;
  url?: string;
  user?: string;
  encrypted?: boolean;
  lastOk?: number;
  running?: boolean;
  error?: { problem: string; message: string; at: number };
  /** Local changes not yet sent to the WebDAV server. */
  pending: number;
  /** Notes with unresolved concurrent edits. */
  conflicts: number;
}

interface StoredConfig extends WebDavConfig {
  encrypted: boolean;
}

export class SyncService {
  private readonly db: () => LensDatabase;
  private readonly device: () => Promise<string>;
  private readonly onReceived: () => void;
  private readonly area: SyncArea;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | null = null;

  constructor(db: () => LensDatabase, device: () => Promise<string>, area: SyncArea, onReceived: () => void) {
    this.db = db;
    this.device = device;
    this.area = area;
    this.onReceived = onReceived;
  }

  /** Browser sync on or off; a passphrase (or null for none) turns its encryption on or off. */
  async setBrowserSync(enabled: boolean, passphrase?: string | null): Promise<SyncStatus> {
    if (passphrase !== undefined) {
      const key = await openSpace(this.area, passphrase);
      await this.db().sync.bulkPut([
        { key: 'browser:key', value: key },
        // Everything is published again, sealed (or not) as asked.
        { key: 'browser:published', value: null },
      ]);
    }
    await this.db().sync.put({ key: 'browser:enabled', value: enabled });
    if (enabled) await this.run();
    return this.status();
  }

  /** A note changed here: sync soon. */
  changed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), DEBOUNCE_MS);
  }

  /** Sets up WebDAV (checking the server and the passphrase) and runs a first round. */
  async configure(config: WebDavConfig, passphrase: string | null): Promise<SyncStatus> {
    const device = await this.device();
    const transport = new WebDavTransport(new WebDav(config), device);
    let key: CryptoKey | null = null;
    await transport.open(async (salt) => {
      if (!passphrase) return { key: null, salt: null };
      const s = salt ?? randomSalt();
      key = await deriveKey(passphrase, s);
      return { key, salt: s };
    });
    const stored: StoredConfig = { ...config, encrypted: Boolean(passphrase) };
    await this.db().sync.bulkPut([
      { key: 'webdav:config', value: stored },
      { key: 'webdav:key', value: key },
      { key: 'webdav:status', value: {} },
    ]);
    await this.run();
    return this.status();
  }

  async disconnect(): Promise<void> {
    await this.db().sync.bulkDelete(['webdav:config', 'webdav:key', 'webdav:status', 'webdav:state']);
  }

  /** One round now (or the one already running). Errors are recorded in the status, not thrown. */
  run(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async round(): Promise<void> {
    await this.browserRound();
    await this.webDavRound();
  }

  private async browserRound(): Promise<void> {
    const db = this.db();
    if ((await db.sync.get('browser:enabled'))?.value === false) return;
    const device = await this.device();
    const previous = ((await db.sync.get('browser:status'))?.value ?? {}) as SyncStatus['browser'];
    try {
      const key = ((await db.sync.get('browser:key'))?.value as CryptoKey | null | undefined) ?? null;
      const space = await readSpace(this.area);
      if (space?.encrypted && !key) {
        // Never publish plaintext into a space the reader encrypted on another browser.
        throw new WrongPassphraseError();
      }
      const { received, unreadable } = await pullBrowserSync(db, this.area, device, key);
      const { notSynced } = await pushBrowserSync(db, this.area, device, key);
      await db.sync.put({
        key: 'browser:status',
        value: {
          lastOk: Date.now(),
          notSynced,
          ...(unreadable
            ? {
                error: {
                  problem: 'passphrase',
                  message: `${unreadable} of your other browsers sync with a different passphrase, or none: set the same passphrase there.`,
                  at: Date.now(),
                },
              }
            : {}),
        },
      });
      if (received) this.onReceived();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const quota = /QUOTA|MAX_ITEMS|MAX_WRITE|QuotaExceeded/i.test(message);
      await db.sync.put({
        key: 'browser:status',
        value: {
          ...previous,
          error: {
            problem: quota ? 'quota' : 'other',
            message: quota
              ? "Your browser's sync storage is full or busy. Your notes are all kept here; set up WebDAV to sync them all."
              : error instanceof WrongPassphraseError
                ? 'Your notes in browser sync are encrypted: enter your passphrase below to read and sync them.'
                : `Browser sync failed: ${message}`,
            at: Date.now(),
          },
        },
      });
    }
  }

  private async webDavRound(): Promise<void> {
    const db = this.db();
    const config = (await db.sync.get('webdav:config'))?.value as StoredConfig | undefined;
    if (!config) return;
    const key = ((await db.sync.get('webdav:key'))?.value as CryptoKey | null | undefined) ?? null;
    const transport = new WebDavTransport(new WebDav(config), await this.device());
    const previous = ((await db.sync.get('webdav:status'))?.value ?? {}) as Pick<
      SyncStatus,
      'lastOk' | 'error'
    >;
    try {
      await transport.open(async () => ({ key, salt: null }));
      const report = await syncWebDav(db, transport);
      await db.sync.put({ key: 'webdav:status', value: { lastOk: Date.now() } });
      if (report.received) this.onReceived();
    } catch (error) {
      const problem =
        error instanceof WebDavError
          ? error.problem
          : error instanceof WrongPassphraseError
            ? 'passphrase'
            : 'other';
      const message = error instanceof Error ? error.message : String(error);
      await db.sync.put({
        key: 'webdav:status',
        value: { ...previous, error: { problem, message, at: Date.now() } },
      });
    }
  }

  async status(): Promise<SyncStatus> {
    const db = this.db();
    const config = (await db.sync.get('webdav:config'))?.value as StoredConfig | undefined;
    const status = ((await db.sync.get('webdav:status'))?.value ?? {}) as Pick<
      SyncStatus,
      'lastOk' | 'error'
    >;
    const pending = await db.outbox.count();
    const browserStatus = ((await db.sync.get('browser:status'))?.value ?? { notSynced: 0 }) as Omit<
      SyncStatus['browser'],
      'enabled'
    >;
    const browser = {
      ...browserStatus,
      encrypted: Boolean((await db.sync.get('browser:key'))?.value),
      enabled: (await db.sync.get('browser:enabled'))?.value !== false,
    };
    const conflicts = await db.notes.filter((n) => Boolean(n.conflicts?.length) && !n.deletedAt).count();
    return config
      ? {
          configured: true,
          url: config.url,
          user: config.user,
          encrypted: config.encrypted,
          ...status,
          running: this.running !== null,
          pending,
          conflicts,
          browser,
        }
      : { configured: false, pending, conflicts, browser };
  }
}
