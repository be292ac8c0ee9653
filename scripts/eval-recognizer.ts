// npm run eval:recognizer [-- --errors] — precision and recall of the recognizer on the labelled
// development set (tests/recognizer/devset) and the seed article, per language.
import { compileFromDisk } from '../lib/recognizer/from-kb.ts';
import { loadRecognizer } from '../lib/recognizer/index.ts';
import { evaluate, precision, recall, type Scored } from '../tests/recognizer/evaluate.ts';

const result = evaluate(loadRecognizer(compileFromDisk()));
const row = (label: string, s: Scored) =>
  console.log(
    `${label.padEnd(10)} ${String(s.tp + s.fn).padStart(6)} ${precision(s).toFixed(3).padStart(9)} ${recall(s).toFixed(3).padStart(7)}   tp ${s.tp} fp ${s.fp} fn ${s.fn}`,
  );
console.log(
  `${'language'.padEnd(10)} ${'gold'.padStart(6)} ${'precision'.padStart(9)} ${'recall'.padStart(7)}`,
);
for (const [lang, s] of Object.entries(result.byLang)) row(lang, s);
row('overall', result.overall);
row('demonyms', result.demonyms);
console.log(`${result.passages} passages`);
if (process.argv.includes('--errors'))
  for (const e of result.errors) console.log(`${e.kind} ${e.passage}: ${e.text} → ${e.entityId}`);
