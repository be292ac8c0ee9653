/**
 * Serves test pages on 127.0.0.1: the harness's own fixtures, the seed article as a page, the demo
 * page, and the shared real-world pages (scripts stripped, read from ../shared, never copied).
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const SHARED = join(ROOT, '..', 'shared');
export const SEED_FILE = join(SHARED, 'seed', '000_b736441b3aa5ae65.txt');
export const PAGES_DIR = join(SHARED, 'fixtures', 'pages');
const FIXTURES = join(ROOT, 'tests', 'e2e', 'fixtures');
const DEMO = join(ROOT, 'demo');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export function stripScripts(html: string): string {
  return html
    .replace(/<script\b[\s\S]*?<\/script\s*>/gi, '')
    .replace(/<script\b[^>]*\/>/gi, '')
    .replace(/\son[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '');
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** A plain text file as an article page: first line the title, each further line a paragraph. */
export function textAsPage(text: string, title = 'Article'): string {
  const paragraphs = text
    .split(/\n+/)
    .filter((line) => line.trim())
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><article>${paragraphs}</article></body></html>`;
}

/** Serves a file from `dir` only if the normalized path stays inside it. */
function inside(dir: string, rel: string): string | null {
  const full = normalize(join(dir, rel));
  return full.startsWith(dir) ? full : null;
}

export interface TestServer {
  origin: string;
  url(path: string): string;
  /** Registers an in-memory page for the rest of the run, with extra response headers if given. */
  page(path: string, html: string, headers?: Record<string, string>): string;
  close(): Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  const dynamic = new Map<string, { html: string; headers: Record<string, string> }>();
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const send = (status: number, body: string | Buffer, type = TYPES['.html'], headers = {}) => {
      res.writeHead(status, {
        'content-type': type ?? 'text/plain',
        'cache-control': 'no-store',
        ...headers,
      });
      res.end(body);
    };
    try {
      const mem = dynamic.get(path);
      if (mem !== undefined) return send(200, mem.html, TYPES['.html'], mem.headers);
      if (path === '/favicon.ico') return send(204, '', TYPES['.txt']);
      if (path === '/seed') return send(200, textAsPage(readFileSync(SEED_FILE, 'utf8'), 'Seed article'));
      let file: string | null = null;
      if (path.startsWith('/pages/')) {
        file = inside(PAGES_DIR, path.slice('/pages/'.length));
        if (file) return send(200, stripScripts(readFileSync(file, 'utf8')));
      } else if (path.startsWith('/fixtures/')) file = inside(FIXTURES, path.slice('/fixtures/'.length));
      else if (path.startsWith('/demo/')) file = inside(DEMO, path.slice('/demo/'.length));
      if (!file) return send(404, 'not found', TYPES['.txt']);
      return send(200, readFileSync(file), TYPES[extname(file)]);
    } catch {
      return send(404, 'not found', TYPES['.txt']);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => origin + path,
    page: (path, html, headers = {}) => {
      dynamic.set(path, { html, headers });
      return origin + path;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
