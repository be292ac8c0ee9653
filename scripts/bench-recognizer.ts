// npm run bench:recognizer — the recognizer in Node on this machine: throughput on 10 MB of mixed-
// language news-like text with the real knowledge base and with a synthetic one of 50,000 aliases,
// build and load time of the compiled form, its size, and one big alternation RegExp doing the same
// job in the same run. Prints a table; writes JSON to bench-results/recognizer.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { newsText, prng } from '../bench/news-text.ts';
import { buildKbFromDisk } from '../lib/kb/bundle.ts';
import type { Entity } from '../lib/kb/schema.ts';
import { compileRecognizer } from '../lib/recognizer/compile.ts';
import { AliasFlag } from '../lib/recognizer/compiled.ts';
import { loadRecognizer, recognize } from '../lib/recognizer/index.ts';

const MB = 1024 * 1024;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
function time(fn: () => void, runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

const kb = buildKbFromDisk(process.env.LENS_KB_DIR ?? new URL('../kb', import.meta.url).pathname);
const text = newsText(kb.entities, 10 * MB);
const textMB = Buffer.byteLength(text) / MB;

// Build and load of the real compiled form.
const coldStart = performance.now();
let compiled = compileRecognizer(kb.entities, { hash: kb.hash });
const buildCold = performance.now() - coldStart;
const buildRuns = time(() => {
  compiled = compileRecognizer(kb.entities, { hash: kb.hash });
}, 15);
const json = JSON.stringify(compiled);
const loadRuns = time(() => loadRecognizer(JSON.parse(json)), 30);
const rec = loadRecognizer(JSON.parse(json));

// The first runs are V8 warming up (its optimizing compiler recompiles the hot functions over the
// first two or three 10 MB runs): reported apart, as "cold". The background keeps its recognizer for
// every page it serves, so the warm figure, the median of the runs after WARM_UP, is the target's.
const WARM_UP = 3;
let mentions = 0;
const allRuns = time(() => {
  mentions = recognize(rec, text).length;
}, WARM_UP + 5);
const coldMs = allRuns[0] as number;
const scanRuns = allRuns.slice(WARM_UP);

// One big alternation RegExp over every alias as written, with Unicode word boundaries.
function alternation(aliases: string[]): RegExp {
  const escaped = [...new Set(aliases)]
    .sort((a, b) => b.length - a.length)
    .map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}
const { aliases } = loadRecognizer(compiled);
const realAliases = aliases.text.filter((_, a) => !((aliases.flags[a] as number) & AliasFlag.Demonym));
const re = alternation(realAliases);
// The RegExp peer is slow: measured on a 1 MB slice (throughput is per MB either way).
const slice = text.slice(0, Math.floor(text.length / textMB));
const sliceMB = Buffer.byteLength(slice) / MB;
let reMatches = 0;
const reRuns = time(() => {
  reMatches = slice.match(re)?.length ?? 0;
}, 3);

// Synthetic knowledge base: 50,000 aliases of made-up two-word names in several scripts.
const random = prng(7);
const syllables = [
  'ka',
  'ra',
  'ba',
  'zan',
  'gur',
  'tel',
  'mir',
  'dar',
  'ош',
  'ан',
  'ков',
  'ար',
  'յան',
  'ვა',
  'ძე',
  'دا',
  'ری',
];
const word = () => {
  let w = '';
  const n = 2 + Math.floor(random() * 3);
  for (let i = 0; i < n; i++) w += syllables[Math.floor(random() * syllables.length)];
  return w.charAt(0).toUpperCase() + w.slice(1);
};
const synthetic: Entity[] = [];
for (let i = 0; i < 5000; i++) {
  const names = Array.from({ length: 10 }, () => `${word()} ${word()}`);
  synthetic.push({
    id: `synthetic-${i}`,
    type: 'place',
    subtype: 'synthetic',
    names: {
      en: names.slice(0, 4),
      ru: names.slice(4, 5),
      az: names.slice(5, 6),
      hy: names.slice(6, 7),
      ka: names.slice(7, 8),
      tr: names.slice(8, 9),
      fa: names.slice(9, 10),
    },
    summary: 'x'.repeat(80),
    sources: ['https://example.org/'],
    asOf: '2026-01-01',
  });
}
const synthStart = performance.now();
const synthCompiled = compileRecognizer(synthetic);
const synthBuild = performance.now() - synthStart;
const synthRec = loadRecognizer(JSON.parse(JSON.stringify(synthCompiled)));
const synthRuns = time(() => recognize(synthRec, text), WARM_UP + 3).slice(WARM_UP);
const synthRe = alternation(synthCompiled.aliases.text);
const smallSlice = slice.slice(0, Math.floor(slice.length / 8));
const smallMB = Buffer.byteLength(smallSlice) / MB;
const synthReRuns = time(() => smallSlice.match(synthRe), 1);

const results = {
  machine: `2 cores (this machine), Node ${process.version}`,
  textMB: Number(textMB.toFixed(2)),
  real: {
    aliases: compiled.aliases.text.length,
    trieNodes: compiled.trie.nodes,
    mentions,
    throughputMBs: Number((textMB / (median(scanRuns) / 1000)).toFixed(1)),
    throughputRunsMBs: scanRuns.map((ms) => Number((textMB / (ms / 1000)).toFixed(1))),
    coldThroughputMBs: Number((textMB / (coldMs / 1000)).toFixed(1)),
    buildMsMedian: Number(median(buildRuns).toFixed(1)),
    buildMsCold: Number(buildCold.toFixed(1)),
    loadMsMedian: Number(median(loadRuns).toFixed(2)),
    serializedBytes: json.length,
    gzipBytes: gzipSync(json).length,
    regexpThroughputMBs: Number((sliceMB / (median(reRuns) / 1000)).toFixed(3)),
    regexpMatchesPerMB: reMatches,
  },
  synthetic: {
    aliases: synthCompiled.aliases.text.length,
    trieNodes: synthCompiled.trie.nodes,
    buildMs: Number(synthBuild.toFixed(1)),
    throughputMBs: Number((textMB / (median(synthRuns) / 1000)).toFixed(1)),
    regexpThroughputMBs: Number((smallMB / (median(synthReRuns) / 1000)).toFixed(4)),
  },
};

const rows: [string, string, string][] = [
  ['text', `${results.textMB} MB mixed-language news-like`, ''],
  ['real KB: aliases / trie nodes', `${results.real.aliases} / ${results.real.trieNodes}`, ''],
  [
    'real KB: throughput, warm (median of 5)',
    `${results.real.throughputMBs} MB/s (${results.real.mentions} mentions)`,
    'target >= 50',
  ],
  ['  the 5 warm runs', `${results.real.throughputRunsMBs.join(', ')} MB/s`, ''],
  ['  first run (V8 not yet warm)', `${results.real.coldThroughputMBs} MB/s`, ''],
  ['real KB: one big RegExp (no inflection)', `${results.real.regexpThroughputMBs} MB/s`, 'peer, on 1 MB'],
  [
    'real KB: build (median of 15 / cold)',
    `${results.real.buildMsMedian} ms / ${results.real.buildMsCold} ms`,
    'target < 50',
  ],
  ['real KB: load from JSON (median)', `${results.real.loadMsMedian} ms`, 'target < 5'],
  [
    'real KB: serialized raw / gzip',
    `${(results.real.serializedBytes / 1024).toFixed(0)} KB / ${(results.real.gzipBytes / 1024).toFixed(0)} KB`,
    '',
  ],
  ['synthetic: aliases / trie nodes', `${results.synthetic.aliases} / ${results.synthetic.trieNodes}`, ''],
  ['synthetic: throughput, warm (median of 3)', `${results.synthetic.throughputMBs} MB/s`, 'target >= 25'],
  ['synthetic: one big RegExp', `${results.synthetic.regexpThroughputMBs} MB/s`, 'peer, on 128 KB'],
  ['synthetic: build', `${results.synthetic.buildMs} ms`, ''],
];
for (const [k, v, t] of rows) console.log(`${k.padEnd(42)} ${v.padEnd(28)} ${t}`);
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/recognizer.json', `${JSON.stringify(results, null, 2)}\n`);
console.log('JSON: bench-results/recognizer.json');
