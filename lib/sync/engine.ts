/**
 * One sync round with a transport: pull what other devices wrote and merge it, then push this device's
 * outbox. State (cursors) is saved after each step succeeds, so a round cut short — the service worker
 * stopped, the network gone — resumes where it stopped; merging is idempotent, so a batch read twice
 * changes nothing.
 */
import type { LensDatabase } from '../db/database.ts';
import { allVersions, applyRemote, outboxSince } from '../db/notes-store.ts';
import type { WebDavTransport } from './webdav.ts';

/** A device writes a snapshot of everything it knows after this many pushes (and trims its logs). */
const SNAPSHOT_EVERY = 25;

export interface WebDavState {
  /** Outbox sequence pushed so far. */
  pushed: number;
  /** The last file sequence this device wrote. */
  ownSeq: number;
  /** Per other device, the last file sequence read. */
  read: Record<string, number>;
  sinceSnapshot: number;
  /**
   * A push under way: its file's sequence and the outbox sequence it covers. Saved before the upload,
   * so a round cut short after the file reached the server does not send the same versions again.
   */
  pending?: { seq: number; last: number };
}

export interface SyncReport {
  received: number;
  sent: number;
}

const STATE_KEY = 'webdav:state';

export async function webDavState(db: LensDatabase): Promise<WebDavState> {
  const row = await db.sync.get(STATE_KEY);
  return (row?.value as WebDavState | undefined) ?? { pushed: 0, ownSeq: 0, read: {}, sinceSnapshot: 0 };
}

async function save(db: LensDatabase, state: WebDavState): Promise<void> {
  await db.sync.put({ key: STATE_KEY, value: state });
}

export async function syncWebDav(db: LensDatabase, transport: WebDavTransport): Promise<SyncReport> {
  const state = await webDavState(db);
  const pulled = await transport.pull(state.read);
  const received = await applyRemote(db, pulled.versions);
  state.read = pulled.read;
  await save(db, state);

  // The last push was cut short (the worker stopped): if its file is on the server, it counts as sent.
  if (state.pending) {
    if (await transport.hasLog(state.pending.seq)) {
      state.pushed = Math.max(state.pushed, state.pending.last);
      state.sinceSnapshot++;
    }
    delete state.pending;
    await save(db, state);
  }

  const { versions, last } = await outboxSince(db, state.pushed);
  if (versions.length) {
    // The sequence is taken before the upload and never reused: a late upload of a round cut short
    // cannot overwrite a log another device has already read.
    const seq = state.ownSeq + 1;
    state.ownSeq = seq;
    state.pending = { seq, last };
    await save(db, state);
    await transport.push(versions, seq);
    state.pushed = last;
    state.sinceSnapshot++;
    delete state.pending;
    await save(db, state);
  }
  if (state.sinceSnapshot >= SNAPSHOT_EVERY) {
    const seq = state.ownSeq + 1;
    state.ownSeq = seq;
    await save(db, state);
    await transport.snapshot(await allVersions(db), seq);
    state.sinceSnapshot = 0;
    await save(db, state);
  }
  // Outbox entries every transport has sent are done with.
  await db.outbox.where('seq').belowOrEqual(state.pushed).delete();
  return { received, sent: versions.length };
}
