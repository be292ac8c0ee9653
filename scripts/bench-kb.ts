// npm run bench:kb — the knowledge base in Chromium: time to load it into IndexedDB on install (the
// background measures parse + rows + one transaction), its size on disk (the extension origin's
// storage usage) and in the bundle (raw and gzip). Three fresh profiles; medians.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { EXTENSION_DIRS, launch } from '../tests/e2e/harness/browsers.ts';
import { saveResults } from './bench/results.ts';

const runs: { loadMs: number; fetchMs: number; usage: number }[] = [];
for (let i = 0; i < 3; i++) {
  const browser = await launch('chromium');
  try {
    const ping = (await browser.sendFromExtension({ type: 'sys:ping', payload: {} })) as {
      value: { kbLoadMs: number; kbFetchMs: number; entities: number };
    };
    const page = await browser.openExtensionPage('popup.html');
    const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    await page.close();
    runs.push({ loadMs: ping.value.kbLoadMs, fetchMs: ping.value.kbFetchMs, usage });
  } finally {
    await browser.close();
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const bundle = readFileSync(`${EXTENSION_DIRS.chromium}/kb.json`);
console.log(
  `knowledge base load into IndexedDB on install: ${median(runs.map((r) => r.loadMs))} ms median (runs: ${runs.map((r) => r.loadMs).join(', ')} ms; target < 300)`,
);
console.log(`  of which fetching and parsing kb.json: ${median(runs.map((r) => r.fetchMs))} ms median`);
console.log(`extension storage after load: ${(median(runs.map((r) => r.usage)) / 1024).toFixed(0)} KB`);
console.log(
  `kb.json in the bundle: ${(bundle.length / 1024).toFixed(0)} KB raw, ${(gzipSync(bundle).length / 1024).toFixed(0)} KB gzip`,
);
console.log(
  `JSON: ${saveResults('kb', {
    loadMsMedian: median(runs.map((r) => r.loadMs)),
    fetchMsMedian: median(runs.map((r) => r.fetchMs)),
    storageBytes: median(runs.map((r) => r.usage)),
    bundleBytes: bundle.length,
    bundleGzipBytes: gzipSync(bundle).length,
    runs,
  })}`,
);
