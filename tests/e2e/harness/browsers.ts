/**
 * Launches Debian's Chromium (playwright-core) and Firefox ESR (puppeteer-core over WebDriver BiDi)
 * with the freshly built extension, behind one small interface the tests share. Never downloads a
 * browser: the executables are the system's.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext as PwContext, type Page as PwPage } from 'playwright-core';
import puppeteer, { type Browser as PpBrowser, type Page as PpPage } from 'puppeteer-core';
import { type Cdp, connectCdp } from './cdp.ts';
import { checkRequests, type RecordedRequest, recordFirefoxRequests, recordRequests } from './privacy.ts';

export type BrowserName = 'chromium' | 'firefox';
export const BROWSERS: BrowserName[] = ['chromium', 'firefox'];

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const EXTENSION_DIRS: Record<BrowserName, string> = {
  chromium: join(ROOT, '.output', 'chrome-mv3'),
  firefox: join(ROOT, '.output', 'firefox-mv3'),
};
export const GECKO_ID = 'caucasus-lens@caucasus-lens.org';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Only loopback exists here: fail every other host at once instead of waiting on the network.
  // second-site.test is the same server under another site name (per-site settings tests).
  '--host-resolver-rules=MAP second-site.test 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/** The part of a page the tests use, identical for both drivers. */
export interface TestPage {
  readonly url: () => string;
  goto(url: string): Promise<void>;
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<Awaited<R>>;
  waitFor<A = undefined>(fn: (arg: A) => unknown, arg?: A, timeoutMs?: number): Promise<void>;
  mouseMove(x: number, y: number): Promise<void>;
  mouseClick(x: number, y: number): Promise<void>;
  mouseDown(): Promise<void>;
  mouseUp(): Promise<void>;
  /** Presses a key as the reader would (trusted key events). */
  press(key: string): Promise<void>;
  /**
   * Chromium only (CDP sees through closed shadow roots): the elements matching `selector` inside
   * our card's closed shadow root, with their text and the centre of their box.
   */
  cardElements?(selector: string): Promise<{ text: string; x: number; y: number }[]>;
  /**
   * Chromium only (CDP): runs `fn` in our content script's isolated world of the top frame, where
   * `chrome.runtime` sends as the content script does: what a compromised renderer could do.
   */
  contentScriptEvaluate?<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<Awaited<R>>;
  click(selector: string): Promise<void>;
  fill(selector: string, text: string): Promise<void>;
  screenshot(path: string): Promise<void>;
  /** Uncaught page errors and console errors seen so far (the page's own world). */
  readonly errors: string[];
  /** Uncaught errors thrown in our content script's world (Chromium, through CDP). */
  readonly extensionErrors: string[];
  close(): Promise<void>;
}

export interface TestBrowser {
  readonly name: BrowserName;
  /** Origin of extension pages: chrome-extension://ID or moz-extension://UUID. */
  readonly extensionOrigin: string;
  newPage(url?: string): Promise<TestPage>;
  /** Opens an extension page (sidepanel.html, popup.html...) as a tab. */
  openExtensionPage(path: string): Promise<TestPage>;
  /** Sends a protocol message from an extension page and returns the raw response. */
  sendFromExtension(message: unknown): Promise<unknown>;
  /**
   * Installs another build over the installed one, as an update (Firefox: a temporary add-on with
   * the same id is upgraded in place, keeping its data). Chromium cannot: an unpacked extension loaded
   * from the command line is removed with its data when the browser closes, and reload() disables it.
   */
  update?(dir: string): Promise<void>;
  /** Chromium: a new browser-level DevTools connection (service worker control, fault tests). */
  devtools?(): Promise<Cdp>;
  /**
   * Closes the browser, first checking that the extension made no network request except to the
   * reader's configured WebDAV server (see privacy.ts); throws if it did.
   */
  close(): Promise<void>;
}

export interface LaunchOptions {
  headless?: boolean;
  /** Another build of the extension (the knowledge-base update test builds its own). */
  extensionDir?: string;
  /** Chromium: a profile to reuse across launches (kept on close); a fresh temporary one otherwise. */
  profileDir?: string;
}

export async function launch(name: BrowserName, options: LaunchOptions = {}): Promise<TestBrowser> {
  const dir = options.extensionDir ?? EXTENSION_DIRS[name];
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`no build at ${dir}: run npm run build:all`);
  return name === 'chromium'
    ? launchChromium(dir, options.headless ?? true)
    : launchFirefox(dir, options.headless ?? true);
}

// ---------------------------------------------------------------- Chromium (playwright-core)

async function wrapPlaywright(page: PwPage): Promise<TestPage> {
  const errors: string[] = [];
  const extensionErrors: string[] = [];
  // Playwright reports the main world's errors only; CDP sees the content script's isolated world too.
  const cdp = await page.context().newCDPSession(page);
  const extensionContexts = new Set<number>();
  // The latest content script world of each frame.
  const contentWorlds = new Map<string, number>();
  cdp.on('Runtime.executionContextCreated', ({ context }) => {
    if (!context.origin.startsWith('chrome-extension://')) return;
    extensionContexts.add(context.id);
    if (context.auxData?.frameId) contentWorlds.set(context.auxData.frameId as string, context.id);
  });
  cdp.on('Runtime.exceptionThrown', ({ exceptionDetails: d }) => {
    if (d.executionContextId !== undefined && extensionContexts.has(d.executionContextId)) {
      extensionErrors.push(d.exception?.description ?? d.text);
    }
  });
  await cdp.send('Runtime.enable');
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  return {
    url: () => page.url(),
    goto: async (url) => {
      await page.goto(url, { waitUntil: 'load' });
    },
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    waitFor: async (fn, arg, timeoutMs = 15_000) => {
      await page.waitForFunction(fn as never, arg, { timeout: timeoutMs, polling: 50 });
    },
    mouseMove: (x, y) => page.mouse.move(x, y),
    mouseClick: (x, y) => page.mouse.click(x, y),
    mouseDown: () => page.mouse.down(),
    mouseUp: () => page.mouse.up(),
    press: (key) => page.keyboard.press(key),
    cardElements: async (selector) => {
      const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
      const host = findNode(root, (n) => n.nodeName === 'CAUCASUS-LENS-CARD');
      const shadow = host?.shadowRoots?.[0];
      if (!shadow) return [];
      const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: shadow.nodeId, selector });
      const out: { text: string; x: number; y: number }[] = [];
      for (const nodeId of nodeIds) {
        // Into view within the card (it scrolls when long), as a reader would scroll to it.
        await cdp.send('DOM.scrollIntoViewIfNeeded', { nodeId }).catch(() => {});
        const { object } = await cdp.send('DOM.resolveNode', { nodeId });
        const { result } = await cdp.send('Runtime.callFunctionOn', {
          objectId: object.objectId as string,
          functionDeclaration:
            'function () { const r = this.getBoundingClientRect(); return JSON.stringify({ text: this.textContent, x: r.left + r.width / 2, y: r.top + r.height / 2 }); }',
          returnByValue: true,
        });
        out.push(JSON.parse(result.value as string));
      }
      return out;
    },
    contentScriptEvaluate: async (fn, arg) => {
      const { frameTree } = await cdp.send('Page.getFrameTree');
      const contentWorld = contentWorlds.get(frameTree.frame.id);
      if (contentWorld === undefined) throw new Error('no content script world in this page');
      const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
        expression: `(${fn.toString()})(${JSON.stringify(arg)})`,
        contextId: contentWorld,
        awaitPromise: true,
        returnByValue: true,
      });
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value;
    },
    click: (selector) => page.click(selector),
    fill: (selector, text) => page.fill(selector, text),
    screenshot: async (path) => {
      await page.screenshot({ path });
    },
    errors,
    extensionErrors,
    close: () => page.close(),
  };
}

interface CdpNode {
  nodeId: number;
  nodeName: string;
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
  contentDocument?: CdpNode;
}

function findNode(node: CdpNode, test: (n: CdpNode) => boolean): CdpNode | undefined {
  if (test(node)) return node;
  for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
    const found = findNode(child, test);
    if (found) return found;
  }
  return undefined;
}

async function launchChromium(dir: string, headless: boolean, profileDir?: string): Promise<TestBrowser> {
  const profile = profileDir ?? mkdtempSync(join(tmpdir(), 'lens-chromium-'));
  const context: PwContext = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless,
    viewport: { width: 1280, height: 800 },
    // A DevTools port for the harness's own browser-level connection (privacy check, worker control).
    args: [
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
      '--remote-debugging-port=0',
      ...CHROMIUM_ARGS,
    ],
  });
  const worker =
    context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  // URL.origin is "null" for chrome-extension: URLs; take scheme and host by hand.
  const extensionOrigin = worker.url().split('/').slice(0, 3).join('/');
  const recorder = await connectCdp(profile);
  const requests = await recordRequests(recorder, extensionOrigin);
  for (const page of context.pages()) await page.close(); // the blank start tab

  const browser: TestBrowser = {
    name: 'chromium',
    extensionOrigin,
    async newPage(url) {
      const page = await wrapPlaywright(await context.newPage());
      if (url) await page.goto(url);
      return page;
    },
    async openExtensionPage(path) {
      return browser.newPage(`${extensionOrigin}/${path}`);
    },
    async sendFromExtension(message) {
      const page = await browser.openExtensionPage('popup.html');
      try {
        // biome-ignore lint/suspicious/noExplicitAny: Chromium's `chrome` global in extension pages.
        return await page.evaluate((m) => (globalThis as any).chrome.runtime.sendMessage(m), message);
      } finally {
        await page.close();
      }
    },
    devtools: () => connectCdp(profile),
    async close() {
      let allowed: string[] = [];
      try {
        allowed = await webDavOrigins(browser);
      } finally {
        recorder.close();
        await context.close();
        if (!profileDir) rmSync(profile, { recursive: true, force: true });
      }
      checkRequests(requests, allowed);
    },
  };
  return browser;
}

/** The origin of the WebDAV server the reader configured, if any: the one the extension may reach. */
async function webDavOrigins(browser: TestBrowser): Promise<string[]> {
  const page = await browser.openExtensionPage('popup.html');
  const url = await page.evaluate(readWebDavUrl);
  await page.close();
  return url ? [new URL(url).origin] : [];
}

/** In an extension page: the WebDAV folder the reader configured, read from the extension's database. */
function readWebDavUrl(): Promise<string | null> {
  return new Promise((resolve) => {
    const open = indexedDB.open('caucasus-lens');
    open.onerror = () => resolve(null);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('sync')) {
        db.close();
        return resolve(null);
      }
      const get = db.transaction('sync').objectStore('sync').get('webdav:config');
      get.onsuccess = () => {
        db.close();
        resolve(get.result?.value?.url ?? null);
      };
      get.onerror = () => resolve(null);
    };
  });
}

// ---------------------------------------------------------------- Firefox (puppeteer-core, BiDi)

function wrapPuppeteer(page: PpPage): TestPage {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${(error as Error).message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  const wrapped: TestPage = {
    url: () => page.url(),
    goto: async (url) => {
      if (url.startsWith('moz-extension:')) {
        // page.goto never resolves for moz-extension:// under BiDi: navigate, then poll.
        void page.goto(url).catch(() => {});
        const deadline = Date.now() + 15_000;
        while (Date.now() < deadline) {
          const ready = await page.evaluate(() => location.href + document.readyState).catch(() => '');
          if (ready === `${url}complete`) return;
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error(`timed out opening ${url}`);
      }
      await page.goto(url, { waitUntil: 'load' });
    },
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    waitFor: async (fn, arg, timeoutMs = 15_000) => {
      await page.waitForFunction(fn as never, { timeout: timeoutMs, polling: 50 }, arg);
    },
    mouseMove: (x, y) => page.mouse.move(x, y),
    mouseClick: (x, y) => page.mouse.click(x, y),
    mouseDown: () => page.mouse.down(),
    mouseUp: () => page.mouse.up(),
    press: (key) => page.keyboard.press(key as never),
    click: (selector) => page.click(selector),
    fill: async (selector, text) => {
      await page.locator(selector).fill(text);
    },
    screenshot: async (path) => {
      await page.screenshot({ path: path as `${string}.png` });
    },
    errors,
    extensionErrors: [],
    close: () => page.close(),
  };
  return wrapped;
}

async function launchFirefox(dir: string, headless: boolean): Promise<TestBrowser> {
  // A fixed internal UUID makes moz-extension:// URLs predictable (it is random otherwise).
  const uuid = randomUUID();
  const pp: PpBrowser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: '/usr/bin/firefox-esr',
    headless,
    // Without it Firefox refuses navigation to moz-extension:// from the remote protocol; the privacy
    // check records requests in its chrome scope, which it opens too.
    args: ['--remote-allow-system-access'],
    // Release builds ignore services.settings.server (puppeteer points it at a data: URL) unless this
    // is set: Remote Settings would poll firefox.settings.services.mozilla.com all session.
    env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      // Only loopback exists here: send everything else to a closed port so it fails at once.
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': 9,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': 9,
    },
  });
  const extensionOrigin = `moz-extension://${uuid}`;
  // Recording before the extension is installed, so none of its requests is missed.
  const collectRequests = await recordFirefoxRequests(pp, extensionOrigin);
  await pp.installExtension(dir);
  const browser: TestBrowser = {
    name: 'firefox',
    extensionOrigin,
    async newPage(url) {
      const page = wrapPuppeteer(await pp.newPage());
      await page.evaluate(() => 0).catch(() => {});
      if (url) await page.goto(url);
      return page;
    },
    async openExtensionPage(path) {
      return browser.newPage(`${extensionOrigin}/${path}`);
    },
    async sendFromExtension(message) {
      const page = await browser.openExtensionPage('popup.html');
      try {
        // biome-ignore lint/suspicious/noExplicitAny: Firefox's `browser` global in extension pages.
        return await page.evaluate((m) => (globalThis as any).browser.runtime.sendMessage(m), message);
      } finally {
        await page.close();
      }
    },
    async update(newDir) {
      await pp.installExtension(newDir);
    },
    async close() {
      let requests: RecordedRequest[] = [];
      let allowed: string[] = [];
      try {
        allowed = await webDavOrigins(browser);
        requests = await collectRequests();
      } finally {
        await pp.close();
      }
      checkRequests(requests, allowed);
    },
  };
  return browser;
}
