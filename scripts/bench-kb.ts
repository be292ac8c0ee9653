// npm run bench:kb — the knowledge base in Chromium: time to load it into IndexedDB on install (the
// background measures parse + rows + one transaction), its size on disk (the extension origin's
// storage usage) and in the bundle (raw and gzip). Three fresh profiles each way; medians.
//
// Two ways of installing. What a reader does: the extension added to a browser already running
// (CDP Extensions.loadUnpacked), the figure the target is for. The tests' way: loaded with the
// browser at start-up (--load-extension), where the browser's own start-up competes for the same two
// cores; reported beside it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BrowserContext, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, EXTENSION_DIRS } from '../tests/e2e/harness/browsers.ts';
import { saveResults } from './bench/results.ts';

interface Run {
  loadMs: number;
  fetchMs: number;
  usage: number;
}
interface Ping {
  ok: boolean;
  value: { kbLoadMs: number; kbFetchMs: number; entities: number };
}

const DIR = EXTENSION_DIRS.chromium;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Asks the installed extension for its load figures (the ping waits for the knowledge base). */
async function measure(context: BrowserContext, extensionId: string): Promise<Run> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/popup.html`);
  const ping = (await page.evaluate(() =>
    // biome-ignore lint/suspicious/noExplicitAny: Chromium's `chrome` global in extension pages.
    (globalThis as any).chrome.runtime.sendMessage({ type: 'sys:ping', payload: {} }),
  )) as Ping;
  const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
  await page.close();
  if (!ping.ok) throw new Error('the extension did not answer its ping');
  return { loadMs: ping.value.kbLoadMs, fetchMs: ping.value.kbFetchMs, usage };
}

const launch = (args: string[]) =>
  chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'lens-kb-')), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    // Playwright turns extensions off unless told which to allow; the running browser gets its one later.
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [...args, ...CHROMIUM_ARGS],
  });

async function installedIntoRunningBrowser(): Promise<Run> {
  const context = await launch(['--enable-unsafe-extension-debugging']);
  try {
    await sleep(3000); // the browser's own start-up work done, as in a browser in use
    const cdp = await context.browser()?.newBrowserCDPSession();
    const session = cdp ?? (await context.newCDPSession(await context.newPage()));
    const { id } = (await session.send('Extensions.loadUnpacked' as never, { path: DIR } as never)) as {
      id: string;
    };
    return await measure(context, id);
  } finally {
    await context.close();
  }
}

async function loadedAtStartUp(): Promise<Run> {
  const context = await launch([`--disable-extensions-except=${DIR}`, `--load-extension=${DIR}`]);
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    return await measure(context, new URL(worker.url()).host);
  } finally {
    await context.close();
  }
}

const running: Run[] = [];
const atStartUp: Run[] = [];
for (let i = 0; i < 3; i++) {
  running.push(await installedIntoRunningBrowser());
  atStartUp.push(await loadedAtStartUp());
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const bundle = readFileSync(`${DIR}/kb.json`);
const loads = (runs: Run[]) => runs.map((r) => r.loadMs).join(', ');
console.log(
  `knowledge base load into IndexedDB on install into a running browser: ${median(running.map((r) => r.loadMs))} ms median (runs: ${loads(running)} ms; target < 300)`,
);
console.log(`  of which fetching and parsing kb.json: ${median(running.map((r) => r.fetchMs))} ms median`);
console.log(
  `  loaded with the browser at start-up instead (the tests' way): ${median(atStartUp.map((r) => r.loadMs))} ms median (runs: ${loads(atStartUp)} ms)`,
);
console.log(`extension storage after load: ${(median(running.map((r) => r.usage)) / 1024).toFixed(0)} KB`);
console.log(
  `kb.json in the bundle: ${(bundle.length / 1024).toFixed(0)} KB raw, ${(gzipSync(bundle).length / 1024).toFixed(0)} KB gzip`,
);
console.log(
  `JSON: ${saveResults('kb', {
    loadMsMedian: median(running.map((r) => r.loadMs)),
    fetchMsMedian: median(running.map((r) => r.fetchMs)),
    loadAtStartUpMsMedian: median(atStartUp.map((r) => r.loadMs)),
    storageBytes: median(running.map((r) => r.usage)),
    bundleBytes: bundle.length,
    bundleGzipBytes: gzipSync(bundle).length,
    runs: running,
    runsAtStartUp: atStartUp,
  })}`,
);
