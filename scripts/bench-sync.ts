// npm run bench:sync — sync through a real Apache WebDAV server on this machine (in Node, each device
// with its own database): initial sync of 1,000 notes to a second device and an incremental sync of
// one edit, with and without encryption; and how many typical notes (200-character body, 100-character
// quote) fit in storage.sync's 100 KB.
import 'fake-indexeddb/auto';
import { join } from 'node:path';
import { newsText } from '../bench/news-text.ts';
import { LensDatabase } from '../lib/db/database.ts';
import { addNote, updateNote } from '../lib/db/notes-store.ts';
import { buildKbFromDisk } from '../lib/kb/bundle.ts';
import { pushBrowserSync, type SyncArea } from '../lib/sync/browser-sync.ts';
import { Clock } from '../lib/sync/clock.ts';
import { deriveKey, randomSalt } from '../lib/sync/crypto.ts';
import { syncWebDav } from '../lib/sync/engine.ts';
import { WebDav, WebDavTransport } from '../lib/sync/webdav.ts';
import { startWebDav } from '../tests/e2e/harness/webdav-server.ts';
import { saveResults } from './bench/results.ts';

const ms = (x: number) => `${x.toFixed(0)} ms`;
// Typical notes: text drawn from the news-like corpus (varied, so compression is not flattered).
const kb = buildKbFromDisk(join(import.meta.dirname, '..', 'kb'));
const lines = newsText(kb.entities, 2_000_000)
  .split('\n')
  .filter((l) => l.length > 60);
const body = (i: number) => `${lines[i % lines.length]} ${lines[(i * 7 + 3) % lines.length]}`.slice(0, 200);
const target = (i: number) => {
  const exact = (lines[(i * 13 + 5) % lines.length] as string).slice(0, 100);
  return {
    quote: {
      exact,
      prefix: (lines[i % lines.length] as string).slice(0, 32),
      suffix: (lines[(i + 1) % lines.length] as string).slice(0, 32),
    },
    position: { start: i * 10, end: i * 10 + exact.length },
  };
};

const webdav: Record<
  string,
  { uploadMs: number; initialMs: number; incrementalMs: number; deriveMs: number }
> = {};
const server = await startWebDav();
try {
  for (const passphrase of [null, 'a passphrase for the benchmark']) {
    const folder = `bench-${passphrase ? 'enc' : 'plain'}/`;
    await new WebDav({ url: server.url, user: server.user, password: server.password }).mkcol(folder);
    const setup = async (name: string) => {
      const db = new LensDatabase(`bench-${name}-${Math.random()}`);
      const transport = new WebDavTransport(
        new WebDav({ url: server.url + folder, user: server.user, password: server.password }),
        name,
      );
      let derive = 0;
      await transport.open(async (salt) => {
        if (!passphrase) return { key: null, salt: null };
        const s = salt ?? randomSalt();
        const t = performance.now();
        const key = await deriveKey(passphrase, s);
        derive = performance.now() - t;
        return { key, salt: s };
      });
      return { db, transport, derive, author: { device: name, clock: new Clock(name) } };
    };
    const a = await setup('a');
    const b = await setup('b');
    for (let i = 0; i < 1000; i++) {
      await addNote(
        a.db,
        {
          kind: 'passage',
          entityIds: ['georgia'],
          body: body(i),
          url: 'https://news.example/a',
          target: target(i),
        },
        a.author,
      );
    }
    let t = performance.now();
    await syncWebDav(a.db, a.transport);
    const upload = performance.now() - t;
    t = performance.now();
    const first = await syncWebDav(b.db, b.transport);
    const initial = performance.now() - t;
    const one = (await a.db.notes.limit(1).toArray())[0];
    if (!one) throw new Error('no notes');
    await updateNote(a.db, one.id, { body: 'edited' }, a.author);
    await syncWebDav(a.db, a.transport);
    t = performance.now();
    const again = await syncWebDav(b.db, b.transport);
    const incremental = performance.now() - t;
    webdav[passphrase ? 'encrypted' : 'plain'] = {
      uploadMs: upload,
      initialMs: initial,
      incrementalMs: incremental,
      deriveMs: a.derive || b.derive,
    };
    console.log(
      `${passphrase ? 'encrypted' : 'plain'}: 1,000 notes sent by A ${ms(upload)}; initial sync on B ${ms(initial)} (${first.received} notes); one edit reaches B in ${ms(incremental)} (${again.received} note)${passphrase ? `; key derivation (PBKDF2 600,000) ${ms(a.derive || b.derive)}` : ''}`,
    );
  }
} finally {
  await server.stop();
}

// storage.sync: an area that enforces Chrome's limits.
const items = new Map<string, unknown>();
const area: SyncArea = {
  get: async () => Object.fromEntries(items),
  set: async (next) => {
    for (const [k, v] of Object.entries(next)) items.set(k, v);
  },
  remove: async (keys) => {
    for (const k of [keys].flat()) items.delete(k);
  },
};
const db = new LensDatabase(`bench-quota-${Math.random()}`);
const author = { device: 'quota-device', clock: new Clock('quota-device') };
for (let i = 0; i < 1500; i++) {
  await addNote(
    db,
    {
      kind: 'passage',
      entityIds: ['georgia'],
      body: body(i),
      url: 'https://news.example/a',
      target: target(i),
    },
    author,
  );
}
const { published, notSynced } = await pushBrowserSync(db, area, author.device, null);
const bytes = [...items].reduce(
  (sum, [k, v]) => sum + new TextEncoder().encode(k + JSON.stringify(v)).length,
  0,
);
console.log(
  `storage.sync: ${published} typical notes fit (200-character body, 100-character quote), ${notSynced} of 1,500 left on the device; ${(bytes / 1024).toFixed(1)} KB in ${items.size} items`,
);
console.log(
  `JSON: ${saveResults('sync', { webdav, browserSync: { published, notSynced, bytes, items: items.size } })}`,
);
