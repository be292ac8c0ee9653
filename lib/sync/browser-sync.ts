/**
 * Sync through the browser's own `storage.sync` (Chrome and Firefox carry it between the reader's
 * signed-in browsers). Its limits are hard: 102,400 bytes in all, 8,192 per item (key plus JSON
 * value, in UTF-8), 512 items, 120 writes a minute. So each device publishes only the notes whose
 * latest version it wrote, newest first, deflated and split into items under the per-item limit, in
 * one write per round; what does not fit stays on the device (and is counted, so the panel can say
 * so). Reading is the union of every device's items, merged like any other versions.
 */

import * as v from 'valibot';
import type { LensDatabase, NoteVersion } from '../db/database.ts';
import { applyRemote, versionsOf } from '../db/notes-store.ts';
import { parseStamp } from './clock.ts';
import { checkKey, decodeBatch, encodeBatch, newSpace, type Space, SpaceSchema } from './codec.ts';
import { deriveKey, randomSalt } from './crypto.ts';

export const QUOTA_BYTES = 102_400;
export const QUOTA_BYTES_PER_ITEM = 8_192;
/** Left free for settings and for other devices' growth between their rounds. */
const RESERVE_BYTES = 6_000;
const PREFIX = 'n:';
const TOMBSTONE_DAYS = 90;

export interface SyncArea {
  get(keys: null | string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

const utf8 = (s: string) => new TextEncoder().encode(s).length;

/**
 * Deflated, then base64: note text and the repeated JSON keys compress several-fold, which matters
 * more than base64's third when the whole space is 100 KB. (CompressionStream: Chrome 80+, Firefox 113+.)
 */
async function pack(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(out);
}

async function unpack(packed: string): Promise<string> {
  const bytes = Uint8Array.from(atob(packed), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Response(stream).text();
}
export const itemBytes = (key: string, value: unknown) => utf8(key) + utf8(JSON.stringify(value));

function devicePrefix(device: string): string {
  return `${PREFIX}${device.slice(0, 12)}:`;
}

/** Splits a string into parts whose items (key + JSON string) stay under the per-item limit. */
function chunk(text: string, keyOf: (i: number) => string): Record<string, string> {
  const items: Record<string, string> = {};
  let i = 0;
  let start = 0;
  while (start < text.length) {
    const key = keyOf(i);
    // Grow the part while it fits; JSON escaping and multi-byte letters make a byte budget necessary.
    let end = Math.min(text.length, start + 6000);
    while (end > start + 1 && itemBytes(key, text.slice(start, end)) > QUOTA_BYTES_PER_ITEM - 64) {
      end = start + Math.floor((end - start) * 0.8);
    }
    // Never split a surrogate pair.
    if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end--;
    items[key] = text.slice(start, end);
    start = end;
    i++;
  }
  return items;
}

export interface BrowserSyncReport {
  received: number;
  published: number;
  /** Notes of this device's that did not fit. */
  notSynced: number;
}

/** Merges what other devices published. */
export async function pullBrowserSync(
  db: LensDatabase,
  area: SyncArea,
  device: string,
  key: CryptoKey | null,
): Promise<{ received: number; unreadable: number }> {
  const all = await area.get(null);
  const mine = devicePrefix(device);
  let unreadable = 0;
  const groups = new Map<string, { index: number; text: string }[]>();
  for (const [k, value] of Object.entries(all)) {
    const m = /^n:([^:]+):(\d+)$/.exec(k);
    if (!m || k.startsWith(mine) || typeof value !== 'string') continue;
    const list = groups.get(m[1] as string) ?? [];
    list.push({ index: Number(m[2]), text: value });
    groups.set(m[1] as string, list);
  }
  const versions: NoteVersion[] = [];
  for (const [other, parts] of groups) {
    const count = (all[`${PREFIX}${other}:n`] as number | undefined) ?? parts.length;
    // A device mid-write: wait for all its parts.
    if (parts.length !== count) continue;
    const text = parts
      .sort((x, y) => x.index - y.index)
      .map((p) => p.text)
      .join('');
    try {
      versions.push(...(await decodeBatch(await unpack(text), key)));
    } catch {
      // Written with another passphrase, or without one: that browser must be given the same one.
      unreadable++;
    }
  }
  return { received: versions.length ? await applyRemote(db, versions) : 0, unreadable };
}

export const SPACE_KEY = `${PREFIX}space`;

/** The browser-sync space: whether notes there are encrypted, with the salt and passphrase check. */
export async function readSpace(area: SyncArea): Promise<Space | null> {
  const raw = (await area.get(SPACE_KEY))[SPACE_KEY];
  const parsed = v.safeParse(SpaceSchema, raw);
  return parsed.success ? parsed.output : null;
}

/**
 * Turns encryption on (a passphrase) or off (null) for browser sync: joins an encrypted space with
 * the right passphrase, or makes one. Returns the key to keep.
 */
export async function openSpace(area: SyncArea, passphrase: string | null): Promise<CryptoKey | null> {
  const space = await readSpace(area);
  if (!passphrase) {
    if (space?.encrypted) await area.set({ [SPACE_KEY]: await newSpace(null, null) });
    return null;
  }
  if (space?.encrypted && space.salt) {
    const key = await deriveKey(passphrase, space.salt);
    await checkKey(space, key);
    return key;
  }
  const salt = randomSalt();
  const key = await deriveKey(passphrase, salt);
  await area.set({ [SPACE_KEY]: await newSpace(key, salt) });
  return key;
}

/** Publishes this device's notes, newest first, as many as fit. One set() and at most one remove(). */
export async function pushBrowserSync(
  db: LensDatabase,
  area: SyncArea,
  device: string,
  key: CryptoKey | null,
): Promise<{ published: number; notSynced: number }> {
  const all = await area.get(null);
  const mine = devicePrefix(device);
  let othersBytes = 0;
  const oldKeys: string[] = [];
  for (const [k, value] of Object.entries(all)) {
    if (k.startsWith(mine)) oldKeys.push(k);
    else othersBytes += itemBytes(k, value);
  }
  const budget = QUOTA_BYTES - RESERVE_BYTES - othersBytes;
  // Notes whose latest version this device wrote (its stamp says so); tombstones for 90 days (other browsers have long merged them by
  // then, and every device keeps its own tombstones for good, so a deleted note still cannot return).
  const since = Date.now() - TOMBSTONE_DAYS * 24 * 60 * 60 * 1000;
  const rows = (
    await db.notes
      .filter((n) => parseStamp(n.hlc)?.device === device && (!n.deletedAt || n.deletedAt > since))
      .toArray()
  ).sort((a, b) => b.updatedAt - a.updatedAt);
  // Nothing new since the last round: no write at all (the write quota is small).
  const signature = `${rows.map((r) => r.hlc).join(' ')}|${Math.floor(othersBytes / 4096)}`;
  const last = (await db.sync.get('browser:published'))?.value as
    | { signature: string; published: number }
    | undefined;
  if (last?.signature === signature && oldKeys.length) {
    return { published: last.published, notSynced: rows.length - last.published };
  }
  // Fit by halving: encode a prefix of the notes, keep the largest prefix that fits the budget.
  let items: Record<string, unknown> = {};
  let fitted = 0;
  let lo = 0;
  let hi = rows.length;
  const encode = async (n: number) => {
    const versions = rows.slice(0, n).flatMap((row) => versionsOf(row).slice(0, 1));
    const parts: Record<string, unknown> = chunk(
      await pack(await encodeBatch(versions, key)),
      (i) => `${mine}${i}`,
    );
    parts[`${mine}n`] = Object.keys(parts).length;
    const bytes = Object.entries(parts).reduce((sum, [k, v]) => sum + itemBytes(k, v), 0);
    return { parts, bytes };
  };
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    const { parts, bytes } = await encode(mid);
    if (bytes <= budget && Object.keys(all).length - oldKeys.length + Object.keys(parts).length <= 500) {
      items = parts;
      fitted = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const stale = oldKeys.filter((k) => !(k in items));
  const unchanged = Object.entries(items).every(([k, v]) => all[k] === v) && !stale.length;
  if (!unchanged) {
    await area.set(items);
    if (stale.length) await area.remove(stale);
  }
  await db.sync.put({ key: 'browser:published', value: { signature, published: fitted } });
  return { published: fitted, notSynced: rows.length - fitted };
}
