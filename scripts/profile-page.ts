// npm run profile:page -- NAME [LOADS] — where our content script spends its main-thread time on one
// page (a shared page's file name, `seed`, `stress-big` for the bench's 5 MB page, or a path on the
// test server such as /fixtures/no-mentions.html): the V8 profiler's samples inside our tasks, by function, over LOADS
// traced loads (default 5), with our task figures per load. What decided each speed change.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, EXTENSION_DIRS } from '../tests/e2e/harness/browsers.ts';
import { startServer } from '../tests/e2e/harness/server.ts';
import { mainThreadTime, selfTimes, Tracer } from './bench/main-thread.ts';
import { bigPage } from './bench/stress-pages.ts';

const [name = 'seed', loadsArg = '5'] = process.argv.slice(2);
const SCRIPT = '/content-scripts/content.js';
const server = await startServer();
const url =
  name === 'stress-big'
    ? server.page('/stress/big.html', bigPage(20_000))
    : server.url(name === 'seed' ? '/seed' : name.startsWith('/') ? name : `/pages/${name}`);
const dir = process.env.LENS_EXT_DIR ?? EXTENSION_DIRS.chromium;
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'lens-profile-')), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`, ...CHROMIUM_ARGS],
});
const page = await context.newPage();
await page.goto(url); // warm the background: its recognizer load is not the page's cost
await new Promise((r) => setTimeout(r, 1500));
const tracer = new Tracer(await context.newCDPSession(page));
const total = new Map<string, number>();
for (let i = 0; i < Number(loadsArg); i++) {
  await tracer.start();
  await page.goto(url, { waitUntil: 'load' });
  await new Promise((r) => setTimeout(r, Number(process.env.PROFILE_WAIT_MS ?? 1500)));
  const events = await tracer.stop();
  const time = mainThreadTime(events, SCRIPT);
  console.log(
    `load ${i + 1}: ${time?.totalMs.toFixed(1)} ms in ${time?.tasks} tasks, longest ${time?.longestMs.toFixed(1)} ms, evaluation ${time?.evaluateMs.toFixed(1)} ms`,
  );
  for (const [fn, ms] of selfTimes(events, SCRIPT)) total.set(fn, (total.get(fn) ?? 0) + ms);
  const inLongest = [...selfTimes(events, SCRIPT, true)].sort((a, b) => b[1] - a[1]).slice(0, 6);
  console.log(`  in the longest task: ${inLongest.map(([fn, ms]) => `${fn} ${ms.toFixed(1)}`).join(', ')}`);
}
console.log(
  `\nself time inside our tasks, summed over ${loadsArg} loads (function @ line:column of content.js):`,
);
for (const [fn, ms] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
  console.log(`${ms.toFixed(2).padStart(8)} ms  ${fn}`);
}
await context.close();
await server.close();
