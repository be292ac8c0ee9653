/**
 * A real WebDAV server for the sync tests: Debian's Apache httpd with mod_dav, mod_dav_fs and basic
 * auth, on 127.0.0.1, with its own configuration in a temporary directory (the system's Apache set-up
 * is untouched). Started as root, serving as www-data, stopped by its PID file.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { TestBrowser } from './browsers.ts';

export interface WebDavServer {
  /** The folder readers would enter: http://127.0.0.1:PORT/dav/ */
  url: string;
  user: string;
  password: string;
  /** The files as stored on disk (to check what the server holds). */
  root: string;
  stop(): Promise<void>;
}

const MODULES = [
  'mpm_event',
  'authz_core',
  'authz_user',
  'authn_core',
  'authn_file',
  'auth_basic',
  'dav',
  'dav_fs',
  'alias',
];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function uidOf(name: string): number {
  return Number(execFileSync('id', ['-u', name]).toString().trim());
}

export async function startWebDav(): Promise<WebDavServer> {
  const dir = mkdtempSync(join(tmpdir(), 'lens-dav-'));
  // mktemp makes 0700 directories; www-data must be able to enter it.
  chmodSync(dir, 0o755);
  const root = join(dir, 'root');
  const locks = join(dir, 'locks');
  for (const d of [root, locks]) {
    mkdirSync(d);
    chownSync(d, uidOf('www-data'), Number(execFileSync('id', ['-g', 'www-data']).toString().trim()));
  }
  const user = 'reader';
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  execFileSync('htpasswd', ['-bc', join(dir, 'htpasswd'), user, password], { stdio: 'ignore' });
  const port = await freePort();
  const config = `
ServerRoot /usr/lib/apache2
Listen 127.0.0.1:${port}
ServerName 127.0.0.1
PidFile ${dir}/httpd.pid
ErrorLog ${dir}/error.log
User www-data
Group www-data
${MODULES.map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`).join('\n')}
DAVLockDB ${locks}/lockdb
DocumentRoot ${root}
Alias /dav ${root}
<Directory ${root}>
  Dav On
  AuthType Basic
  AuthName "lens"
  AuthUserFile ${dir}/htpasswd
  Require valid-user
</Directory>
`;
  writeFileSync(join(dir, 'httpd.conf'), config);
  execFileSync('/usr/sbin/apache2', ['-f', join(dir, 'httpd.conf'), '-k', 'start'], { stdio: 'pipe' });
  const url = `http://127.0.0.1:${port}/dav/`;
  // Ready when it answers (401 without credentials).
  for (let i = 0; i < 100; i++) {
    try {
      const response = await fetch(url, { method: 'PROPFIND' });
      if (response.status === 401) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    user,
    password,
    root,
    async stop() {
      try {
        const pid = Number(readFileSync(join(dir, 'httpd.pid'), 'utf8'));
        process.kill(pid, 'SIGTERM');
        for (let i = 0; i < 100; i++) {
          try {
            process.kill(pid, 0);
            await new Promise((r) => setTimeout(r, 50));
          } catch {
            break;
          }
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Sets up WebDAV sync as the reader's panel does (one message); the background reaches `dav` at once. */
export async function connectWebDav(browser: TestBrowser, dav: WebDavServer): Promise<void> {
  const configured = (await browser.sendFromExtension({
    type: 'sync:webdav-configure',
    payload: { url: dav.url, user: dav.user, password: dav.password, passphrase: null },
  })) as { ok: boolean; value: { configured: boolean; error?: unknown } };
  expect(configured).toMatchObject({ ok: true, value: { configured: true } });
  expect(configured.value.error).toBeUndefined();
}
