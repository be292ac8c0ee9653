import { newsText } from '../bench/news-text.ts';
import { buildKbFromDisk } from '../lib/kb/bundle.ts';
import { compileRecognizer } from '../lib/recognizer/compile.ts';
import { loadRecognizer, recognize } from '../lib/recognizer/index.ts';

const kb = buildKbFromDisk('/work/main/kb');
const text = newsText(kb.entities, 10 * 1024 * 1024);
const rec = loadRecognizer(JSON.parse(JSON.stringify(compileRecognizer(kb.entities))));
const xs: number[] = [];
for (let i = 0; i < 4; i++) {
  const t = performance.now();
  recognize(rec, text);
  xs.push((performance.now() - t) / 10);
}
console.log(xs.map((x) => x.toFixed(1)).join(' '), 'ms/MB');
