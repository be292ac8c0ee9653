/**
 * A proxy in front of the WebDAV server for fault tests: it can hold the next log upload so that
 * "the service worker stopped during an upload" is a fixed moment, and then decide what became of
 * the upload: it reaches the server (before or after the worker is gone), or it never does.
 */
import { createServer, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HeldUpload {
  path: string;
  body: string;
  /** Sends the upload on to the server; its answer is kept back from the client. */
  land(): Promise<void>;
  /** Cuts the client's connection (the answer, if any, goes nowhere). */
  drop(): void;
}

export interface DavProxy {
  /** The same folder as the server's, through the proxy. */
  url: string;
  /** Resolves when the next log upload arrives; it waits there until landed or dropped. */
  holdNextLog(): Promise<HeldUpload>;
  close(): Promise<void>;
}

export async function startDavProxy(target: string): Promise<DavProxy> {
  const upstream = new URL(target);
  let hold: ((held: HeldUpload) => void) | null = null;

  const forward = (method: string, path: string, headers: Record<string, unknown>, body: Buffer) =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      const req = request(
        { host: upstream.hostname, port: upstream.port, method, path, headers: headers as never },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const answer = (res: ServerResponse, a: Awaited<ReturnType<typeof forward>>) => {
    res.writeHead(a.status, a.headers as never);
    res.end(a.body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const path = req.url ?? '/';
      const method = req.method ?? 'GET';
      if (hold && method === 'PUT' && /\/log-\d+\.json$/.test(path)) {
        const resolveHold = hold;
        hold = null;
        resolveHold({
          path,
          body: body.toString('utf8'),
          land: async () => {
            const a = await forward(method, path, req.headers, body);
            if (a.status >= 300) throw new Error(`the held upload failed on the server: ${a.status}`);
          },
          drop: () => res.destroy(),
        });
        return;
      }
      try {
        answer(res, await forward(method, path, req.headers, body));
      } catch {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    holdNextLog: () =>
      new Promise((resolve) => {
        hold = resolve;
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
