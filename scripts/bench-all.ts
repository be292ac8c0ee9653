// npm run bench — every benchmark in one run (recognizer in Node, knowledge-base load, notes search,
// sync, then the pages in Chromium), each printing its own figures, then one summary table against
// the targets from the issues. The figures are in bench-results/*.json.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const benches = ['recognizer', 'kb', 'notes', 'sync', 'pages'];
const failed: string[] = [];
for (const name of benches) {
  console.log(`\n=== npm run bench:${name}\n`);
  const run = spawnSync('npm', ['run', '--silent', `bench:${name}`], { stdio: 'inherit' });
  if (run.status !== 0) failed.push(name);
}

// biome-ignore lint/suspicious/noExplicitAny: figures read back from each bench's own JSON.
const read = (name: string): any => {
  const path = join('bench-results', `${name}.json`);
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
};
const n = (x: unknown, digits = 1) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '-');

const rec = read('recognizer');
const kb = read('kb');
const notes = read('notes');
const sync = read('sync');
const pages = read('pages');
const rows: [string, string, string][] = [
  ['recognizer throughput, real KB (Node)', `${n(rec?.real?.throughputMBs)} MB/s`, '>= 50 MB/s'],
  [
    'recognizer throughput, 50,000 synthetic aliases',
    `${n(rec?.synthetic?.throughputMBs)} MB/s`,
    '>= 25 MB/s',
  ],
  [
    'recognizer build / load',
    `${n(rec?.real?.buildMsMedian)} ms / ${n(rec?.real?.loadMsMedian, 2)} ms`,
    '< 50 / < 5 ms',
  ],
  ['knowledge base load into IndexedDB', `${n(kb?.loadMsMedian, 0)} ms`, '< 300 ms'],
  ['notes search, typing to results painted (p95)', `${n(notes?.typingToPaintMs?.p95)} ms`, '<= 50 ms'],
  ['sync: one edit reaches another device (WebDAV)', `${n(sync?.webdav?.plain?.incrementalMs, 0)} ms`, ''],
  [
    'pages: ours, main-thread time (median / p95)',
    `${n(pages?.pages?.oursMs?.median)} / ${n(pages?.pages?.oursMs?.p95)} ms`,
    '',
  ],
  [
    'pages: ours / naive RegExp (median / p95)',
    `${n(pages?.pages?.oursOverNaive?.median, 3)} / ${n(pages?.pages?.oursOverNaive?.p95, 3)}`,
    '<= 0.1',
  ],
  [
    'pages: ours / mark.js (median / p95)',
    `${n(pages?.pages?.oursOverMarkJs?.median, 3)} / ${n(pages?.pages?.oursOverMarkJs?.p95, 3)}`,
    '<= 0.1',
  ],
  ['pages: ours / floor, ten largest (median)', n(pages?.pages?.oursOverFloorLargest10?.median), '<= 10'],
  [
    'pages: longest task (p95 / max)',
    `${n(pages?.pages?.longestTaskMs?.p95)} / ${n(pages?.pages?.longestTaskMs?.max)} ms`,
    '<= 50 ms',
  ],
  ['stress 5 MB page: longest task (median of 3)', `${n(pages?.stress?.big?.longestTaskMs)} ms`, '<= 50 ms'],
  [
    "  the same, without the collector's pauses (max)",
    `${n(Math.max(...(pages?.stress?.big?.longestWithoutGcRunsMs ?? [Number.NaN])))} ms`,
    '',
  ],
  ['stress appending page: marks lag (max)', `${n(pages?.stress?.appending?.lagMs?.max)} ms`, '<= 500 ms'],
  [
    'no mentions: set-up / heap',
    `${n(pages?.noMentions?.setUpMs)} ms / ${n((pages?.noMentions?.heapBytes ?? Number.NaN) / 1e6, 2)} MB`,
    '<= 5 ms / <= 3 MB',
  ],
  ['hover to card painted (p95)', `${n(pages?.hoverToCardMs?.p95)} ms`, '<= 16 ms'],
];
console.log('\n=== Summary (details above; JSON in bench-results/)\n');
for (const [what, value, target] of rows) console.log(`${what.padEnd(50)} ${value.padEnd(22)} ${target}`);
if (failed.length) {
  console.log(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}
