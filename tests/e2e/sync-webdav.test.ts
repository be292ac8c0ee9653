/**
 * Sync through a real WebDAV server (Apache mod_dav), in Node: two devices, each with its own
 * database, with and without encryption; and what the reader is told when the server fails.
 */
import 'fake-indexeddb/auto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LensDatabase } from '../../lib/db/database.ts';
import { addNote, allNotes, setDeleted, updateNote } from '../../lib/db/notes-store.ts';
import { Clock } from '../../lib/sync/clock.ts';
import { deriveKey, randomSalt, WrongPassphraseError } from '../../lib/sync/crypto.ts';
import { syncWebDav } from '../../lib/sync/engine.ts';
import { WebDav, type WebDavError, WebDavTransport } from '../../lib/sync/webdav.ts';
import { startWebDav, type WebDavServer } from './harness/webdav-server.ts';

/** Fewer iterations than the product's 600,000: the derivation is not what these tests measure. */
const TEST_ITERATIONS = 1000;

let server: WebDavServer;
beforeAll(async () => {
  server = await startWebDav();
});
afterAll(async () => {
  await server?.stop();
});

interface Device {
  name: string;
  db: LensDatabase;
  author: { device: string; clock: Clock };
  transport: WebDavTransport;
}

async function device(name: string, folder: string, passphrase: string | null): Promise<Device> {
  const db = new LensDatabase(`sync-${name}-${Math.random()}`);
  const transport = new WebDavTransport(
    new WebDav({ url: `${server.url}${folder}/`, user: server.user, password: server.password }),
    name,
  );
  await new WebDav({ url: server.url, user: server.user, password: server.password }).mkcol(`${folder}/`);
  await transport.open(async (salt) => {
    if (!passphrase) return { key: null, salt: null };
    const s = salt ?? randomSalt();
    return { key: await deriveKey(passphrase, s, TEST_ITERATIONS), salt: s };
  });
  return { name, db, author: { device: name, clock: new Clock(name) }, transport };
}

const bodies = async (d: Device) => (await allNotes(d.db)).map((n) => n.body).sort();

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe.each([
  ['without encryption', null],
  ['with encryption', 'correct horse battery staple'],
])('two devices through Apache WebDAV, %s', (label, passphrase) => {
  const folder = `space-${label.replace(/\W/g, '')}`;

  it('a note written on A reaches B, an edit on B comes back to A, a deletion propagates', async () => {
    const a = await device('device-a', folder, passphrase);
    const b = await device('device-b', folder, passphrase);
    const note = await addNote(
      a.db,
      { kind: 'entity', entityIds: ['tripp'], body: 'Սյունիք: the TRIPP route, a secret' },
      a.author,
    );
    await syncWebDav(a.db, a.transport);
    expect((await syncWebDav(b.db, b.transport)).received).toBe(1);
    expect(await bodies(b)).toEqual(['Սյունիք: the TRIPP route, a secret']);

    await updateNote(b.db, note.id, { body: 'Edited on B' }, b.author);
    await syncWebDav(b.db, b.transport);
    await syncWebDav(a.db, a.transport);
    expect(await bodies(a)).toEqual(['Edited on B']);

    await setDeleted(a.db, note.id, true, a.author);
    await syncWebDav(a.db, a.transport);
    await syncWebDav(b.db, b.transport);
    expect(await bodies(b)).toEqual([]);

    // Concurrent edits on both: both texts survive, on both devices.
    const second = await addNote(a.db, { kind: 'entity', entityIds: [], body: 'base' }, a.author);
    await syncWebDav(a.db, a.transport);
    await syncWebDav(b.db, b.transport);
    await updateNote(a.db, second.id, { body: 'A says' }, a.author);
    await updateNote(b.db, second.id, { body: 'B says' }, b.author);
    for (const d of [a, b, a, b]) await syncWebDav(d.db, d.transport);
    for (const d of [a, b]) {
      const row = await d.db.notes.get(second.id);
      expect([row?.body, ...(row?.conflicts ?? []).map((c) => c.data.body)].sort()).toEqual([
        'A says',
        'B says',
      ]);
    }

    const stored = filesUnder(join(server.root, folder))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    if (passphrase) {
      expect(stored).not.toContain('TRIPP');
      expect(stored).not.toContain('Սյունիք');
      expect(stored).not.toContain('B says');
    } else expect(stored).toContain('Edited on B');
  });

  it('a new device catches up from what is on the server', async () => {
    const c = await device('device-c', folder, passphrase);
    await syncWebDav(c.db, c.transport);
    expect((await allNotes(c.db)).map((n) => n.body).sort()).toEqual(
      expect.arrayContaining([expect.stringMatching(/says$/)]),
    );
  });
});

describe('what goes wrong', () => {
  it('a round cut short after the upload (the worker stopped) resumes: nothing lost, nothing applied twice', async () => {
    const a = await device('device-k', 'killed', null);
    const b = await device('device-l', 'killed', null);
    const note = await addNote(
      a.db,
      { kind: 'entity', entityIds: [], body: 'written just before the crash' },
      a.author,
    );
    // The upload reaches the server, then the worker dies before it records that it did.
    const dying = Object.create(a.transport) as WebDavTransport;
    dying.push = async (versions, seq) => {
      await a.transport.push(versions, seq);
      throw new Error('service worker stopped');
    };
    await expect(syncWebDav(a.db, dying)).rejects.toThrow('service worker stopped');
    expect(await a.db.outbox.count()).toBe(1);
    // B already sees it; A's next round finds its file on the server and does not send it again.
    expect((await syncWebDav(b.db, b.transport)).received).toBe(1);
    expect((await syncWebDav(a.db, a.transport)).sent).toBe(0);
    expect(await a.db.outbox.count()).toBe(0);
    expect((await syncWebDav(b.db, b.transport)).received).toBe(0);
    const row = await b.db.notes.get(note.id);
    expect(row?.body).toBe('written just before the crash');
    expect(row?.conflicts).toBeUndefined();
  });

  it('a wrong passphrase is refused with a clear error and nothing changes', async () => {
    await device('owner', 'locked', 'the right one');
    await expect(device('intruder', 'locked', 'a wrong one')).rejects.toBeInstanceOf(WrongPassphraseError);
  });

  it('a wrong password, a full server, a failing or silent server: the right problem, nothing lost', async () => {
    const a = await device('device-x', 'faults', null);
    await addNote(a.db, { kind: 'entity', entityIds: [], body: 'must not be lost' }, a.author);
    const answers: [number | 'hang', WebDavError['problem']][] = [
      [401, 'auth'],
      [507, 'full'],
      [503, 'server'],
      ['hang', 'network'],
    ];
    for (const [answer, problem] of answers) {
      const fake = await fakeServer(answer);
      const broken = new WebDavTransport(
        new WebDav({ url: fake.url, user: 'u', password: 'p' }, 500),
        'device-x',
      );
      await expect(syncWebDav(a.db, broken)).rejects.toMatchObject({ problem });
      await fake.close();
    }
    // The note is still here and still waiting to be sent; the real server takes it.
    expect(await a.db.outbox.count()).toBeGreaterThan(0);
    expect((await syncWebDav(a.db, a.transport)).sent).toBe(1);
    expect(await a.db.outbox.count()).toBe(0);
  });
});

/** A server that answers every request with one status, or never answers. */
async function fakeServer(answer: number | 'hang') {
  const { createServer } = await import('node:http');
  const sockets = new Set<import('node:net').Socket>();
  const http = createServer((_req, res) => {
    if (answer === 'hang') return;
    res.writeHead(answer);
    res.end();
  });
  http.on('connection', (s) => sockets.add(s));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const { port } = http.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        http.close(() => r());
      }),
  };
}
