import { compileFromDisk } from '../lib/recognizer/from-kb.ts';
import { loadRecognizer, recognize } from '../lib/recognizer/index.ts';

const r = loadRecognizer(compileFromDisk());
console.log(recognize(r, process.argv[2] ?? '', { demonyms: true }));
