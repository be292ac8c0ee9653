// npm run --silent annotate -- [--format json] [--demonyms] FILE...
// For each FILE (plain text if it ends in .txt, HTML otherwise; "-" reads stdin as text) prints one
// JSON line: {"file": "...", "mentions": [{"start", "end", "text", "entityId", "entityName"}]}.
// Offsets are UTF-16 code units into the file's text: for .txt the content decoded as UTF-8; for
// HTML the readable text of <body> (lib/text/blocks.ts), one block per line, as the extension sees it.
// Same recognizer and compiled knowledge base as the extension (compiled from kb/ by the same code).
import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { compileFromDisk } from '../lib/recognizer/from-kb.ts';
import { loadRecognizer, recognize } from '../lib/recognizer/index.ts';
import { collectBlocks } from '../lib/text/blocks.ts';

const args = process.argv.slice(2);
const files: string[] = [];
let demonyms = false;
for (let i = 0; i < args.length; i++) {
  const arg = args[i] as string;
  if (arg === '--format') {
    const format = args[++i];
    if (format !== 'json') {
      console.error(`unknown format ${format}: only json`);
      process.exit(2);
    }
  } else if (arg === '--demonyms') demonyms = true;
  else files.push(arg);
}
if (!files.length) {
  console.error('usage: npm run --silent annotate -- [--format json] [--demonyms] FILE...  (- for stdin)');
  process.exit(2);
}

export function htmlText(html: string): string {
  const { document } = parseHTML(html);
  const root = document.body ?? document.documentElement;
  return collectBlocks(root as unknown as Node)
    .map((block) => block.text)
    .join('\n');
}

const recognizer = loadRecognizer(compileFromDisk());
let failed = false;
for (const file of files) {
  try {
    const raw = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
    const text = file === '-' || file.endsWith('.txt') ? raw : htmlText(raw);
    const mentions = recognize(recognizer, text, { demonyms }).map((m) => ({
      start: m.start,
      end: m.end,
      text: m.text,
      entityId: m.entityId,
      entityName: m.entityName,
    }));
    process.stdout.write(`${JSON.stringify({ file, mentions })}\n`);
  } catch (error) {
    failed = true;
    process.stdout.write(`${JSON.stringify({ file, error: (error as Error).message, mentions: [] })}\n`);
  }
}
process.exit(failed ? 1 : 0);
