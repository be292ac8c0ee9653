/**
 * Sync through any WebDAV server (Nextcloud, ownCloud, a NAS, Apache mod_dav) with plain methods only:
 * PROPFIND, GET, PUT, MKCOL, DELETE. Layout under the reader's folder:
 *
 *   caucasus-lens/space.json                      encrypted or not, salt, passphrase check
 *   caucasus-lens/devices/<device>/log-<seq>.json  each push of a device: a batch of note versions
 *   caucasus-lens/devices/<device>/snapshot-<seq>.json  every version that device knew at <seq>
 *
 * A device only ever writes in its own folder, so two devices never overwrite each other; a new device
 * reads each folder's latest snapshot and the logs after it.
 */

import * as v from 'valibot';
import type { NoteVersion } from '../db/database.ts';
import { checkKey, decodeBatch, encodeBatch, newSpace, type Space, SpaceSchema } from './codec.ts';

export interface WebDavConfig {
  /** The folder to sync into, e.g. https://cloud.example/remote.php/dav/files/me/ */
  url: string;
  user: string;
  password: string;
}

export type WebDavProblem = 'auth' | 'full' | 'server' | 'network' | 'format';

/** A failure in words a reader can act on; nothing local changes when one is thrown. */
export class WebDavError extends Error {
  readonly problem: WebDavProblem;
  constructor(problem: WebDavProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

const ROOT = 'caucasus-lens/';
const pad = (n: number) => String(n).padStart(12, '0');

export class WebDav {
  private readonly base: string;
  private readonly auth: string;
  private readonly timeoutMs: number;

  constructor(config: WebDavConfig, timeoutMs = 20_000) {
    this.base = config.url.endsWith('/') ? config.url : `${config.url}/`;
    this.auth = `Basic ${btoa(unescape(encodeURIComponent(`${config.user}:${config.password}`)))}`;
    this.timeoutMs = timeoutMs;
  }

  private async request(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
    let response: Response;
    try {
      response = await fetch(this.base + path, {
        method,
        headers: { authorization: this.auth, ...headers },
        ...(body !== undefined ? { body } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      throw new WebDavError(
        'network',
        timedOut
          ? 'The WebDAV server did not answer in time. Sync will try again.'
          : 'The WebDAV server cannot be reached. Check the address and your connection; sync will try again.',
      );
    }
    if (response.status === 401 || response.status === 403) {
      throw new WebDavError(
        'auth',
        'The WebDAV server refused the user name or app password. Enter them again.',
      );
    }
    if (response.status === 507 || response.status === 413) {
      throw new WebDavError(
        'full',
        'The WebDAV server is out of space. Free some space there; your notes are safe here.',
      );
    }
    if (response.status >= 500) {
      throw new WebDavError(
        'server',
        `The WebDAV server had a problem (${response.status}). Sync will try again.`,
      );
    }
    return response;
  }

  /** Names of the entries directly inside a folder (empty if it does not exist). */
  async list(path: string): Promise<string[]> {
    const response = await this.request('PROPFIND', path, undefined, {
      depth: '1',
      'content-type': 'application/xml',
    });
    if (response.status === 404) return [];
    if (response.status !== 207)
      throw new WebDavError('server', `Listing ${path} failed (${response.status}).`);
    const xml = await response.text();
    const own = new URL(this.base + path).pathname;
    const names: string[] = [];
    // Namespace prefixes differ between servers (D:, d:, none): match any.
    for (const m of xml.matchAll(/<(?:[\w-]+:)?href>([^<]+)<\/(?:[\w-]+:)?href>/g)) {
      const href = decodeURIComponent(new URL(m[1] as string, this.base).pathname);
      if (href.replace(/\/$/, '') === decodeURIComponent(own).replace(/\/$/, '')) continue;
      const name = href.replace(/\/$/, '').split('/').pop();
      if (name) names.push(name);
    }
    return names;
  }

  async get(path: string): Promise<string | null> {
    const response = await this.request('GET', path);
    if (response.status === 404) return null;
    if (!response.ok) throw new WebDavError('server', `Reading ${path} failed (${response.status}).`);
    return response.text();
  }

  async put(path: string, body: string): Promise<void> {
    const response = await this.request('PUT', path, body, { 'content-type': 'application/json' });
    if (!response.ok) throw new WebDavError('server', `Writing ${path} failed (${response.status}).`);
  }

  async mkcol(path: string): Promise<void> {
    const response = await this.request('MKCOL', path);
    // 405: it exists already.
    if (!response.ok && response.status !== 405)
      throw new WebDavError('server', `Creating ${path} failed (${response.status}).`);
  }

  async delete(path: string): Promise<void> {
    const response = await this.request('DELETE', path);
    if (!response.ok && response.status !== 404)
      throw new WebDavError('server', `Deleting ${path} failed (${response.status}).`);
  }
}

/** What one device remembers of the server between syncs. */
export interface WebDavCursor {
  /** The last sequence number this device wrote. */
  ownSeq: number;
  /** Per other device, the last sequence number read from it. */
  read: Record<string, number>;
}

export class WebDavTransport {
  private readonly dav: WebDav;
  private readonly device: string;
  private key: CryptoKey | null = null;

  constructor(dav: WebDav, device: string) {
    this.dav = dav;
    this.device = device;
  }

  /**
   * Joins the space (creating it the first time): checks the passphrase against it. `makeKey` turns
   * the space's salt into the key (or null for no encryption).
   */
  async open(
    makeKey: (salt: string | null) => Promise<{ key: CryptoKey | null; salt: string | null }>,
  ): Promise<Space> {
    await this.dav.mkcol(ROOT);
    const raw = await this.dav.get(`${ROOT}space.json`);
    let space: Space;
    if (raw === null) {
      const { key, salt } = await makeKey(null);
      space = await newSpace(key, salt);
      await this.dav.put(`${ROOT}space.json`, JSON.stringify(space));
      this.key = key;
    } else {
      const parsed = v.safeParse(SpaceSchema, safeJson(raw));
      if (!parsed.success)
        throw new WebDavError('format', 'The sync folder holds a space.json that is not ours.');
      space = parsed.output;
      const { key } = await makeKey(space.encrypted ? (space.salt ?? null) : null);
      await checkKey(space, key);
      this.key = key;
    }
    await this.dav.mkcol(`${ROOT}devices/`);
    await this.dav.mkcol(`${ROOT}devices/${this.device}/`);
    return space;
  }

  /** Writes one batch as this device's next log file. */
  async push(versions: readonly NoteVersion[], seq: number): Promise<void> {
    await this.dav.put(
      `${ROOT}devices/${this.device}/log-${pad(seq)}.json`,
      await encodeBatch(versions, this.key),
    );
  }

  /** Whether this device's log file `seq` is on the server (a push cut short may have landed). */
  async hasLog(seq: number): Promise<boolean> {
    const names = await this.dav.list(`${ROOT}devices/${this.device}/`);
    return names.includes(`log-${pad(seq)}.json`);
  }

  /** Every version written by the other devices since the cursor. */
  async pull(
    read: Record<string, number>,
  ): Promise<{ versions: NoteVersion[]; read: Record<string, number> }> {
    const devices = (await this.dav.list(`${ROOT}devices/`)).filter((d) => d !== this.device);
    const versions: NoteVersion[] = [];
    const next = { ...read };
    for (const device of devices) {
      const files = await this.dav.list(`${ROOT}devices/${device}/`);
      const seqOf = (name: string) => Number(/-(\d{12})\.json$/.exec(name)?.[1] ?? Number.NaN);
      const since = next[device] ?? 0;
      const snapshots = files.filter((f) => f.startsWith('snapshot-')).sort();
      const latest = snapshots[snapshots.length - 1];
      let from = since;
      // A device that is behind the latest snapshot starts from it: the logs before it may be gone.
      if (latest && seqOf(latest) > since) {
        const raw = await this.dav.get(`${ROOT}devices/${device}/${latest}`);
        if (raw !== null) {
          versions.push(...(await decodeBatch(raw, this.key)));
          from = seqOf(latest);
        }
      }
      const logs = files.filter((f) => f.startsWith('log-') && seqOf(f) > from).sort();
      for (const log of logs) {
        const raw = await this.dav.get(`${ROOT}devices/${device}/${log}`);
        // Gone since the listing: that device just wrote a snapshot covering it. Stop here; the next
        // pull starts from the snapshot.
        if (raw === null) break;
        versions.push(...(await decodeBatch(raw, this.key)));
        from = Math.max(from, seqOf(log));
      }
      next[device] = from;
    }
    return { versions, read: next };
  }

  /** Writes everything this device knows as a snapshot at `seq`, then removes its older files. */
  async snapshot(versions: readonly NoteVersion[], seq: number): Promise<void> {
    const folder = `${ROOT}devices/${this.device}/`;
    await this.dav.put(`${folder}snapshot-${pad(seq)}.json`, await encodeBatch(versions, this.key));
    for (const name of await this.dav.list(folder)) {
      const n = Number(/-(\d{12})\.json$/.exec(name)?.[1] ?? Number.NaN);
      if (n < seq || (name.startsWith('log-') && n === seq)) await this.dav.delete(folder + name);
    }
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}
