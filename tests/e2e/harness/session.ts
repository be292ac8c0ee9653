/**
 * One browser and one page server for a describe block, started before its tests and closed after:
 * the set-up every real-browser test file shares.
 */
import { afterAll, beforeAll } from 'vitest';
import { type BrowserName, type LaunchOptions, launch, type TestBrowser } from './browsers.ts';
import { startServer, type TestServer } from './server.ts';

export interface Session {
  readonly browser: TestBrowser;
  readonly server: TestServer;
}

export function useSession(name: BrowserName, options?: LaunchOptions): Session {
  let browser: TestBrowser | undefined;
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startServer();
    browser = await launch(name, options);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (!value) throw new Error(`${what} not started`);
    return value;
  };
  return {
    get browser() {
      return started(browser, 'browser');
    },
    get server() {
      return started(server, 'server');
    },
  };
}
