// npm run ab:recognizer -- REF — the recognizer as committed at REF against the working tree, in one
// Node process, alternating runs on the bench's 10 MB text: minimum and median per phase (scan,
// context rules, whole recognize), build and load. On a shared machine whose speed drifts for minutes
// at a time, only runs interleaved like this tell two versions apart (RUNS=15 by default).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newsText } from '../bench/news-text.ts';
import { buildKbFromDisk } from '../lib/kb/bundle.ts';

const ref = process.argv[2] ?? 'HEAD';
const root = join(import.meta.dirname, '..');
// The recognizer's files at REF, beside a link to the working tree's knowledge-base schema (types).
const old = mkdtempSync(join(tmpdir(), 'lens-ab-'));
mkdirSync(join(old, 'lib', 'recognizer'), { recursive: true });
const files = execFileSync('git', ['ls-tree', '--name-only', ref, 'lib/recognizer/'], { cwd: root })
  .toString()
  .trim()
  .split('\n');
for (const file of files)
  writeFileSync(join(old, file), execFileSync('git', ['show', `${ref}:${file}`], { cwd: root }));
execFileSync('ln', ['-s', join(root, 'lib', 'kb'), join(old, 'lib', 'kb')]);

const kb = buildKbFromDisk(join(root, 'kb'));
const text = newsText(kb.entities, 10 * 1024 * 1024);
const MB = Buffer.byteLength(text) / 1024 / 1024;

async function version(dir: string) {
  const compile = await import(join(dir, 'lib/recognizer/compile.ts'));
  const recognizer = await import(join(dir, 'lib/recognizer/recognizer.ts'));
  const context = await import(join(dir, 'lib/recognizer/context.ts'));
  const json = JSON.stringify(compile.compileRecognizer(kb.entities, { hash: kb.hash }));
  return { compile, recognizer, context, json, rec: recognizer.loadRecognizer(JSON.parse(json)) };
}
const versions = { [ref]: await version(old), 'working tree': await version(root) };
const runs = Number(process.env.RUNS ?? 15);
const times: Record<string, Record<string, number[]>> = {};
for (let i = 0; i < runs + 3; i++) {
  // Alternate which goes first: one version's garbage is then not always collected in the other's run.
  const order = Object.entries(versions);
  if (i % 2) order.reverse();
  for (const [name, v] of order) {
    times[name] ??= { recognize: [], scan: [], context: [], build: [], load: [] };
    const t = times[name];
    const clock = (phase: string, fn: () => unknown) => {
      const start = performance.now();
      const result = fn();
      if (i >= 3) t[phase]?.push(performance.now() - start);
      return result;
    };
    clock('recognize', () => v.recognizer.recognize(v.rec, text));
    const { spans } = clock('scan', () => v.recognizer.scan(v.rec, text)) as { spans: unknown };
    clock('context', () => v.context.resolveAmbiguous({ rec: v.rec, text, spans }));
    clock('build', () => v.compile.compileRecognizer(kb.entities, { hash: kb.hash }));
    clock('load', () => v.recognizer.loadRecognizer(JSON.parse(v.json)));
  }
}
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
console.log(`${MB.toFixed(1)} MB of news-like text, ${runs} runs each after 3, interleaved`);
for (const phase of ['recognize', 'scan', 'context', 'build', 'load']) {
  for (const [name, t] of Object.entries(times)) {
    const xs = sorted(t[phase] ?? []);
    const min = xs[0] ?? Number.NaN;
    const med = xs[xs.length >> 1] ?? Number.NaN;
    const rate = phase === 'recognize' ? `  (${(MB / (med / 1000)).toFixed(1)} MB/s at the median)` : '';
    console.log(
      `${phase.padEnd(10)} ${name.padEnd(14)} min ${min.toFixed(1)} ms, median ${med.toFixed(1)} ms${rate}`,
    );
  }
}
